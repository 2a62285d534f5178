/**
 * The files at the site's root: robots.txt and sitemap.xml with the right types and caching,
 * every summary and tag listed with when it changed; the icon in three forms, linked from
 * every kind of page (the embed included) and cached for a year.
 */
import { describe, expect, it } from "vitest";
import type { SourceList, Summary, SummaryList, SummaryListItem, TagCount } from "../../src/shared/api-schema";
import { sitemapXml } from "../../src/worker/pages/crawlers";
import { HOME_LIMIT } from "../../src/worker/pages/home";
import { sitemapDocument, sitemapPart } from "../../src/worker/routes/site";
import { get, ORIGIN, select } from "./pages-html";

const all = async () => ((await (await get("/api/v1/summaries?limit=100")).json()) as SummaryList).items;
const tags = async () => (await (await get("/api/v1/tags")).json()) as TagCount[];
const modified = (s: Pick<Summary, "published" | "updated">) => s.updated ?? s.published;
const latest = (dates: string[]) => dates.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
const sources = async () => ((await (await get("/api/v1/sources")).json()) as SourceList).items;
/** Whether summary `s` has a key fact naming source `id`, as its origin or a relay. */
const names = (s: SummaryListItem, id: string) =>
  s.facts.some((f) => f.sources.some((src) => src.id === id || src.via.some((v) => v.id === id)));

describe("robots.txt", () => {
  it("is plain text that lets crawlers in and names the sitemap", async () => {
    const res = await get("/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const text = await res.text();
    expect(text).toMatch(/^User-agent: \*\nAllow: \/\n/);
    expect(text).toContain(`\nSitemap: ${ORIGIN}/sitemap.xml\n`);
    expect(text).not.toMatch(/Disallow: \/(embed|summaries|tags)/);
  });
});

describe("sitemap.xml", () => {
  it("lists the front page, every summary, every tag page and every source page, each with when it last changed", async () => {
    const summaries = await all();
    const expected = [
      { loc: `${ORIGIN}/`, lastmod: latest(summaries.slice(0, HOME_LIMIT).map(modified)) },
      ...summaries.map((s) => ({ loc: `${ORIGIN}/summaries/${s.slug}`, lastmod: modified(s) })),
      ...(await tags()).map((t) => ({
        loc: `${ORIGIN}/tags/${t.tag}`,
        lastmod: latest(summaries.filter((s) => s.tags.includes(t.tag)).map(modified)),
      })),
      ...(await sources()).map((src) => {
        const dates = summaries.filter((s) => names(s, src.id)).map(modified);
        return { loc: `${ORIGIN}/sources/${src.id}`, lastmod: dates.length > 0 ? latest(dates) : undefined };
      }),
    ];
    const res = await get("/sitemap.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    expect(res.headers.get("etag")).toMatch(/^"/);
    // The pure renderer's output, which test/unit/crawlers.test.ts validates against the sitemaps.org schema.
    expect(await res.text()).toBe(sitemapXml(expected));
  });

  it("splits into files of the protocol's size under a sitemap index once there are more URLs than one file may hold", async () => {
    // One file holds everything today: there are no parts.
    expect((await get("/sitemaps/1.xml")).status).toBe(404);
    const whole = sitemapDocument(ORIGIN);
    const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    // With files of two URLs, the same URLs in the same order, across an index of the parts.
    const index = sitemapDocument(ORIGIN, 2);
    expect(index).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<sitemapindex xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/,
    );
    const parts = locs(index);
    expect(parts).toEqual(Array.from({ length: Math.ceil(locs(whole).length / 2) }, (_, k) => `${ORIGIN}/sitemaps/${k + 1}.xml`));
    const split = parts.flatMap((_, k) => locs(sitemapPart(ORIGIN, k + 1, 2) ?? ""));
    expect(split).toEqual(locs(whole));
    expect(sitemapPart(ORIGIN, parts.length + 1, 2)).toBeUndefined();
  });
});

describe("the icon", () => {
  const paths = async () => {
    const summary = (await all())[0] as Summary;
    return [
      "/",
      `/summaries/${summary.slug}`,
      `/tags/${summary.tags[0]}`,
      "/feeds",
      "/problems",
      "/no-such-page",
      `/embed/${summary.slug}`,
    ];
  };

  it("is linked from every kind of page, the embed included: SVG, a PNG fallback and an apple-touch-icon", async () => {
    for (const path of await paths()) {
      const body = await (await get(path)).text();
      const links = (await select(body, 'link[rel="icon"], link[rel="apple-touch-icon"]')).map((l) => [l.attrs.rel, l.attrs.type]);
      expect(links, path).toEqual([
        ["icon", "image/png"],
        ["icon", "image/svg+xml"],
        ["apple-touch-icon", undefined],
      ]);
    }
  });

  it("is served with its type and a year's caching at the linked addresses, and at the conventional ones", async () => {
    const body = await (await get("/")).text();
    const hrefs = (await select(body, 'link[rel="icon"], link[rel="apple-touch-icon"]')).map((l) => l.attrs.href as string);
    const types = ["image/png", "image/svg+xml", "image/png"];
    for (const [i, href] of hrefs.entries()) {
      const res = await get(href);
      expect(res.status, href).toBe(200);
      expect(res.headers.get("content-type"), href).toBe(types[i]);
      expect(res.headers.get("cache-control"), href).toBe("public, max-age=31536000, immutable");
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (types[i] === "image/png") expect([...bytes.subarray(0, 8)], href).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      else expect(new TextDecoder().decode(bytes), href).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    for (const path of ["/favicon.ico", "/apple-touch-icon.png"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe("image/png");
      await res.arrayBuffer();
    }
  });
});
