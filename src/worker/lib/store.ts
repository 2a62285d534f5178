/**
 * Read access to the built archive. `build/archive.js` holds what does not grow with the
 * archive; entries, tag lists, slugs and documents are read from `build/docs.bin`'s bytes on
 * demand (see `ArchiveMeta`) and memoised, so that neither start-up nor a request costs more
 * as the archive grows.
 * @module
 */
import archive from "../../../build/archive.js";
import docsBytes from "../../../build/docs.bin";
import type { FactItem, FactList, Summary } from "../../shared/api-schema";
import { type Entry, IndexReader, ORIGIN_PLACEHOLDER } from "../../shared/archive";
import { documentAt, spanIn } from "./documents";
import { assertLayout } from "./integrity";
import { memo } from "./memo";

// Fail at start-up, loudly, rather than serve half an archive.
assertLayout(archive, docsBytes);

const docs = new Uint8Array(docsBytes);
const index = new IndexReader(archive, docs);
const dictionary = spanIn(docs, archive.dictionary);
const utf8 = new TextDecoder();

export { archive };

/** The origin absolute URLs use: the publication's canonical one, else the request's. */
export function originOf(requestUrl: string): string {
  return archive.publication.base_url ?? new URL(requestUrl).origin;
}

/** Makes archive text absolute for `origin` (a no-op when the publication has a base URL). */
export function absolutise(text: string, origin: string): string {
  return archive.publication.base_url === null ? text.replaceAll(ORIGIN_PLACEHOLDER, origin) : text;
}

/** Entries read so far, by index: each record is decoded once per isolate. */
const entries: Entry[] = [];
const spans: [number, number][] = [];
function entry(i: number): Entry {
  const known = entries[i];
  if (known) return known;
  const read = index.entry(i);
  spans[i] = read.doc;
  entries[i] = read.entry;
  return read.entry;
}

/** Slug → entry index, for slugs found so far; misses are not kept, so junk cannot fill it. */
const found = new Map<string, number>();
function indexOfSlug(slug: string): number {
  const known = found.get(slug);
  if (known !== undefined) return known;
  const i = index.indexOf(slug);
  if (i >= 0) found.set(slug, i);
  return i;
}

/** Whether a summary `slug` is published. O(log n) the first time, O(1) after. */
export function hasSummary(slug: string): boolean {
  return indexOfSlug(slug) >= 0;
}

/** JSON text of a full summary with absolute URLs for `origin`, or undefined. */
export function summaryJson(slug: string, origin: string): string | undefined {
  const i = indexOfSlug(slug);
  if (i < 0) return undefined;
  return memo(`doc-json ${origin} ${slug}`, () => {
    entry(i);
    return absolutise(utf8.decode(documentAt(docs, spans[i] as [number, number], dictionary)), origin);
  });
}

/** A full summary with absolute URLs for `origin`, or undefined. Treat as read-only. */
export function getSummary(slug: string, origin: string): Summary | undefined {
  const json = summaryJson(slug, origin);
  return json === undefined ? undefined : memo(`doc ${origin} ${slug}`, () => JSON.parse(json) as Summary);
}

/**
 * Up to `limit` entries, all or those with `tag`, newest first, skipping the `from` newest:
 * one page of a list. O(limit).
 */
export function newestEntries(tag: string | undefined, limit = Number.POSITIVE_INFINITY, from = 0): Entry[] {
  return Array.from({ length: Math.max(0, Math.min(limit, countFor(tag) - from)) }, (_, i) => entryAt(tag, from + i));
}

/** How many entries there are, all or with `tag`. O(1). */
export function countFor(tag?: string): number {
  return tag === undefined ? archive.count : index.tagCount(tag);
}

/**
 * The `i`-th newest entry, all or with `tag` (0 ≤ i < countFor(tag)). O(1): paging reads
 * only the entries it shows, never a whole tag's list.
 */
export function entryAt(tag: string | undefined, i: number): Entry {
  return entry(tag === undefined ? i : index.tagged(tag, i));
}

/**
 * The newest `limit` facts, all or `tag`'s, newest summary first, as `/api/v1/facts` returns
 * them (each naming its summary); reads only the summaries it needs.
 */
export function newestFacts(tag: string | undefined, limit: number, origin: string): FactList {
  const items: FactItem[] = [];
  const count = countFor(tag);
  for (let i = 0; i < count && items.length < limit; i++) {
    const s = getSummary(entryAt(tag, i).slug, origin) as Summary;
    const summary = { slug: s.slug, url: s.url, title: s.title, published: s.published, lang: s.lang, dir: s.dir, tags: s.tags };
    for (const fact of s.facts.slice(0, limit - items.length)) items.push({ ...fact, summary });
  }
  return { items, publication: { title: archive.publication.title, url: `${origin}/` } };
}

export function hasTag(tag: string): boolean {
  return Object.hasOwn(archive.tag_lists, tag);
}

export function absoluteUrl(origin: string, path: string): string {
  return `${origin}${path}`;
}
