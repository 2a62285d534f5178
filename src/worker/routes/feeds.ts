/**
 * Feeds: RSS 2.0, Atom and JSON Feed 1.1 of the publication and of each tag, the browser
 * stylesheet they reference, and `/feeds`, the page that lists them and documents their
 * key-facts extension. The documents are built by the pure functions in `feeds/`.
 * @module
 */
import type { Context } from "hono";
import { Hono } from "hono/tiny";
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
import { checkPathName } from "../lib/params";
import { ProblemError } from "../lib/problem";
import { type Representation, represent, representation, representationBytes, send } from "../lib/respond";
import { archive, getSummary, hasTag, liveTags, newestEntries, originOf } from "../lib/store";

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

/** The channel of the publication's or `tag`'s feed, built from the newest summaries' documents. */
async function channelFor(origin: string, tag: string | undefined, hub: string | null): Promise<FeedChannel> {
  const items = await Promise.all(
    newestEntries(tag, FEED_SIZE).map(async (e) => {
      const summary = await getSummary(e.slug, origin);
      if (!summary) throw new Error(`archive entry "${e.slug}" has no document`);
      return itemOf(summary);
    }),
  );
  return channelOf({ publication: archive.publication, origin, tag, hub, items });
}

/** The tag named by the path, or a 404 (400 for names that could never be a tag). */
function tagParam(c: Context): string {
  const tag = checkPathName(c.req.param("tag") ?? "", "tag");
  if (!hasTag(tag)) throw new ProblemError("not-found", `no tag "${tag}" is published here`);
  return tag;
}

/** A feed as sent: its representation and its `Link` header. */
interface FeedResponse {
  rep: Representation;
  link: string;
}

/** Feed responses by format, origin, tag and hub. */
const feedResponses = new ByteCache<Promise<FeedResponse>>(BUDGETS.feeds);

async function serveFeed(c: Context<AppEnv>, file: FormatFile, tag: string | undefined): Promise<Response> {
  const origin = originOf(c.req.url);
  const hub = hubOf(c.env?.WEBSUB_HUB);
  // Everything a feed response needs, worked out once per feed, origin and hub.
  const key = `${file} ${origin} ${tag ?? "*"} ${hub ?? ""}`;
  const make = async () => {
    const channel = await channelFor(origin, tag, hub);
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
  feeds.get(`/tags/:tag/${file}`, (c) => serveFeed(c, file, tagParam(c)));
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
