/**
 * The files a site is expected to have at its root: `/robots.txt`, `/sitemap.xml` and the
 * icon (SVG, PNG and apple-touch-icon under versioned paths, cached for a year, and at the
 * conventional `/favicon.ico` and `/apple-touch-icon.png` for clients that ask without
 * reading a page).
 * @module
 */
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { appleTouchPng, iconPaths, iconPng, iconSvg } from "../../../build/assets.js";
import { type Representation, represent, representAsync, send } from "../lib/respond";
import { archive, newestEntries } from "../lib/store";
import { robotsTxt, SITEMAP_MAX_URLS, SITEMAP_PATH, type SitemapUrl, sitemapXml } from "../pages/crawlers";
import { TAG_PAGE_SIZE } from "../pages/tag-page";
import { siteOf } from "./page-data";

/** The newest change among `modified` dates (RFC 3339), compared as instants. */
const newest = (dates: readonly string[]) => dates.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));

/**
 * Every page worth a crawler's visit, with when it last changed: the front page, each
 * summary, each tag's page (as its newest listed summary changed). Source pages will join
 * here when they exist. Paged tag lists are left to their rel="next" links.
 */
function sitemapUrls(origin: string): SitemapUrl[] {
  const entries = newestEntries(undefined);
  const urls: SitemapUrl[] = [];
  if (entries.length > 0) urls.push({ loc: `${origin}/`, lastmod: newest(entries.map((e) => e.modified)) });
  else urls.push({ loc: `${origin}/` });
  for (const e of entries) urls.push({ loc: `${origin}/summaries/${e.slug}`, lastmod: e.modified });
  for (const { tag } of archive.tags) {
    urls.push({ loc: `${origin}/tags/${tag}`, lastmod: newest(newestEntries(tag, TAG_PAGE_SIZE).map((e) => e.modified)) });
  }
  // Source pages (issue: sources) go here, one per source with its newest citing summary's date.
  if (urls.length > SITEMAP_MAX_URLS) {
    // Past the protocol's limit a sitemap index must split the list; until then, never serve an invalid file.
    throw new Error(`the sitemap would list ${urls.length} URLs, over the protocol's ${SITEMAP_MAX_URLS}: split it with a sitemap index`);
  }
  return urls;
}

/** A binary file as a representation: its ETag is its versioned name, which changes with its bytes. */
function binary(name: string, type: string, base64: string): Representation {
  const cached = files.get(name);
  if (cached) return cached;
  const rep: Representation = { body: Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0)), type, etag: `"${name}"` };
  files.set(name, rep);
  return rep;
}
const files = new Map<string, Representation>();

const SVG = "image/svg+xml";
const PNG = "image/png";
const svg = () => represent("icon.svg", SVG, () => iconSvg);
const png = () => binary(iconPaths.png, PNG, iconPng);
const appleTouch = () => binary(iconPaths.appleTouch, PNG, appleTouchPng);

const file = (rep: () => Representation, cache: "short" | "immutable") => (c: Context) => send(c, rep(), { cache });

export const site = new Hono()
  .get("/robots.txt", (c) => {
    const { origin } = siteOf(c.req.url);
    return send(
      c,
      represent(`robots ${origin}`, "text/plain; charset=utf-8", () => robotsTxt(origin)),
    );
  })
  .get(SITEMAP_PATH, async (c) => {
    const { origin } = siteOf(c.req.url);
    return send(
      c,
      await representAsync(`sitemap ${origin}`, "application/xml; charset=utf-8", async () => sitemapXml(sitemapUrls(origin))),
    );
  })
  .get(iconPaths.svg, file(svg, "immutable"))
  .get(iconPaths.png, file(png, "immutable"))
  .get(iconPaths.appleTouch, file(appleTouch, "immutable"))
  // Unversioned, so they may change: a short cache.
  .get("/favicon.ico", file(png, "short"))
  .get("/apple-touch-icon.png", file(appleTouch, "short"));
