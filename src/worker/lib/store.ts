/**
 * Read access to the built archive. `build/archive.js` holds what does not grow with the
 * archive; entries, tag lists and slugs are read from `build/docs.bin`'s bytes on demand (see
 * `ArchiveMeta`), and documents from their shards among the worker's static assets (the
 * `ASSETS` binding), the first time an isolate needs one; all of it is memoised, so that
 * neither start-up nor a request costs more as the archive grows, and the bundle stays
 * within the platform's size limit.
 * @module
 */
import { env } from "cloudflare:workers";
import archive from "../../../build/archive.js";
import docsBytes from "../../../build/docs.bin";
import type { FactItem, FactList, Summary } from "../../shared/api-schema";
import { type Entry, IndexReader, ORIGIN_PLACEHOLDER, shardOf, shardPath } from "../../shared/archive";
import { documentAt, spanIn } from "./documents";
import { assertLayout } from "./integrity";
import { BoundedMap, memoAsync, memoIn } from "./memo";

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

/** Shards read so far: 64 of at most about 64 KiB each (`SHARD_BYTES`) bound the memory they take. */
const shards = new BoundedMap<number, Promise<Uint8Array>>(64);

/** Shard `k` of the documents, read from the static assets once per isolate and checked. */
function shard(k: number): Promise<Uint8Array> {
  return memoIn(shards, k, async () => {
    const path = shardPath(archive.version, k);
    const name = `build/documents${path}`;
    if (!env.ASSETS)
      throw new Error(`the worker has no ASSETS binding to read ${name} from: wrangler.toml's [assets] must name build/documents`);
    const response = await env.ASSETS.fetch(`https://documents.invalid${path}`);
    if (!response.ok)
      throw new Error(`${name} is not among the worker's static assets (${response.status}): deploy build/documents with the worker`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const expected = (archive.shards[k + 1] as number) - (archive.shards[k] as number);
    if (bytes.length !== expected)
      throw new Error(`${name} has ${bytes.length} bytes where build/archive.js expects ${expected}: it is truncated or was edited`);
    return bytes;
  });
}

/** JSON text of a full summary with absolute URLs for `origin`, or undefined. */
export async function summaryJson(slug: string, origin: string): Promise<string | undefined> {
  const i = indexOfSlug(slug);
  if (i < 0) return undefined;
  return memoAsync(`doc-json ${origin} ${slug}`, async () => {
    entry(i);
    const [offset, length] = spans[i] as [number, number];
    const k = shardOf(archive.shards, offset);
    const within: [number, number] = [offset - (archive.shards[k] as number), length];
    return absolutise(utf8.decode(documentAt(await shard(k), within, dictionary)), origin);
  });
}

/** A full summary with absolute URLs for `origin`, or undefined. Treat as read-only. */
export async function getSummary(slug: string, origin: string): Promise<Summary | undefined> {
  if (!hasSummary(slug)) return undefined;
  return memoAsync(`doc ${origin} ${slug}`, async () => JSON.parse((await summaryJson(slug, origin)) as string) as Summary);
}

/** The full summaries of `entries`, in their order, with absolute URLs for `origin`. Treat as read-only. */
export function summariesOf(entries: readonly Entry[], origin: string): Promise<Summary[]> {
  return Promise.all(entries.map(async (e) => (await getSummary(e.slug, origin)) as Summary));
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
export async function newestFacts(tag: string | undefined, limit: number, origin: string): Promise<FactList> {
  const items: FactItem[] = [];
  const count = countFor(tag);
  for (let i = 0; i < count && items.length < limit; i++) {
    const s = (await getSummary(entryAt(tag, i).slug, origin)) as Summary;
    const summary = { slug: s.slug, url: s.url, title: s.title, published: s.published, lang: s.lang, dir: s.dir, tags: s.tags };
    for (const fact of s.facts.slice(0, limit - items.length)) items.push({ ...fact, summary });
  }
  return { items, publication: { title: archive.publication.title, url: `${origin}/`, timezone: archive.publication.timezone } };
}

export function hasTag(tag: string): boolean {
  return Object.hasOwn(archive.tag_lists, tag);
}

export function absoluteUrl(origin: string, path: string): string {
  return `${origin}${path}`;
}
