/** Feed links for `<head>` autodiscovery and for the subscribe lists, publication-wide or per tag. */

export interface FeedLink {
  href: string;
  /** MIME type for `<link rel="alternate" type>`. */
  type: string;
  /** Human name of the format. */
  format: string;
  title: string;
}

const FORMATS = [
  { file: "feed.xml", type: "application/rss+xml", format: "RSS" },
  { file: "atom.xml", type: "application/atom+xml", format: "Atom" },
  { file: "feed.json", type: "application/feed+json", format: "JSON Feed" },
] as const;

/** The three feeds of the publication (no `tag`), of one tag or of one source (`{path, name}`), as absolute URLs. */
export function feedLinks(origin: string, siteTitle: string, tag?: string | { path: string; name: string }): FeedLink[] {
  const base = tag === undefined ? `${origin}/` : typeof tag === "string" ? `${origin}/tags/${tag}/` : `${origin}${tag.path}/`;
  const scope = tag === undefined ? siteTitle : `${siteTitle}: ${typeof tag === "string" ? tag : tag.name}`;
  return FORMATS.map((f) => ({ href: base + f.file, type: f.type, format: f.format, title: `${scope} (${f.format})` }));
}

/** JSON for a `<script type="application/ld+json">` data block: `<` escaped so no text can close it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
