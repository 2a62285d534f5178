/**
 * A summary as the Fediverse reads it: a Note whose content is the title, the summary, the key
 * facts with their sources (and how each claim travelled), and the corrections, as the feeds write them. Mastodon shows a
 * Note's content as written (paragraphs, links, lists) but reduces an Article to its title and
 * link, which would hide the key facts: so a Note, with the summary's URL as `url`.
 * @module
 */
import { Hashtag, Note, PUBLIC_COLLECTION } from "@fedify/fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import type { Summary } from "../shared/api-schema";
import { escapeHtml, escapeHtmlText } from "../worker/feeds/html";
import { keyFactsHtml } from "../worker/feeds/model";

/** The hashtag a tag becomes: Mastodon's hashtags take letters, digits and underscores. */
export const hashtagOf = (tag: string): string => tag.replace(/-/g, "_");

/**
 * The Note's HTML, what a Mastodon reader sees in the timeline: the title and summary, then what a
 * feed item carries after its body (key facts with their sources' chains, the reports drawn on,
 * corrections), the link and the hashtags. The feeds' escaping and wording, so a fact reads the same
 * everywhere.
 */
export function noteContent(s: Summary, tagUrl: (tag: string) => string): string {
  const tags = s.tags.map(
    (t) => `<a href="${escapeHtml(tagUrl(t))}" class="mention hashtag" rel="tag">#<span>${escapeHtmlText(hashtagOf(t))}</span></a>`,
  );
  return [
    `<p><strong>${escapeHtmlText(s.title)}</strong></p>`,
    `<p>${escapeHtmlText(s.summary)}</p>`,
    keyFactsHtml(s),
    `<p><a href="${escapeHtml(s.url)}">${escapeHtmlText(s.url)}</a></p>`,
    tags.length === 0 ? "" : `<p>${tags.join(" ")}</p>`,
  ].join("");
}

type Instant = NonNullable<ConstructorParameters<typeof Note>[0]["published"]>;
/** workerd has no global Temporal: Fedify's own polyfill makes the instant (its types differ from the lib's only in name). */
const instant = (iso: string): Instant => Temporal.Instant.from(iso) as unknown as Instant;

export interface NoteIds {
  id: URL;
  actor: URL;
  followers: URL;
  tagUrl: (tag: string) => string;
}

export function noteOf(s: Summary, ids: NoteIds): Note {
  return new Note({
    id: ids.id,
    attribution: ids.actor,
    to: PUBLIC_COLLECTION,
    cc: ids.followers,
    name: null,
    content: noteContent(s, ids.tagUrl),
    url: new URL(s.url),
    published: instant(s.published),
    updated: s.updated === null ? null : instant(s.updated),
    tags: s.tags.map((t) => new Hashtag({ href: new URL(ids.tagUrl(t)), name: `#${hashtagOf(t)}` })),
  });
}
