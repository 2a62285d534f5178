import { describe, expect, it } from "vitest";
import type { Summary, SummaryList, TagCount } from "../../src/shared/api-schema";
import { PROBLEM_TYPES } from "../../src/shared/problems";
import { TAG_PAGE_SIZE } from "../../src/worker/pages/tag-page";
import { decode, get, jsonLd, ORIGIN, select } from "./pages-html";

const summaries = async () => ((await (await get("/api/v1/summaries")).json()) as SummaryList).items;
const summary = async (slug: string) => (await (await get(`/api/v1/summaries/${slug}`)).json()) as Summary;
const tags = async () => (await (await get("/api/v1/tags")).json()) as TagCount[];

async function html(path: string): Promise<{ res: Response; body: string }> {
  const res = await get(path);
  return { res, body: await res.text() };
}

describe("the front page", () => {
  it("lists every summary newest first, each linking to its page with its key facts at a glance", async () => {
    const items = await summaries();
    const { res, body } = await html("/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(body.startsWith("<!DOCTYPE html>")).toBe(true);
    const titles = await select(body, ".summaries h3 a");
    expect(titles.map((a) => a.attrs.href)).toEqual(items.map((s) => `/summaries/${s.slug}`));
    const facts = await select(body, ".summaries .facts > li");
    expect(facts.length).toBe(items.reduce((n, s) => n + s.facts.length, 0));
    expect(decode(facts[0]?.text ?? "")).toContain(items[0]?.facts[0]?.text);
    expect(decode(facts[0]?.text ?? "")).toContain(items[0]?.facts[0]?.sources[0]?.name);
  });

  it("offers the publication's RSS, Atom and JSON feeds, in <head> for feed readers and in the page, and its Fediverse actor", async () => {
    const { res, body } = await html("/");
    expect(res.status).toBe(200);
    const alternates = await select(body, 'head link[rel="alternate"]');
    expect(alternates.map((l) => [l.attrs.type, l.attrs.href])).toEqual([
      ["application/rss+xml", `${ORIGIN}/feed.xml`],
      ["application/atom+xml", `${ORIGIN}/atom.xml`],
      ["application/feed+json", `${ORIGIN}/feed.json`],
      ["application/activity+json", `${ORIGIN}/ap/actors/keyfacts`],
    ]);
    const visible = await select(body, "#subscribe a");
    expect(visible.map((a) => a.attrs.href)).toEqual(
      expect.arrayContaining([`${ORIGIN}/feed.xml`, `${ORIGIN}/atom.xml`, `${ORIGIN}/feed.json`]),
    );
  });

  it("runs a live widget demo from our own script, allowed by its CSP and nothing else", async () => {
    const [newest] = await summaries();
    const { res, body } = await html("/");
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe");
    // The loader, which imports /widget.js once the card nears the viewport (test/browser/pages.test.ts watches it do so).
    expect(await select(body, 'script[type="module"]')).toEqual([{ attrs: { type: "module", src: "/demo.js" }, text: "" }]);
    const loader = await get("/demo.js");
    expect(loader.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await loader.text()).toContain('import("/widget.js")');
    const demo = await select(body, "key-facts");
    expect(demo.map((d) => d.attrs.summary)).toEqual([newest?.slug]);
    // Heights for the card at rising widths, so the loader can hold the card's space before it loads.
    const heights = JSON.parse(decode((await select(body, ".demo"))[0]?.attrs["data-heights"] ?? "[]")) as [number, number][];
    expect(heights.length).toBeGreaterThan(3);
    expect(heights.map(([w]) => w)).toEqual([...heights.map(([w]) => w)].sort((a, b) => a - b));
  });

  it("shows the embed snippet as code to copy, not as markup", async () => {
    const [newest] = await summaries();
    const { body } = await html("/");
    const code = await select(body, "#embed pre code");
    expect(code.map((c) => decode(c.text))).toContain(
      `<script type="module" src="${ORIGIN}/widget.js"></script>\n<key-facts summary="${newest?.slug}"></key-facts>`,
    );
  });

  it("links every topic by its name, with its count", async () => {
    const all = await tags();
    const { body } = await html("/");
    const links = await select(body, "#topics .tags a");
    expect(links.map((a) => a.attrs.href)).toEqual(all.map((t) => `/tags/${t.tag}`));
    expect(links.map((a) => a.text.replace(/\s+/g, " "))).toEqual(all.map((t) => `${t.name} (${t.count})`));
  });
});

describe("a summary page", () => {
  it("shows the title, summary, body, every key fact with its sources, tags and the published date", async () => {
    const [first] = await summaries();
    const s = await summary(first?.slug ?? "");
    const { res, body } = await html(`/summaries/${s.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect((await select(body, "h1")).map((h) => decode(h.text))).toEqual([s.title]);
    const facts = await select(body, ".key-facts .facts > li");
    expect(facts.map((f) => f.attrs.id)).toEqual(s.facts.map((f) => `fact-${f.id}`));
    s.facts.forEach((f, i) => {
      const text = decode(facts[i]?.text ?? "");
      expect(text).toContain(f.text);
      for (const src of f.sources) expect(text).toContain(src.name);
    });
    const article = await select(body, "article");
    expect(article[0]?.attrs).toMatchObject({ lang: s.lang, dir: s.dir });
    expect(body).toContain(s.content_html);
    expect((await select(body, "article .tags a")).map((a) => a.attrs.href)).toEqual(s.tags.map((t) => `/tags/${t}`));
    expect((await select(body, "article time")).map((t) => t.attrs.datetime)).toContain(s.published);
  });

  it("announces its feeds, its oEmbed endpoint, its canonical URL and an Open Graph card in <head>", async () => {
    const [first] = await summaries();
    const slug = first?.slug ?? "";
    const url = `${ORIGIN}/summaries/${slug}`;
    const { res, body } = await html(`/summaries/${slug}`);
    expect(res.status).toBe(200);
    expect((await select(body, 'link[rel="canonical"]'))[0]?.attrs.href).toBe(url);
    const feeds = await select(body, 'link[rel="alternate"][type="application/rss+xml"]');
    expect(feeds.map((l) => l.attrs.href)).toEqual([`${ORIGIN}/feed.xml`]);
    const oembed = await select(body, 'link[rel="alternate"][type="application/json+oembed"]');
    expect(oembed).toHaveLength(1);
    const discovery = new URL(decode(oembed[0]?.attrs.href ?? ""));
    expect(discovery.origin + discovery.pathname).toBe(`${ORIGIN}/oembed`);
    expect(discovery.searchParams.get("url")).toBe(url);
    expect(discovery.searchParams.get("format")).toBe("json");
    const og = Object.fromEntries((await select(body, "meta[property]")).map((m) => [m.attrs.property, decode(m.attrs.content ?? "")]));
    expect(og).toMatchObject({ "og:type": "article", "og:url": url, "og:title": first?.title, "article:published_time": first?.published });
  });

  it("describes itself as a schema.org NewsArticle whose every fact cites its sources", async () => {
    const [first] = await summaries();
    const s = await summary(first?.slug ?? "");
    const { body } = await html(`/summaries/${s.slug}`);
    const [ld = {}] = await jsonLd(body);
    expect(ld).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: s.title,
      url: s.url,
      datePublished: s.published,
    });
    type Named = { name: string };
    const claims = ld.hasPart as {
      "@id": string;
      text: string;
      author: Named[];
      citation: Named[];
      appearance?: Named[];
      firstAppearance?: Named;
    }[];
    expect(claims.map((c) => c.text)).toEqual(s.facts.map((f) => f.text));
    claims.forEach((c, i) => {
      const fact = s.facts[i];
      expect(c["@id"]).toBe(`${s.url}#fact-${fact?.id}`);
      // Where the claim comes from are its authors; the reports that relayed it are where it appeared.
      expect(c.author.map((x) => x.name)).toEqual(fact?.sources.map((src) => src.name));
      const relays = [...new Set(fact?.sources.flatMap((src) => src.via.map((v) => v.name)))];
      expect((c.appearance ?? []).map((x) => x.name)).toEqual(relays);
      expect(c.firstAppearance?.name).toBe(fact?.sources.find((src) => src.via.length > 0)?.via[0]?.name);
      expect(c.citation.map((x) => x.name)).toEqual([...(fact?.sources.map((src) => src.name) ?? []), ...relays]);
    });
    const entries = claims.find((c) => c["@id"].endsWith("#fact-entries-2023"));
    expect(entries?.firstAppearance?.name).toBe("Radio Free Asia");
    expect(entries?.appearance?.map((x) => x.name)).toEqual(["Radio Free Asia", "HNGN"]);
    const cited = (ld.citation as Named[]).map((c) => c.name);
    for (const f of s.facts) for (const src of f.sources) for (const one of [src, ...src.via]) expect(cited).toContain(one.name);
  });

  it("offers script, pinned script, iframe and link embed snippets for this summary", async () => {
    const [first] = await summaries();
    const slug = first?.slug ?? "";
    const { body } = await html(`/summaries/${slug}`);
    const code = (await select(body, "#embed-this pre code")).map((c) => decode(c.text));
    expect(code).toHaveLength(4);
    expect(code[0]).toBe(`<script type="module" src="${ORIGIN}/widget.js"></script>\n<key-facts summary="${slug}"></key-facts>`);
    expect(code[1]).toMatch(
      new RegExp(
        `^<script type="module" src="${ORIGIN}/widget/[0-9a-f]{16}\\.js"\\s+integrity="sha384-[A-Za-z0-9+/=]+" crossorigin="anonymous"></script>\n<key-facts summary="${slug}"></key-facts>$`,
      ),
    );
    expect(code[2]).toMatch(new RegExp(`^<iframe src="${ORIGIN}/embed/${slug}" title="Key facts: [^"]+" width="\\d+" height="\\d+"`));
    expect(code[3]).toBe(`${ORIGIN}/summaries/${slug}`);
  });

  it("pins a script whose bytes match the integrity hash it gives", async () => {
    const [first] = await summaries();
    const { body } = await html(`/summaries/${first?.slug}`);
    const pinned = decode((await select(body, "#embed-this pre code"))[1]?.text ?? "");
    const [, src, integrity] = /src="([^"]+)"\s+integrity="([^"]+)"/.exec(pinned) ?? [];
    const res = await get(new URL(src ?? "").pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-384", await res.arrayBuffer()));
    expect(`sha384-${btoa(String.fromCharCode(...digest))}`).toBe(integrity);
  });

  it("answers an unknown slug with an HTML 404 page that leads back home", async () => {
    const { res, body } = await html("/summaries/no-such-summary");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(decode(body)).toContain('No summary "no-such-summary"');
    expect((await select(body, "main a")).map((a) => a.attrs.href)).toContain("/");
    expect((await select(body, 'meta[name="robots"]'))[0]?.attrs.content).toBe("noindex");
  });

  it("answers a slug holding traversal characters with an HTML 400 page", async () => {
    const res = await get("/summaries/..%2Fetc");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("Invalid path");
  });
});

describe("a tag page", () => {
  it("lists the summaries with that tag and links the tag's three feeds, in <head> and in the page", async () => {
    const [tag] = await tags();
    const name = tag?.tag ?? "";
    const tagged = ((await (await get(`/api/v1/summaries?tag=${name}`)).json()) as SummaryList).items;
    const { res, body } = await html(`/tags/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect((await select(body, ".summaries h3 a")).map((a) => a.attrs.href)).toEqual(tagged.map((s) => `/summaries/${s.slug}`));
    const base = `${ORIGIN}/tags/${name}`;
    const head = (await select(body, 'head link[rel="alternate"]')).map((l) => l.attrs.href);
    expect(head.slice(0, 3)).toEqual([`${base}/feed.xml`, `${base}/atom.xml`, `${base}/feed.json`]);
    expect(head).toContain(`${ORIGIN}/feed.xml`);
    expect((await select(body, "#subscribe-tag a")).map((a) => a.attrs.href)).toEqual([
      `${base}/feed.xml`,
      `${base}/atom.xml`,
      `${base}/feed.json`,
      `/subscribe?tag=${name}`,
    ]);
  });

  it("answers a tag nothing is filed under with an HTML 404 page", async () => {
    const res = await get("/tags/no-such-tag");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(decode(await res.text())).toContain('No summary is tagged "no-such-tag"');
  });
});

describe("a tag page's pages", () => {
  /** A tag at least two summaries carry, and those summaries' slugs, newest first. */
  async function sharedTag() {
    const tag = (await tags()).find((t) => t.count >= 2)?.tag as string;
    const items = ((await (await get(`/api/v1/summaries?tag=${tag}`)).json()) as SummaryList).items;
    return { tag, slugs: items.map((s) => s.slug) };
  }

  it("fit on one page while a tag has no more than 50 summaries, with no page links", async () => {
    const { tag, slugs } = await sharedTag();
    expect(slugs.length).toBeLessThanOrEqual(TAG_PAGE_SIZE);
    const { body } = await html(`/tags/${tag}`);
    expect(await select(body, "nav.pages")).toEqual([]);
    // ?page=1 is the same list, and names the tag page itself as canonical.
    const first = await html(`/tags/${tag}?page=1`);
    expect(first.res.status).toBe(200);
    expect((await select(first.body, ".summaries h3 a")).map((a) => a.attrs.href)).toEqual(slugs.map((s) => `/summaries/${s}`));
    expect((await select(first.body, 'link[rel="canonical"]'))[0]?.attrs.href).toBe(`${ORIGIN}/tags/${tag}`);
  });

  it("answer a page past the last with an HTML 404 that says how many there are", async () => {
    const { tag } = await sharedTag();
    const res = await get(`/tags/${tag}?page=2`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(decode(await res.text())).toContain(`Topic "${tag}" has 1 page of summaries; there is no page 2.`);
  });

  it("refuse a page that is not a whole number from 1 with an HTML 400, and still ignore other parameters", async () => {
    const { tag } = await sharedTag();
    for (const page of ["0", "-1", "abc", "1.5", "01", "", "99999999"]) {
      const res = await get(`/tags/${tag}?page=${encodeURIComponent(page)}`);
      expect(res.status, page).toBe(400);
      expect(res.headers.get("content-type"), page).toBe("text/html; charset=utf-8");
      expect(decode(await res.text()), page).toContain(`page: must be a whole number from 1, not "${page}"`);
    }
    const tracked = await get(`/tags/${tag}?utm_source=newsletter`);
    expect(tracked.status).toBe(200);
    await tracked.arrayBuffer();
  });
});

describe("the problem type pages", () => {
  it("document every problem type, each at the address API errors name as their type", async () => {
    const index = await html("/problems");
    expect(index.res.status).toBe(200);
    const links = (await select(index.body, ".problems a")).map((a) => a.attrs.href);
    expect(links).toEqual(Object.keys(PROBLEM_TYPES).map((t) => `/problems/${t}`));
    for (const [type, p] of Object.entries(PROBLEM_TYPES)) {
      const { res, body } = await html(`/problems/${type}`);
      expect(res.status).toBe(200);
      expect((await select(body, "h1"))[0]?.text).toBe(p.title);
      expect(body).toContain(String(p.status));
    }
  });

  it("resolve the type of a real API error", async () => {
    const problem = (await (await get("/api/v1/summaries?limit=0")).json()) as { type: string };
    expect(problem.type.startsWith(`${ORIGIN}/problems/`)).toBe(true);
    const res = await get(new URL(problem.type).pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it("answer an unknown problem type with an HTML 404", async () => {
    const res = await get("/problems/no-such-problem");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });
});

describe("an unknown address", () => {
  it("gets an HTML 404 page in the site's style", async () => {
    const { res, body } = await html("/no/such/page");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect((await select(body, "style"))[0]?.text).toBe(await (await get("/styles.css")).text());
    expect((await select(body, "h1"))[0]?.text).toBe("Not found");
  });
});

describe("the site stylesheet", () => {
  it("is served as cacheable CSS with phone, dark-mode and print rules", async () => {
    const res = await get("/styles.css");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("etag")).toMatch(/^"/);
    expect(res.headers.get("cache-control")).toContain("max-age=");
    const css = await res.text();
    expect(css).toContain("@media print");
    expect(css).toContain("prefers-color-scheme: dark");
    expect(css).toMatch(/@media \(max-width: [\d.]+rem\)/);
  });
});
