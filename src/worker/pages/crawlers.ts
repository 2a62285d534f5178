/**
 * What crawlers read first: `/robots.txt` and `/sitemap.xml` (the sitemaps.org 0.9
 * protocol), as pure functions of the URLs they list. Every URL starts with the origin the
 * route passes in: `base_url` when the publication sets one.
 * @module
 */
import { escapeText } from "./html";

export const SITEMAP_PATH = "/sitemap.xml";

/** The protocol's limit for one sitemap file: past it, `/sitemap.xml` is an index of files of this many. */
export const SITEMAP_MAX_URLS = 50_000;

/** The address of the `k`-th (from 1) sitemap file when the site needs more than one. */
export const sitemapPartPath = (k: number) => `/sitemaps/${k}.xml`;

/**
 * Everything may be crawled. Embeds stay crawlable so crawlers see their `noindex` (a page
 * blocked here can still be indexed from links, without its content); the JSON API and
 * oEmbed are for programs, and crawling them only spends the crawler's time.
 */
export function robotsTxt(origin: string): string {
  return `User-agent: *\nAllow: /\nDisallow: /api/\nDisallow: /oembed\n\nSitemap: ${origin}${SITEMAP_PATH}\n`;
}

export interface SitemapUrl {
  /** Absolute URL of a page. */
  loc: string;
  /** RFC 3339 date-time of its last change (a W3C Datetime, as the protocol asks), or none. */
  lastmod?: string;
}

/** The `<urlset>` of `urls` (at most {@link SITEMAP_MAX_URLS}). */
export function sitemapXml(urls: readonly SitemapUrl[]): string {
  const items = urls.map(
    (u) => `<url><loc>${escapeText(u.loc)}</loc>${u.lastmod ? `<lastmod>${escapeText(u.lastmod)}</lastmod>` : ""}</url>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join("\n")}\n</urlset>\n`;
}

/** The `<sitemapindex>` of sitemap files `parts` (absolute URLs), for a site past {@link SITEMAP_MAX_URLS} pages. */
export function sitemapIndexXml(parts: readonly SitemapUrl[]): string {
  const items = parts.map(
    (u) => `<sitemap><loc>${escapeText(u.loc)}</loc>${u.lastmod ? `<lastmod>${escapeText(u.lastmod)}</lastmod>` : ""}</sitemap>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${items.join("\n")}\n</sitemapindex>\n`;
}
