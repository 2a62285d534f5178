/**
 * Feeds: RSS 2.0, Atom and JSON Feed 1.1 of the publication, of each tag and of each source, the browser
 * stylesheet they reference, and `/feeds`, the page that lists them and documents their
 * key-facts extension. The documents are built by the pure functions in `feeds/`.
 * @module
 */
import type { Context } from "hono";
import { feedXsl } from "../../../build/assets.js";
import { aboutPage } from "../feeds/about-page";
import { ATOM_TYPE, renderAtom } from "../feeds/atom";
import { ABOUT_PATH, channelOf, FEED_SIZE, STYLESHEET_PATH } from "../feeds/channel";
import { JSON_FEED_TYPE, renderJsonFeed } from "../feeds/json-feed";
import { type FeedChannel, itemOf } from "../feeds/model";
import { RSS_TYPE, renderRss } from "../feeds/rss";
import { httpDate } from "../feeds/xml";
import type { AppEnv } from "../lib/app-env";
import { BUDGETS, ByteCache, rememberAsync, textBytes } from "../lib/cache";
import { Hono } from "../lib/hono";
import { checkPathName } from "../lib/params";
import { ProblemError } from "../lib/problem";
import { type Representation, represent, representation, representationBytes, send } from "../lib/respond";
import { hasSource, sourceSummarySlugs } from "../lib/sources";
import { archive, hasTag, indexedSummary, liveTags, newestEntries, originOf } from "../lib/store";
import { tagName } from "../lib/tag-names";

const FORMATS = {
  "feed.xml": { type: RSS_TYPE, render: renderRss },
  "atom.xml": { type: ATOM_TYPE, render: renderAtom },
  "feed.json": { type: JSON_FEED_TYPE, render: renderJsonFeed },
} as const;

type FormatFile = keyof typeof FORMATS;

/** `/feed.xsl` (src/worker/feeds/feed.xsl): what a browser opening a feed renders it with. */
const XSL_TYPE = "text/xsl; charset=utf-8";

/** The last `WEBSUB_HUB` read and its URL: bindings do not change within an isolate. */
let lastHub = { raw: "", href: "" };

/**
 * The WebSub hub from `WEBSUB_HUB`, or null when it is empty. Anything but an https URL is a
 * configuration mistake: every feed then fails (a 500, logged) rather than silently dropping it.
 */
export function hubOf(raw: string | undefined): string | null {
  const value = (raw ?? "").trim();
  if (value === "") return null;
  if (value === lastHub.raw) return lastHub.href;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {}
  if (url?.protocol !== "https:") throw new Error(`WEBSUB_HUB must be an https: URL or empty, not ${JSON.stringify(value)}`);
  lastHub = { raw: value, href: url.href };
  return url.href;
}

/** Which feed: the publication's (undefined), a tag's, or a source's. */
type Scope = undefined | { tag: string } | { source: string };

/** The channel of the publication's, a tag's or a source's feed, built from the newest summaries' documents. */
async function channelFor(origin: string, scope: Scope, hub: string | null): Promise<FeedChannel> {
  const tag = scope && "tag" in scope ? scope.tag : undefined;
  const source = scope && "source" in scope ? archive.sources[scope.source] : undefined;
  const slugs = scope && "source" in scope ? sourceSummarySlugs(scope.source, FEED_SIZE) : newestEntries(tag, FEED_SIZE).map((e) => e.slug);
  const items = (await Promise.all(slugs.map((slug) => indexedSummary(slug, origin)))).map(itemOf);
  return channelOf({ publication: archive.publication, origin, tag, tagName: tag && tagName(tag), source, hub, items });
}

/** The tag named by the path, or a 404 (400 for names that could never be a tag). */
function tagParam(c: Context): string {
  const tag = checkPathName(c.req.param("tag") ?? "", "tag");
  if (!hasTag(tag)) throw new ProblemError("not-found", `no tag "${tag}" is published here`);
  return tag;
}

/** The source named by the path, or a 404. */
function sourceParam(c: Context): string {
  const id = checkPathName(c.req.param("id") ?? "", "source");
  if (!hasSource(id)) throw new ProblemError("not-found", `no source "${id}" is in this publication's registry`);
  return id;
}

/** A feed as sent: its representation and its `Link` header. */
interface FeedResponse {
  rep: Representation;
  link: string;
}

/** Feed responses by format, origin, tag and hub. */
const feedResponses = new ByteCache<Promise<FeedResponse>>(BUDGETS.feeds);

async function serveFeed(c: Context<AppEnv>, file: FormatFile, scope: Scope): Promise<Response> {
  const origin = originOf(c.req.url);
  const hub = hubOf(c.env?.WEBSUB_HUB);
  // Everything a feed response needs, worked out once per feed, origin and hub.
  const key = `${file} ${origin} ${scope === undefined ? "*" : "tag" in scope ? scope.tag : `source:${scope.source}`} ${hub ?? ""}`;
  const make = async () => {
    const channel = await channelFor(origin, scope, hub);
    const { type, render } = FORMATS[file];
    const lastModified = channel.updated > 0 ? httpDate(channel.updated) : undefined;
    const self = file === "feed.xml" ? channel.urls.rss : file === "atom.xml" ? channel.urls.atom : channel.urls.json;
    return {
      rep: representation(render(channel), type, lastModified),
      // WebSub discovery is by these headers first (WebSub §4); the documents repeat them.
      link: `<${self}>; rel="self"${hub ? `, <${hub}>; rel="hub"` : ""}`,
    };
  };
  const { rep, link } = await rememberAsync(feedResponses, key, make, (f) => representationBytes(f.rep) + textBytes(f.link));
  // Query strings are ignored, not refused: readers and share links add tracking parameters.
  return send(c, rep, { headers: { Link: link }, query: [] });
}

export const feeds = new Hono<AppEnv>();

for (const file of Object.keys(FORMATS) as FormatFile[]) {
  feeds.get(`/${file}`, (c) => serveFeed(c, file, undefined));
  feeds.get(`/tags/:tag/${file}`, (c) => serveFeed(c, file, { tag: tagParam(c) }));
  feeds.get(`/sources/:id/${file}`, (c) => serveFeed(c, file, { source: sourceParam(c) }));
}

feeds.get(STYLESHEET_PATH, (c) =>
  send(
    c,
    represent("feed-xsl", XSL_TYPE, () => feedXsl),
    { query: [] },
  ),
);

/** `/feeds`, a page for people: what each feed is and how to subscribe. */
export const feedsPage = new Hono<AppEnv>().get(ABOUT_PATH, (c) => {
  const origin = originOf(c.req.url);
  const tags = liveTags().map((t) => t.tag);
  return send(
    c,
    represent(`feeds-page ${origin}`, "text/html; charset=utf-8", () => aboutPage({ title: archive.publication.title, origin, tags })),
    { query: [] },
  );
});
