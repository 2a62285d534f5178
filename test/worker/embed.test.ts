import { describe, expect, it } from "vitest";
import type { FactList, Summary, SummaryList, TagCount } from "../../src/shared/api-schema";
import { cardCss } from "../../src/shared/card-styles";
import { decode, get, ORIGIN, select, styleHashes } from "./pages-html";

const firstSummary = async () => {
  const [item] = ((await (await get("/api/v1/summaries")).json()) as SummaryList).items;
  return (await (await get(`/api/v1/summaries/${item?.slug}`)).json()) as Summary;
};

describe("the embed card of a summary", () => {
  it("shows the title, every key fact with its sources, the publication and a feed link, without script", async () => {
    const s = await firstSummary();
    const res = await get(`/embed/${s.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const body = await res.text();
    expect((await select(body, ".kf-title a")).map((a) => [a.attrs.href, decode(a.text)])).toEqual([[s.url, s.title]]);
    const facts = await select(body, ".kf-fact");
    expect(facts).toHaveLength(s.facts.length);
    s.facts.forEach((f, i) => {
      const text = decode(facts[i]?.text ?? "");
      expect(text).toContain(f.text);
      for (const src of f.sources) expect(text).toContain(src.name);
    });
    expect((await select(body, ".kf-publication"))[0]?.attrs.href).toBe(`${ORIGIN}/`);
    expect((await select(body, ".kf-follow"))[0]?.attrs.href).toBe(`${ORIGIN}/tags/${s.tags[0]}/feed.xml`);
    expect(await select(body, "script")).toEqual([]);
  });

  it("opens every link in a new tab, so the host page stays put", async () => {
    const s = await firstSummary();
    const body = await (await get(`/embed/${s.slug}`)).text();
    const links = await select(body, "a");
    expect(links.length).toBeGreaterThan(2);
    for (const a of links) expect(a.attrs).toMatchObject({ target: "_blank", rel: "noopener" });
  });

  it("may be framed by any site: frame-ancestors * and no X-Frame-Options", async () => {
    const s = await firstSummary();
    const res = await get(`/embed/${s.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-frame-options")).toBeNull();
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors *");
    expect(csp).toContain("default-src 'none'");
    // Its one inlined stylesheet, by hash.
    const [hash, ...more] = await styleHashes(await res.text());
    expect(more).toEqual([]);
    expect(csp).toContain(`style-src ${hash};`);
    expect(csp).not.toContain("script-src");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toMatch(/^max-age=/);
  });

  it("takes its theme from ?theme=, following the reader's preference by default", async () => {
    const s = await firstSummary();
    for (const [query, theme] of [
      ["", "auto"],
      ["?theme=dark", "dark"],
      ["?theme=light", "light"],
      ["?theme=auto", "auto"],
    ]) {
      const res = await get(`/embed/${s.slug}${query}`);
      expect(res.status, query).toBe(200);
      expect((await select(await res.text(), ".kf-host"))[0]?.attrs["data-theme"], query).toBe(theme);
    }
  });

  it("refuses an unknown theme or parameter with an HTML 400 that may itself be framed", async () => {
    const s = await firstSummary();
    for (const query of ["?theme=purple", "?colour=dark", "?theme=dark&theme=light"]) {
      const res = await get(`/embed/${s.slug}${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    }
  });

  it("answers an unknown summary with an HTML 404", async () => {
    const res = await get("/embed/no-such-summary");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("x-frame-options")).toBeNull();
  });

  it("says what is wrong in the card's own frame, not the whole site squeezed into the iframe", async () => {
    for (const path of ["/embed/no-such-summary", "/embed/tags/no-such-tag", "/embed/a/b/c"]) {
      const html = await (await get(path)).text();
      expect((await select(html, ".kf-card.kf-failed .kf-message"))[0]?.text, path).toMatch(/summary|tag|Nothing/);
      // The card's own stylesheet, inlined as the embed pages inline it (allowed by its hash).
      expect(await select(html, "head style"), path).toHaveLength(1);
      expect(await select(html, "header nav, footer"), path).toHaveLength(0);
      expect(await select(html, "meta[name=robots][content=noindex]"), path).toHaveLength(1);
    }
  });

  it("supports HEAD and If-None-Match like every page", async () => {
    const s = await firstSummary();
    const first = await get(`/embed/${s.slug}?theme=dark`);
    const etag = first.headers.get("etag") ?? "";
    const head = await get(`/embed/${s.slug}?theme=dark`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(etag);
    const again = await get(`/embed/${s.slug}?theme=dark`, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect((await get(`/embed/${s.slug}?theme=light`)).headers.get("etag")).not.toBe(etag);
  });
});

describe("the embed card of one fact", () => {
  const slug = "north-korean-labourers-russia-2024";

  it("shows that fact alone with its chain, its flag and a link to its place in the summary", async () => {
    const s = (await (await get(`/api/v1/summaries/${slug}`)).json()) as Summary;
    const res = await get(`/embed/${slug}?fact=entries-2023`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect((await select(body, ".kf-title a"))[0]?.attrs.href).toBe(`${s.url}#fact-entries-2023`);
    const facts = await select(body, ".kf-fact");
    expect(facts).toHaveLength(1);
    const text = decode(facts[0]?.text.replace(/<[^>]+>/g, "") ?? "").replace(/\s+/g, " ");
    expect(text).toContain(s.facts.find((f) => f.id === "entries-2023")?.text);
    expect(text).toContain("Russia's federal statistics service, via Radio Free Asia, cited by HNGN");
    expect(text).toContain("Unverified: HNGN could not verify this");
    expect(await select(body, ".kf-figure")).toHaveLength(1);
    expect((await select(body, 'link[rel="canonical"]'))[0]?.attrs.href).toBe(`${s.url}#fact-entries-2023`);
  });

  it("answers a fact the summary does not have with a 404 page", async () => {
    const res = await get(`/embed/${slug}?fact=no-such-fact`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("has no fact");
  });
});

describe("the embed card of a tag", () => {
  it("shows the tag's newest facts grouped under their summaries, the same ones the API lists", async () => {
    const [tag] = (await (await get("/api/v1/tags")).json()) as TagCount[];
    const api = (await (await get(`/api/v1/facts?tag=${tag?.tag}&limit=5`)).json()) as FactList;
    const res = await get(`/embed/tags/${tag?.tag}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    const body = await res.text();
    const facts = await select(body, ".kf-fact .kf-text");
    expect(facts.map((f) => decode(f.text))).toEqual(api.items.map((f) => f.text));
    // Each summary heads the run of its facts once, not under every fact.
    const origins = await select(body, ".kf-origin a");
    const runs = api.items.map((f) => f.summary.url).filter((url, i, all) => url !== all[i - 1]);
    expect(origins.map((a) => a.attrs.href)).toEqual(runs);
    expect(runs.length).toBeLessThan(api.items.length);
    expect((await select(body, ".kf-title a"))[0]?.attrs.href).toBe(`${ORIGIN}/tags/${tag?.tag}`);
  });

  it("takes limit= from 1 to 20 and refuses others", async () => {
    const [tag] = (await (await get("/api/v1/tags")).json()) as TagCount[];
    const one = await get(`/embed/tags/${tag?.tag}?limit=1`);
    expect(one.status).toBe(200);
    expect(await select(await one.text(), ".kf-fact")).toHaveLength(1);
    expect((await get(`/embed/tags/${tag?.tag}?limit=0`)).status).toBe(400);
    expect((await get(`/embed/tags/${tag?.tag}?limit=21`)).status).toBe(400);
  });

  it("answers an unknown tag with an HTML 404", async () => {
    const res = await get("/embed/tags/no-such-tag");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });
});

describe("the embed stylesheet", () => {
  it("is the widget's own card stylesheet, so iframe and widget look alike", async () => {
    const res = await get("/embed.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("etag")).toMatch(/^"/);
    expect(await res.text()).toContain(cardCss);
  });
});
