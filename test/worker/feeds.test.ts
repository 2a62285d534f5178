/** The feed routes inside workerd: types, self links, caching validators, CORS, HEAD, tags, errors, WebSub. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { feeds } from "../../src/worker/routes/feeds";

const BASE = "https://example.com";

const FEEDS = [
  { path: "/feed.xml", type: "application/rss+xml; charset=utf-8", self: '<atom:link href="https://example.com/feed.xml" rel="self"' },
  {
    path: "/atom.xml",
    type: "application/atom+xml; charset=utf-8",
    self: '<link rel="self" type="application/atom+xml" href="https://example.com/atom.xml"/>',
  },
  { path: "/feed.json", type: "application/feed+json; charset=utf-8", self: '"feed_url":"https://example.com/feed.json"' },
] as const;

interface SummaryList {
  items: { slug: string; url: string; published: string; updated: string | null; tags: string[] }[];
}

/** The HTTP date of the newest publication or update, as the API reports them. */
async function newestChange(tag?: string): Promise<string> {
  const res = await exports.default.fetch(`${BASE}/api/v1/summaries?limit=100${tag ? `&tag=${tag}` : ""}`);
  const { items } = (await res.json()) as SummaryList;
  return new Date(Math.max(...items.map((s) => Date.parse(s.updated ?? s.published)))).toUTCString();
}

