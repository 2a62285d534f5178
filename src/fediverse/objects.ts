/**
 * A summary as the Fediverse reads it: a Note whose content is the title, the summary, the key
 * facts with their sources (and how each claim travelled), and the corrections. Mastodon shows a
 * Note's content as written (paragraphs, links, lists) but reduces an Article to its title and
 * link, which would hide the key facts: so a Note, with the summary's URL as `url`.
 * @module
 */
import { Hashtag, Note, PUBLIC_COLLECTION } from "@fedify/fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import type { Fact, FactSource, Summary } from "../shared/api-schema";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Text as HTML character data or an attribute value. */
export const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** "BBC (via SaedNews)": a source and the outlets the claim came through. */
function sourceText(s: FactSource): string {
  const name = s.url === null ? esc(s.name) : `<a href="${esc(s.url)}">${esc(s.name)}</a>`;
  return s.via.length === 0 ? name : `${name} (via ${s.via.map((v) => esc(v.name)).join(", via ")})`;
}

function factItem(f: Fact): string {
  const unverified = f.unverified === null ? "" : ` Not verified by ${esc(f.unverified.by.name)}.`;
  return `<li>${esc(f.text)} — ${f.sources.map(sourceText).join("; ")}.${unverified}</li>`;
}

/** The hashtag a tag becomes: Mastodon's hashtags take letters, digits and underscores. */
export const hashtagOf = (tag: string): string => tag.replace(/-/g, "_");

/** The Note's HTML: what a Mastodon reader sees in the timeline. */
export function noteContent(s: Summary, tagUrl: (tag: string) => string): string {
  const corrections = s.corrections.map((c) => `<p>Correction (${esc(c.date.slice(0, 10))}): ${esc(c.text)}</p>`).join("");
  const tags = s.tags.map((t) => `<a href="${esc(tagUrl(t))}" class="mention hashtag" rel="tag">#<span>${esc(hashtagOf(t))}</span></a>`);
  return [
    `<p><strong>${esc(s.title)}</strong></p>`,
    `<p>${esc(s.summary)}</p>`,
    `<p>Key facts:</p><ul>${s.facts.map(factItem).join("")}</ul>`,
    corrections,
    `<p><a href="${esc(s.url)}">${esc(s.url)}</a></p>`,
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
