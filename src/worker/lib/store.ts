/**
 * Read access to the built archive. Documents are decoded and parsed lazily and memoised
 * per origin, so start-up and per-request cost do not grow with the archive.
 * @module
 */
import archive from "../../../build/archive.js";
import docsBytes from "../../../build/docs.bin";
import type { FactItem, FactList, Summary } from "../../shared/api-schema";
import { type Entry, ORIGIN_PLACEHOLDER } from "../../shared/archive";
import { assertArchive } from "./integrity";
import { memo } from "./memo";

// Fail at start-up, loudly, rather than serve half an archive.
assertArchive(archive, docsBytes);

const docs = new Uint8Array(docsBytes);
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

/** JSON text of a full summary with absolute URLs for `origin`, or undefined. */
export function summaryJson(slug: string, origin: string): string | undefined {
  if (!Object.hasOwn(archive.docs, slug)) return undefined;
  return memo(`doc-json ${origin} ${slug}`, () => {
    const [offset, length] = archive.docs[slug] as [number, number];
    return absolutise(utf8.decode(docs.subarray(offset, offset + length)), origin);
  });
}

/** A full summary with absolute URLs for `origin`, or undefined. Treat as read-only. */
export function getSummary(slug: string, origin: string): Summary | undefined {
  const json = summaryJson(slug, origin);
  return json === undefined ? undefined : memo(`doc ${origin} ${slug}`, () => JSON.parse(json) as Summary);
}

/** Entries newest first, all or those with `tag`. */
export function entriesFor(tag?: string): readonly Entry[] {
  if (tag === undefined) return archive.entries;
  const idx = Object.hasOwn(archive.by_tag, tag) ? archive.by_tag[tag] : undefined;
  if (!idx) return [];
  return memo(`entries ${tag}`, () => idx.map((i) => archive.entries[i] as Entry));
}

/** How many entries there are, all or with `tag`. O(1). */
export function countFor(tag?: string): number {
  if (tag === undefined) return archive.entries.length;
  return Object.hasOwn(archive.by_tag, tag) ? (archive.by_tag[tag]?.length ?? 0) : 0;
}

/**
 * The `i`-th newest entry, all or with `tag` (0 ≤ i < countFor(tag)). O(1): paging reads
 * only the entries it shows, never a whole tag's list.
 */
export function entryAt(tag: string | undefined, i: number): Entry {
  const index = tag === undefined ? i : (archive.by_tag[tag]?.[i] as number);
  return archive.entries[index] as Entry;
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
  return Object.hasOwn(archive.by_tag, tag);
}

export function absoluteUrl(origin: string, path: string): string {
  return `${origin}${path}`;
}
