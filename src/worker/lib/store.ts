/**
 * Read access to the built archive. `build/archive.js` holds what does not grow with the
 * archive; entries, tag lists and slugs are read from `build/docs.bin`'s bytes on demand (see
 * `ArchiveMeta`), and each document from its own file among the worker's static assets (the
 * `ASSETS` binding) when a request first needs it, then kept in a cache bounded by bytes: so
 * that neither start-up nor a request costs more as the archive grows, and the bundle stays
 * within the platform's size limit.
 * @module
 */
import { env } from "cloudflare:workers";
import archive from "../../../build/archive.js";
import docsBytes from "../../../build/docs.bin";
import type { FactItem, FactList, Summary, TagCount } from "../../shared/api-schema";
import { type DocumentRef, documentPath, type Entry, IndexReader, ORIGIN_PLACEHOLDER } from "../../shared/archive";
import { BUDGETS, ByteCache, clearCaches, rememberAsync } from "./cache";
import { assertLayout } from "./integrity";

// Fail at start-up, loudly, rather than serve half an archive.
assertLayout(archive, docsBytes);

const index = new IndexReader(archive, new Uint8Array(docsBytes));
const utf8 = new TextDecoder();

export { archive };

/**
 * Whether responses name the request's origin (the publication has no `base_url`): then
 * the origin is part of what a response depends on, and of its cache keys.
 */
export const originVaries = archive.publication.base_url === null;

/** The origin absolute URLs use: the publication's canonical one, else the request's. */
export function originOf(requestUrl: string): string {
  return archive.publication.base_url ?? new URL(requestUrl).origin;
}

/** Makes archive text absolute for `origin` (a no-op when the publication has a base URL). */
function absolutise(text: string, origin: string): string {
  return archive.publication.base_url === null ? text.replaceAll(ORIGIN_PLACEHOLDER, origin) : text;
}

/**
 * Scheduled publishing: a summary goes live at its `published` instant. Entries are
 * newest first, so the ones not yet live are the first `hidden`; every read below skips them.
 * {@link observeClock} moves this state on, in O(1) unless a summary went live.
 */
let hidden = 0;
/** When the newest hidden entry goes live (ms), or +∞: from then, `hidden` is stale. */
let nextGoLive = Number.NEGATIVE_INFINITY;
/** When the newest live entry went live (ms), or −∞: a clock before it (set back) makes `hidden` stale too. */
let newestLive = Number.POSITIVE_INFINITY;
/** The live tags with their live counts, made when first asked after a change. */
let liveTagList: TagCount[] | undefined;

const instantOf = (i: number): number => Date.parse(index.entry(i).entry.published);

/**
 * Brings the go-live state to `now` (ms), once per request or cron run before anything is
 * read. When a summary went live, every cache derived from the archive is emptied: the
 * ready responses and rendered bodies were made without it. Returns whether anything changed.
 */
export function observeClock(now: number): boolean {
  if (now < nextGoLive && now >= newestLive) return false;
  let h = 0;
  while (h < archive.count && instantOf(h) > now) h++;
  nextGoLive = h === 0 ? Number.POSITIVE_INFINITY : instantOf(h - 1);
  newestLive = h === archive.count ? Number.NEGATIVE_INFINITY : instantOf(h);
  if (h === hidden) return false;
  hidden = h;
  liveTagList = undefined;
  clearCaches();
  return true;
}

/** How many of `tag`'s entries (newest first) are not live yet: a binary search for the first index ≥ `hidden`. */
function hiddenIn(tag: string): number {
  if (hidden === 0) return 0;
  let lo = 0;
  let hi = index.tagCount(tag);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.tagged(tag, mid) < hidden) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The tags with at least one live summary, sorted by tag, with their live counts. */
export function liveTags(): TagCount[] {
  if (hidden === 0) return archive.tags;
  liveTagList ??= archive.tags.map((t) => ({ ...t, count: t.count - hiddenIn(t.tag) })).filter((t) => t.count > 0);
  return liveTagList;
}

/** Whether a summary `slug` is published and live. O(log n). */
export function hasSummary(slug: string): boolean {
  return index.indexOf(slug) >= hidden;
}

/** Documents read so far, by file name, as stored (UTF-8 JSON). */
const documents = new ByteCache<Promise<Uint8Array>>(BUDGETS.documents);

/** A document's bytes, read from the static assets and checked, or an Error naming its file. */
async function readDocument({ file, length }: DocumentRef): Promise<Uint8Array> {
  const path = documentPath(file);
  const name = `build/documents${path}`;
  if (!env.ASSETS)
    throw new Error(`the worker has no ASSETS binding to read ${name} from: wrangler.toml's [assets] must name build/documents`);
  const response = await env.ASSETS.fetch(`https://documents.invalid${path}`);
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${name} is not among the worker's static assets (${response.status}): deploy build/documents with the worker`);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length !== length)
    throw new Error(`${name} has ${bytes.length} bytes where build/archive.js expects ${length}: it is cut or was edited`);
  return bytes;
}

