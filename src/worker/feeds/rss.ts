/** RSS 2.0 from a {@link FeedChannel}: a pure function returning the document text. */

import { KEY_FACTS_NS } from "../../shared/limits";
import { escapeHtmlText } from "./html";
import { KF, keyFactsElement } from "./key-facts-xml";
import type { FeedChannel, FeedItem } from "./model";
import { element, rfc822, rfc3339, xmlAttr } from "./xml";

export const RSS_TYPE = "application/rss+xml; charset=utf-8";

const NS = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  [KF]: KEY_FACTS_NS,
};

function item(i: FeedItem, author: string): string {
  let xml = "<item>";
  xml += element("title", {}, i.title);
  xml += element("link", {}, i.url);
  // `description` and `content:encoded` are HTML to readers, so plain text is escaped twice.
  xml += element("description", {}, escapeHtmlText(i.summary));
  xml += element("content:encoded", {}, i.contentHtml);
  xml += element("dc:creator", {}, author);
  xml += element("guid", { isPermaLink: "true" }, i.id);
  xml += element("pubDate", {}, rfc822(i.published));
  if (i.updated !== i.published) xml += element("atom:updated", {}, rfc3339(i.updated));
  for (const tag of i.tags) xml += element("category", {}, tag);
  xml += keyFactsElement(i.facts);
  return `${xml}</item>`;
}

/** The RSS 2.0 document for `ch`. */
export function renderRss(ch: FeedChannel): string {
  const xmlns = Object.entries(NS)
    .map(([prefix, uri]) => ` xmlns:${prefix}="${xmlAttr(uri)}"`)
    .join("");
  let xml = `<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="${xmlAttr(ch.stylesheet)}"?>\n`;
  xml += `<rss version="2.0"${xmlns}><channel>`;
  xml += element("title", {}, ch.title);
  xml += element("link", {}, ch.homeUrl);
  xml += element("description", {}, ch.description);
  xml += element("language", {}, ch.language);
  xml += element("lastBuildDate", {}, rfc822(ch.updated));
  xml += element("docs", {}, "https://www.rssboard.org/rss-specification");
  xml += element("atom:link", { href: ch.urls.rss, rel: "self", type: "application/rss+xml" });
  if (ch.hub) xml += element("atom:link", { href: ch.hub, rel: "hub" });
  for (const i of ch.items) xml += `\n${item(i, ch.author.name)}`;
  return `${xml}\n</channel></rss>\n`;
}
