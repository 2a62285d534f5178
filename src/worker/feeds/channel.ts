/** Which feed a request names (the publication, one tag or one source) and its channel metadata and URLs. */
import type { Publication } from "../../shared/archive";
import { type FeedChannel, type FeedItem, newestOf } from "./model";
import { cleanText } from "./xml";

/**
 * Feeds carry this many newest items, so that their cost does not grow with the archive.
 * Ten, as WordPress and jekyll-feed do: items are full text plus key facts (about 7 KB
 * each), and readers poll every hour or so; the API pages through everything older.
 */
export const FEED_SIZE = 10;

/** Same-origin path of the browser stylesheet the XML feeds point to. */
export const STYLESHEET_PATH = "/feed.xsl";

/** The page documenting the feeds and their key-facts extension. */
export const ABOUT_PATH = "/feeds";

export interface ChannelInput {
  publication: Pick<Publication, "title" | "description" | "language" | "publisher">;
  /** Origin absolute URLs start with (no trailing slash). */
  origin: string;
  /** A tag's feed (with its display name), or the publication's when undefined. */
  tag?: string;
  tagName?: string;
  /** A source's feed instead: its id and name. */
  source?: { id: string; name: string };
  hub: string | null;
  /** Newest first; only the first {@link FEED_SIZE} are used. */
  items: readonly FeedItem[];
}

/** The channel of the publication's feed or of one tag's. */
export function channelOf({ publication: p, origin, tag, tagName, source, hub, items }: ChannelInput): FeedChannel {
  const scope =
    source !== undefined
      ? {
          path: `/sources/${encodeURIComponent(cleanText(source.id))}`,
          name: cleanText(source.name),
          about: `Summaries with key facts from or passed on by ${cleanText(source.name)}.`,
        }
      : tag !== undefined
        ? {
            path: `/tags/${encodeURIComponent(cleanText(tag))}`,
            name: cleanText(tagName ?? tag),
            about: `Summaries tagged “${cleanText(tagName ?? tag)}”.`,
          }
        : undefined;
  const base = scope === undefined ? origin : origin + scope.path;
  const kept = items.slice(0, FEED_SIZE);
  const title = cleanText(p.title);
  return {
    title: scope === undefined ? title : `${title}: ${scope.name}`,
    description: scope === undefined ? cleanText(p.description) : `${scope.about} ${cleanText(p.description)}`,
    language: cleanText(p.language),
    author: { name: cleanText(p.publisher), url: `${origin}/` },
    homeUrl: scope === undefined ? `${origin}/` : base,
    urls: { rss: `${base}/feed.xml`, atom: `${base}/atom.xml`, json: `${base}/feed.json` },
    stylesheet: STYLESHEET_PATH,
    aboutKeyFacts: `${origin}${ABOUT_PATH}#key-facts`,
    hub,
    updated: newestOf(kept),
    items: kept,
  };
}
