/**
 * The content artefacts' format, shared by the content build that writes them and the worker
 * that reads them: `build/archive.js` and `build/docs.bin`, the index the worker imports,
 * and `build/documents/`, one file per summary, read as static assets.
 * @module
 */
import type { Source, TagCount } from "./api-schema";

/**
 * Absolute URLs in the archive start with this origin when the publication sets no
 * `base_url`; the worker swaps in the request's origin when it serves them.
 */
export const ORIGIN_PLACEHOLDER = "https://keyfacts.invalid";

export interface Publication {
  title: string;
  description: string;
  /** BCP 47 */
  language: string;
  /** Canonical origin (no trailing slash), or null to use the request's origin. */
  base_url: string | null;
  publisher: string;
  /** IANA time zone every date a person reads is shown in (`UTC` when publication.yaml names none). */
  timezone: string;
  /** The publication's Fediverse handle, `@<fediverse_handle>@<host>`. */
  fediverse_handle: string;
}

/** What the worker needs of a summary without reading its document. */
export interface Entry {
  slug: string;
  title: string;
  /** RFC 3339 */
  published: string;
  /** RFC 3339: updated, or published when never updated */
  modified: string;
  tags: string[];
}

/** The archive as the content build derives it, before it is written. */
export interface Archive {
  /** Hash of every input and of the build's code version: changes whenever any output may. */
  version: string;
  publication: Publication;
  sources: Record<string, Source>;
  /** Newest first (published, then slug). */
  entries: Entry[];
  /** Tag → indexes into `entries`, newest first. */
  by_tag: Record<string, number[]>;
  /** Sorted by tag. */
  tags: TagCount[];
  /** Every registry source, by id: its country and the facts it is the origin of or relays. */
  by_source: Record<string, SourceFacts>;
  /**
   * Slug → JSON text of the full API `Summary` (with `content_html`), URLs under
   * `publication.base_url` or {@link ORIGIN_PLACEHOLDER}.
   */
  docs: Record<string, string>;
}

/**
 * A source's facts: `[entry index, fact index, 1 if the source is the fact's origin else 0]`,
 * newest summary first, and how many it is the origin of.
 */
export interface SourceFacts {
  /** ISO 3166 code, or null when the registry names none. */
  country: string | null;
  facts: SourceFact[];
  origin: number;
}

/** One fact naming a source: entry index, fact index, and 1 when the source starts its chain (its origin), 0 when it relays it. */
export type SourceFact = [number, number, 0 | 1];

/** In `build/docs.bin`, a source-list fact index carries the origin flag in its top bit. */
export const ORIGIN_BIT = 2 ** 31;

/**
 * Where a source's facts lie in `build/docs.bin`: `count` pairs of u32 (entry index, fact
 * index plus {@link ORIGIN_BIT} when the source is its origin) at `at`, newest first.
 */
export interface SourceList {
  country: string | null;
  at: number;
  count: number;
  /** How many of them it is the origin (first link) of; it relays the rest. */
  origin: number;
}

/**
 * What `build/archive.js` exports: the parts of the index whose size does not grow with the
 * number of summaries, and where the rest lies in `build/docs.bin`. The worker reads
 * entries, tag lists and slugs from those bytes on demand, so start-up parses nothing that
 * grows with the archive.
 *
 * `build/docs.bin`, after its {@link docsHeader} line: each entry's record,
 * `<slug>\n<JSON [title, published, modified, tags, document file, document bytes]>`; then
 * tables of unsigned 32-bit little-endian integers. Offsets count from the file's start.
 *
 * Each summary's document, its UTF-8 JSON, is a file of its own, named by a hash of its
 * bytes ({@link documentPath}), under `build/documents/`, deployed as the worker's static
 * assets: adding a summary adds one file and leaves every other unchanged, so a deploy
 * uploads only what changed.
 */
