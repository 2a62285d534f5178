/**
 * The files a site is expected to have at its root: `/robots.txt`, `/sitemap.xml` and the
 * icon (SVG, PNG and apple-touch-icon under versioned paths, cached for a year, and at the
 * conventional `/favicon.ico` and `/apple-touch-icon.png` for clients that ask without
 * reading a page).
 * @module
 */
import type { Context } from "hono";
import { appleTouchPng, iconPaths, iconPng, iconSvg } from "../../../build/assets.js";
import type { Entry } from "../../shared/archive";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { ProblemError } from "../lib/problem";
import { type Representation, represent, send } from "../lib/respond";
import { sourceIds, sourceLastChange } from "../lib/sources";
import { countFor, liveTags, newestEntries } from "../lib/store";
import {
  robotsTxt,
  SITEMAP_MAX_URLS,
  SITEMAP_PATH,
  type SitemapUrl,
  sitemapIndexXml,
  sitemapPartPath,
  sitemapXml,
} from "../pages/crawlers";
import { HOME_LIMIT } from "../pages/home";
import { SOURCE_PAGE_SIZE } from "../pages/source-pages";
import { TAG_PAGE_SIZE } from "../pages/tag-page";
import { siteOf } from "./page-data";

const XML = "application/xml; charset=utf-8";

/** The newest change among entries, compared as instants; none for none. */
const lastChange = (entries: readonly Entry[]) =>
  entries
    .map((e) => e.modified)
    .reduce<string | undefined>((a, b) => (a === undefined || Date.parse(b) > Date.parse(a) ? b : a), undefined);

/**
 * The sitemap's URLs in one order: the front page, each summary (newest first), each tag's
 * page, each source's page (by id). A page's lastmod is the newest change among the summaries
 * it lists. Paged lists are left to their rel="next" links.
 */
const urlCount = () => 1 + countFor() + liveTags().length + sourceIds().length;

/** URLs `[from, from + n)` of that order: reads only the entries they need. */
function urlsAt(origin: string, from: number, n: number): SitemapUrl[] {
  const urls: SitemapUrl[] = [];
  const end = Math.min(from + n, urlCount());
  const summaries = countFor();
  for (let i = from; i < end; i++) {
    if (i === 0) urls.push({ loc: `${origin}/`, lastmod: lastChange(newestEntries(undefined, HOME_LIMIT)) });
    else if (i <= summaries) {
      // Summaries in runs, one read of the index per run.
      const run = newestEntries(undefined, Math.min(end, summaries + 1) - i, i - 1);
      for (const e of run) urls.push({ loc: `${origin}/summaries/${e.slug}`, lastmod: e.modified });
      i += run.length - 1;
    } else if (i <= summaries + liveTags().length) {
      const tag = liveTags()[i - summaries - 1]?.tag;
      if (tag !== undefined) urls.push({ loc: `${origin}/tags/${tag}`, lastmod: lastChange(newestEntries(tag, TAG_PAGE_SIZE)) });
    } else {
      const id = sourceIds()[i - summaries - liveTags().length - 1];
      if (id !== undefined) urls.push({ loc: `${origin}/sources/${id}`, lastmod: sourceLastChange(id, SOURCE_PAGE_SIZE) });
    }
  }
  return urls;
}

const partCount = (size: number) => Math.ceil(urlCount() / size);

/** `/sitemap.xml`: every URL, or past `size` URLs an index of the files {@link sitemapPart} serves. */
export function sitemapDocument(origin: string, size = SITEMAP_MAX_URLS): string {
  const n = partCount(size);
  if (n === 1) return sitemapXml(urlsAt(origin, 0, size));
  return sitemapIndexXml(Array.from({ length: n }, (_, k) => ({ loc: origin + sitemapPartPath(k + 1) })));
}

/** Part `part` (from 1) of a sitemap past `size` URLs; undefined when there is no such part. */
export function sitemapPart(origin: string, part: number, size = SITEMAP_MAX_URLS): string | undefined {
  const n = partCount(size);
  return n > 1 && part >= 1 && part <= n ? sitemapXml(urlsAt(origin, (part - 1) * size, size)) : undefined;
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

const svg = () => represent("icon.svg", "image/svg+xml", () => iconSvg);
const png = () => binary(iconPaths.png, "image/png", iconPng);
const appleTouch = () => binary(iconPaths.appleTouch, "image/png", appleTouchPng);

const file = (rep: () => Representation, cache: "short" | "immutable") => (c: Context) => send(c, rep(), { cache });

export const site = new Hono<AppEnv>()
  .get("/robots.txt", (c) => {
    const { origin } = siteOf(c.req.url);
    return send(
      c,
      represent(`robots ${origin}`, "text/plain; charset=utf-8", () => robotsTxt(origin)),
    );
  })
  .get(SITEMAP_PATH, (c) => {
    const { origin } = siteOf(c.req.url);
    return send(
      c,
      represent(`sitemap ${origin}`, XML, () => sitemapDocument(origin)),
    );
  })
  .get("/sitemaps/:file", (c) => {
    const part = Number(/^([1-9][0-9]{0,5})\.xml$/.exec(c.req.param("file"))?.[1] ?? 0);
    const { origin } = siteOf(c.req.url);
    const xml = sitemapPart(origin, part);
    if (xml === undefined) throw new ProblemError("not-found", "There is no such sitemap file; the sitemap is at /sitemap.xml.");
    return send(
      c,
      represent(`sitemap ${origin} ${part}`, XML, () => xml),
    );
  })
  .get(iconPaths.svg, file(svg, "immutable"))
  .get(iconPaths.png, file(png, "immutable"))
  .get(iconPaths.appleTouch, file(appleTouch, "immutable"))
  // Unversioned, so they may change: a short cache.
  .get("/favicon.ico", file(png, "short"))
  .get("/apple-touch-icon.png", file(appleTouch, "short"));