/** JSON text of a full summary with absolute URLs for `origin`, or undefined. */
export async function summaryJson(slug: string, origin: string): Promise<string | undefined> {
  const i = index.indexOf(slug);
  if (i < hidden) return undefined;
  const { doc } = index.entry(i);
  const bytes = await rememberAsync(
    documents,
    doc.file,
    () => readDocument(doc),
    (b) => b.byteLength,
  );
  return absolutise(utf8.decode(bytes), origin);
}

/** A full summary with absolute URLs for `origin`, or undefined. */
export async function getSummary(slug: string, origin: string): Promise<Summary | undefined> {
  const json = await summaryJson(slug, origin);
  // The build wrote this JSON from a checked Summary; the read checked its length.
  return json === undefined ? undefined : (JSON.parse(json) as Summary);
}

/**
 * The full summary of `slug`, which the index has (an entry, or a slug already checked):
 * its absence is a broken archive, a 500 that names it, never a reader's 404.
 */
export async function indexedSummary(slug: string, origin: string): Promise<Summary> {
  const summary = await getSummary(slug, origin);
  if (summary === undefined) throw new Error(`"${slug}" is not in build/archive.js's index, yet was read from it`);
  return summary;
}

/** The full summaries of `entries`, in their order, with absolute URLs for `origin`. */
export function summariesOf(entries: readonly Entry[], origin: string): Promise<Summary[]> {
  return Promise.all(entries.map((e) => indexedSummary(e.slug, origin)));
}

/**
 * Up to `limit` entries, all or those with `tag`, newest first, skipping the `from` newest:
 * one page of a list. O(limit).
 */
export function newestEntries(tag: string | undefined, limit = Number.POSITIVE_INFINITY, from = 0): Entry[] {
  return Array.from({ length: Math.max(0, Math.min(limit, countFor(tag) - from)) }, (_, i) => entryAt(tag, from + i));
}

/** How many live entries there are, all or with `tag`. O(1), O(log n) while a summary waits. */
export function countFor(tag?: string): number {
  return tag === undefined ? archive.count - hidden : index.tagCount(tag) - hiddenIn(tag);
}

/**
 * The `i`-th newest live entry, all or with `tag` (0 ≤ i < countFor(tag)). O(1): paging reads
 * only the entries it shows, never a whole tag's list.
 */
export function entryAt(tag: string | undefined, i: number): Entry {
  return index.entry(tag === undefined ? hidden + i : index.tagged(tag, hiddenIn(tag) + i)).entry;
}

/** The summary a fact item names, as `/api/v1/facts` lists it. */
export const summaryRef = (s: Summary): FactItem["summary"] => ({
  slug: s.slug,
  url: s.url,
  title: s.title,
  published: s.published,
  lang: s.lang,
  dir: s.dir,
  tags: s.tags,
});

/** The publication as a fact list names it, for `origin`. */
export const publicationRef = (origin: string): FactList["publication"] => ({
  title: archive.publication.title,
  url: `${origin}/`,
  timezone: archive.publication.timezone,
});

/**
 * The newest `limit` facts, all or `tag`'s, newest summary first, as `/api/v1/facts` returns
 * them (each naming its summary); reads only the summaries it needs.
 */
export async function newestFacts(tag: string | undefined, limit: number, origin: string): Promise<FactList> {
  const items: FactItem[] = [];
  const count = countFor(tag);
  for (let i = 0; i < count && items.length < limit; i++) {
    const s = await indexedSummary(entryAt(tag, i).slug, origin);
    const summary = summaryRef(s);
    for (const fact of s.facts.slice(0, limit - items.length)) items.push({ ...fact, summary });
  }
  return { items, publication: publicationRef(origin) };
}

/** How many of source `id`'s facts (newest summary first) belong to summaries not live yet. */
function sourceHiddenIn(id: string, total: number): number {
  if (hidden === 0) return 0;
  let lo = 0;
  let hi = total;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (index.sourceFact(id, mid)[0] < hidden) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the `total` facts that name source `id` are in live summaries. */
export function liveSourceFacts(id: string, total: number): number {
  return total - sourceHiddenIn(id, total);
}

/** How many of source `id`'s facts in live summaries it is the origin of, of `origin` in all (`total` facts). O(1) once every summary is live. */
export function liveSourceOrigins(id: string, total: number, origin: number): number {
  let waiting = 0;
  for (let k = sourceHiddenIn(id, total); k-- > 0; ) waiting += index.sourceFact(id, k)[2];
  return origin - waiting;
}

/** Source `id`'s `k`-th newest live fact (of `total`): its summary's entry and the fact's position in it. O(1), O(log n) while a summary waits. */
export function sourceFactAt(id: string, k: number, total: number): { entry: Entry; fact: number } {
  const [i, fact] = index.sourceFact(id, sourceHiddenIn(id, total) + k);
  return { entry: index.entry(i).entry, fact };
}

/** Whether `tag` has a live summary. */
export function hasTag(tag: string): boolean {
  return Object.hasOwn(archive.tag_lists, tag) && countFor(tag) > 0;
}
