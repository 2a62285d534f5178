/**
 * `/feeds`: where to subscribe, and the documentation of the key-facts extension that
 * JSON Feed items link to (`_key_facts.about`). Static HTML, no script; the site's
 * stylesheet is inlined at build time and allowed by its hash, as on every page. The page is the template
 * `feeds-page.html` (built into build/assets.js); this fills in its `{{title}}`,
 * `{{origin}}`, `{{feeds}}` and `{{feedSize}}` (FEED_SIZE), escaped.
 * @module
 */
import { feedsPageHtml } from "../../../build/assets.js";
import { FEED_SIZE } from "./channel";
import { escapeHtml } from "./html";
import { cleanText } from "./xml";

export interface AboutInput {
  title: string;
  origin: string;
  tags: readonly string[];
}

function feedLinks(base: string, label: string): string {
  return `<li>${escapeHtml(label)}: <a href="${escapeHtml(base)}/feed.xml">RSS 2.0</a>, <a href="${escapeHtml(base)}/atom.xml">Atom</a>, <a href="${escapeHtml(base)}/feed.json">JSON Feed</a></li>`;
}

export function aboutPage({ title, origin, tags }: AboutInput): string {
  const tagItems = tags.map((tag) => feedLinks(`${origin}/tags/${encodeURIComponent(cleanText(tag))}`, tag));
  const values: Record<string, string> = {
    title: escapeHtml(title),
    origin: escapeHtml(origin),
    feeds: [feedLinks(origin, "Every summary"), ...tagItems].join("\n"),
    feedSize: String(FEED_SIZE),
  };
  // One pass over the template: a placeholder inside a filled-in value stays text.
  return feedsPageHtml.replace(/\{\{(title|origin|feeds|feedSize)\}\}/g, (_, name: string) => values[name] as string);
}