export interface ArchiveMeta {
  /** Hash of every input and of the build's code version: changes whenever any output may. */
  version: string;
  publication: Publication;
  sources: Record<string, Source>;
  /** Sorted by tag. */
  tags: TagCount[];
  /** How many summaries there are. */
  count: number;
  /** Length of `build/docs.bin` in bytes. */
  bytes: number;
  /** Offset of `count + 1` record offsets: entry `i` (newest first) spans `[t[i], t[i + 1])`. */
  records: number;
  /** Offset of `count` entry indexes in the byte order of their slugs, for binary search. */
  by_slug: number;
  /** Tag → `[offset, count]` of its entry indexes, newest first. */
  tag_lists: Record<string, [number, number]>;
  /** Source id → where its facts lie; every registry source has one, an empty list for a source no fact names. */
  source_lists: Record<string, SourceList>;
}

/** Where an entry's document lies: its file's name (a hash of its bytes) and its length in bytes. */
export interface DocumentRef {
  file: string;
  length: number;
}

/** A document's path among the worker's static assets (under `build/documents/`). */
export function documentPath(file: string): string {
  return `/${file}.json`;
}

/**
 * The first line of `build/docs.bin` for an archive of `version`: the worker refuses a
 * `docs.bin` and an `archive.js` from two different builds.
 */
export function docsHeader(version: string): string {
  return `keyfacts-docs ${version}\n`;
}

/** Byte-order comparison of two UTF-8 strings (code point order): negative, 0 or positive. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Reads entries, tag lists and slugs from `build/docs.bin` as {@link ArchiveMeta} lays them
 * out, decoding only what is asked for: O(1) per entry, O(log n) per slug. Offsets are
 * trusted: the worker checks them at start-up (`src/worker/lib/integrity.ts`).
 */
export class IndexReader {
  readonly #view: DataView;
  constructor(
    readonly meta: ArchiveMeta,
    readonly bytes: Uint8Array,
  ) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The `k`-th unsigned 32-bit integer of the table at `table`. */
  u32(table: number, k: number): number {
    return this.#view.getUint32(table + 4 * k, true);
  }

  /** Where entry `i`'s slug ends (its newline) and where its record ends. */
  #record(i: number): { start: number; newline: number; end: number } {
    const start = this.u32(this.meta.records, i);
    const end = this.u32(this.meta.records, i + 1);
    const newline = this.bytes.subarray(start, end).indexOf(NEWLINE);
    return { start, newline: newline < 0 ? end : start + newline, end };
  }

  /** Entry `i` (0 ≤ i < count, newest first) and where its document lies. */
  entry(i: number): { entry: Entry; doc: DocumentRef } {
    const { start, newline, end } = this.#record(i);
    const slug = utf8.decode(this.bytes.subarray(start, newline));
    const [title, published, modified, tags, file, length] = JSON.parse(utf8.decode(this.bytes.subarray(newline + 1, end))) as [
      string,
      string,
      string,
      string[],
      string,
      number,
    ];
    return { entry: { slug, title, published, modified, tags }, doc: { file, length } };
  }

  /** The index of the entry whose slug is `slug`, or -1: a binary search over the slugs' bytes. */
  indexOf(slug: string): number {
    const wanted = encoder.encode(slug);
    let lo = 0;
    let hi = this.meta.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const i = this.u32(this.meta.by_slug, mid);
      const { start, newline } = this.#record(i);
      const order = compareBytes(this.bytes.subarray(start, newline), wanted);
      if (order === 0) return i;
      if (order < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** How many entries `tag` has (0 for an unknown tag). */
  tagCount(tag: string): number {
    return Object.hasOwn(this.meta.tag_lists, tag) ? (this.meta.tag_lists[tag] as [number, number])[1] : 0;
  }

  /** Source `id`'s `k`-th newest fact (0 ≤ k < its count). */
  sourceFact(id: string, k: number): SourceFact {
    const { at } = this.meta.source_lists[id] as SourceList;
    const fact = this.u32(at, 2 * k + 1);
    return [this.u32(at, 2 * k), fact % ORIGIN_BIT, fact >= ORIGIN_BIT ? 1 : 0];
  }

  /** The index of `tag`'s `k`-th newest entry (0 ≤ k < tagCount(tag)). */
  tagged(tag: string, k: number): number {
    return this.u32((this.meta.tag_lists[tag] as [number, number])[0], k);
  }
}
