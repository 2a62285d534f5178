/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from a {@link FeedChannel}, with the `_key_facts` extension. */
import type { FeedChannel, FeedItem } from "./model";
import { rfc3339 } from "./xml";

export const JSON_FEED_TYPE = "application/feed+json; charset=utf-8";

function item(i: FeedItem, about: string) {
  return {
    id: i.id,
    url: i.url,
    title: i.title,
    summary: i.summary,
    content_html: i.contentHtml,
    date_published: rfc3339(i.published),
    date_modified: rfc3339(i.updated),
    tags: i.tags,
    language: i.lang,
    _key_facts: { about, facts: i.facts },
  };
}

/** The JSON Feed document for `ch`. */
export function renderJsonFeed(ch: FeedChannel): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: ch.title,
    home_page_url: ch.homeUrl,
    feed_url: ch.urls.json,
    description: ch.description,
    language: ch.language,
    authors: [{ name: ch.author.name, url: ch.author.url }],
    ...(ch.hub ? { hubs: [{ type: "WebSub", url: ch.hub }] } : {}),
    items: ch.items.map((i) => item(i, ch.aboutKeyFacts)),
  };
  return JSON.stringify(feed);
}
