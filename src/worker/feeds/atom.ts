/** Atom 1.0 (RFC 4287) from a {@link FeedChannel}: a pure function returning the document text. */

import { KEY_FACTS_NS } from "../../shared/limits";
import { KF, keyFactsElement } from "./key-facts-xml";
import type { FeedChannel, FeedItem } from "./model";
import { element, rfc3339, xmlAttr } from "./xml";

export const ATOM_TYPE = "application/atom+xml; charset=utf-8";

function entry(i: FeedItem): string {
  let xml = `<entry xml:lang="${xmlAttr(i.lang)}">`;
  xml += element("id", {}, i.id);
  xml += element("title", {}, i.title);
  xml += element("link", { rel: "alternate", type: "text/html", href: i.url });
  xml += element("published", {}, rfc3339(i.published));
  xml += element("updated", {}, rfc3339(i.updated));
  xml += element("summary", {}, i.summary);
  xml += element("content", { type: "html" }, i.contentHtml);
  for (const tag of i.tags) xml += element("category", { term: tag });
  xml += keyFactsElement(i.facts);
  return `${xml}</entry>`;
}

/** The Atom document for `ch`. */
export function renderAtom(ch: FeedChannel): string {
  let xml = `<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="${xmlAttr(ch.stylesheet)}"?>\n`;
  xml += `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:${KF}="${xmlAttr(KEY_FACTS_NS)}" xml:lang="${xmlAttr(ch.language)}">`;
  // The feed's id is its HTML page: stable across the formats and unique per feed.
  xml += element("id", {}, ch.homeUrl);
  xml += element("title", {}, ch.title);
  xml += element("subtitle", {}, ch.description);
  xml += element("updated", {}, rfc3339(ch.updated));
  xml += `<author>${element("name", {}, ch.author.name)}${element("uri", {}, ch.author.url)}</author>`;
  xml += element("link", { rel: "self", type: "application/atom+xml", href: ch.urls.atom });
  xml += element("link", { rel: "alternate", type: "text/html", href: ch.homeUrl });
  if (ch.hub) xml += element("link", { rel: "hub", href: ch.hub });
  for (const i of ch.items) xml += `\n${entry(i)}`;
  return `${xml}\n</feed>\n`;
}