describe.each(FEEDS)("GET $path", ({ path, type, self }) => {
  it("serves the feed with its type, caching validators, CORS and a self link", async () => {
    const res = await exports.default.fetch(BASE + path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300, stale-while-revalidate=86400");
    expect(res.headers.get("last-modified")).toBe(await newestChange());
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("link")).toBe(`<${BASE}${path}>; rel="self"`);
    const body = await res.text();
    expect(body).toContain(self);
    expect(body).toContain(`${BASE}/summaries/`);
  });

  it("answers a matching If-None-Match with 304 and no body", async () => {
    const first = await exports.default.fetch(BASE + path);
    const etag = first.headers.get("etag") as string;
    await first.arrayBuffer();
    const res = await exports.default.fetch(BASE + path, { headers: { "If-None-Match": etag } });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(etag);
    expect(await res.text()).toBe("");
  });

  it("answers If-Modified-Since at or after the newest item with 304", async () => {
    const res = await exports.default.fetch(BASE + path, { headers: { "If-Modified-Since": await newestChange() } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const get = await exports.default.fetch(BASE + path);
    await get.arrayBuffer();
    const res = await exports.default.fetch(BASE + path, { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(type);
    expect(res.headers.get("etag")).toBe(get.headers.get("etag"));
    expect(res.headers.get("last-modified")).toBe(get.headers.get("last-modified"));
    expect(await res.text()).toBe("");
  });

  it("ignores query strings that readers and share links add, serving the same feed", async () => {
    const plain = await exports.default.fetch(BASE + path);
    await plain.arrayBuffer();
    const res = await exports.default.fetch(`${BASE}${path}?utm_source=reader&utm_medium=feed`);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(plain.headers.get("etag"));
  });

  it("refuses other methods with 405, Allow and problem+json", async () => {
    const res = await exports.default.fetch(BASE + path, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("absolute URLs", () => {
  it("follow the origin the feed is requested on", async () => {
    const res = await exports.default.fetch("https://other.example.org/feed.json");
    expect(res.status).toBe(200);
    const feed = (await res.json()) as { feed_url: string; home_page_url: string; items: { id: string; url: string }[] };
    expect(feed.feed_url).toBe("https://other.example.org/feed.json");
    expect(feed.home_page_url).toBe("https://other.example.org/");
    expect(feed.items.every((i) => i.id.startsWith("https://other.example.org/summaries/") && i.url === i.id)).toBe(true);
  });
});

describe("tag feeds", () => {
  it("carry only the summaries with that tag, with the tag's self link and Last-Modified", async () => {
    const res = await exports.default.fetch(`${BASE}/tags/forced-labour/feed.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/feed+json; charset=utf-8");
    expect(res.headers.get("last-modified")).toBe(await newestChange("forced-labour"));
    expect(res.headers.get("link")).toBe(`<${BASE}/tags/forced-labour/feed.json>; rel="self"`);
    const feed = (await res.json()) as { feed_url: string; home_page_url: string; items: { tags: string[] }[] };
    expect(feed.feed_url).toBe(`${BASE}/tags/forced-labour/feed.json`);
    expect(feed.home_page_url).toBe(`${BASE}/tags/forced-labour`);
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items.every((i) => i.tags.includes("forced-labour"))).toBe(true);
  });

  it.each(["feed.xml", "atom.xml"])("serve %s for a tag with its own self link", async (file) => {
    const res = await exports.default.fetch(`${BASE}/tags/north-korea/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.text()).toContain(`href="${BASE}/tags/north-korea/${file}"`);
  });

  it("answer an unknown tag with a problem+json 404", async () => {
    const res = await exports.default.fetch(`${BASE}/tags/no-such-tag/feed.xml`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const problem = (await res.json()) as { type: string; title: string; status: number; detail: string; instance: string };
    expect(problem).toMatchObject({ type: `${BASE}/problems/not-found`, status: 404, instance: "/tags/no-such-tag/feed.xml" });
    expect(problem.detail).toContain("no-such-tag");
  });

  it("answer a tag name that cannot exist with a problem+json 4xx, never a 5xx", async () => {
    for (const name of ["Upper-Case", "%00", "a..b", "%3Cscript%3E"]) {
      const res = await exports.default.fetch(`${BASE}/tags/${name}/atom.xml`);
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
      expect(res.headers.get("content-type"), name).toBe("application/problem+json; charset=utf-8");
    }
  });
});

describe("GET /feed.xsl", () => {
  it("serves the browser stylesheet the XML feeds point to, open to readers like the feeds", async () => {
    const res = await exports.default.fetch(`${BASE}/feed.xsl`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/xsl; charset=utf-8");
    expect(res.headers.get("etag")).toBeTruthy();
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = await res.text();
    expect(body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<xsl:stylesheet version="1.0"/);
    expect(body).not.toMatch(/<script/i);
    const rss = await (await exports.default.fetch(`${BASE}/feed.xml`)).text();
    expect(rss).toContain('<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>');
  });
});

describe("GET /feeds", () => {
  it("lists every feed and documents the key-facts extension that JSON Feed items link to", async () => {
    const res = await exports.default.fetch(`${BASE}/feeds`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(`href="${BASE}/feed.xml"`);
    expect(html).toContain(`href="${BASE}/tags/north-korea/feed.json"`);
    expect(html).toContain('id="key-facts"');
    const feed = (await (await exports.default.fetch(`${BASE}/feed.json`)).json()) as { items: { _key_facts: { about: string } }[] };
    expect(feed.items[0]?._key_facts.about).toBe(`${BASE}/feeds#key-facts`);
  });
});

describe("WebSub", () => {
  const env = (hub: string) => ({ WEBSUB_HUB: hub }) as Env;

  it("announces a configured hub in the Link header and in every format", async () => {
    const hub = "https://hub.example.net/";
    const inBody: Record<string, string> = {
      "/feed.xml": `<atom:link href="${hub}" rel="hub"/>`,
      "/atom.xml": `<link rel="hub" href="${hub}"/>`,
      "/feed.json": `"hubs":[{"type":"WebSub","url":"${hub}"}]`,
    };
    for (const { path } of FEEDS) {
      const res = await feeds.request(BASE + path, {}, env(hub));
      expect(res.status, path).toBe(200);
      expect(res.headers.get("link"), path).toBe(`<${BASE}${path}>; rel="self", <${hub}>; rel="hub"`);
      expect(await res.text(), path).toContain(inBody[path]);
    }
  });

  it("announces no hub when none is configured", async () => {
    const res = await exports.default.fetch(`${BASE}/atom.xml`);
    expect(res.headers.get("link")).not.toContain("hub");
    expect(await res.text()).not.toContain('rel="hub"');
  });

  it("fails loudly, not silently, when the configured hub is not an https URL", async () => {
    const res = await feeds.request(`${BASE}/feed.xml`, {}, env("http://hub.example.net/"));
    expect(res.status).toBe(500);
  });
});
