/**
 * The shape of the content artefacts that `scripts/build-content.ts` emits: `build/archive.js`
 * and `build/docs.bin`, which the worker imports, and the documents' shards under
 * `build/documents/`, which it reads as static assets. The data is generated, never
 * hand-written.
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
}

/** What the worker needs of a summary without parsing its document. */
export interface Entry {
  slug: string;
  title: string;
  /** RFC 3339 */
  published: string;
  /** RFC 3339: updated, or published when never updated */
  modified: string;
  tags: string[];
}

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
  /**
   * Slug → JSON text of the full API `Summary` (with `content_html`), URLs under
   * `publication.base_url` or {@link ORIGIN_PLACEHOLDER}. Parsed lazily, so that start-up
   * cost does not grow with the archive.
   */
  docs: Record<string, string>;
}

/**
 * The archive's index as one object: the archive with each document replaced by where it
 * lies among the stored documents. The content build checks this form in full
 * ({@link ArchiveMeta} and the tables are written from it); the worker never builds it.
 */
export interface PackedArchive extends Omit<Archive, "docs"> {
  /** Slug → `[offset, length]` in bytes, into the stored documents (all shards end to end). */
  docs: Record<string, [number, number]>;
  /** `[offset, length]` of the documents' preset dictionary (`src/worker/lib/documents.ts`), in `build/docs.bin`. */
  dictionary: [number, number];
  /** Where each shard of the stored documents starts, then where the last one ends: see {@link ArchiveMeta}. */
  shards: number[];
}

/**
 * What `build/archive.js` exports: the parts of the index whose size does not grow with the
 * number of summaries, and where the rest lies in `build/docs.bin`. The worker reads
 * entries, tag lists and slugs from those bytes on demand, so start-up parses nothing that
 * grows with the archive.
 *
 * `build/docs.bin`, after its {@link docsHeader} line: the documents' preset dictionary; then
 * each entry's record, `<slug>\n<JSON [title, published, modified, tags, doc offset, doc length]>`;
 * then tables of unsigned 32-bit little-endian integers. Offsets count from the file's start.
 *
 * The documents, each summary's UTF-8 JSON compressed against the dictionary
 * (`src/worker/lib/documents.ts`), are not in the bundle: laid end to end, newest first,
 * they are cut at document boundaries into shards of about {@link SHARD_BYTES}, written as
 * `build/documents/<version>/<k>.bin` ({@link shardPath}) and deployed as the worker's
 * static assets, which Cloudflare stores apart from its code and its size limit. A
 * record's doc offset counts from the first shard's start.
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
  /** `[offset, length]` of the documents' preset dictionary. */
  dictionary: [number, number];
  /** Offset of `count + 1` record offsets: entry `i` (newest first) spans `[t[i], t[i + 1])`. */
  records: number;
  /** Offset of `count` entry indexes in the byte order of their slugs, for binary search. */
  by_slug: number;
  /** Tag → `[offset, count]` of its entry indexes, newest first. */
  tag_lists: Record<string, [number, number]>;
  /**
   * Where shard `k` of the documents starts (`shards[k]`), then where the last one ends: shard
   * `k` is `[shards[k], shards[k + 1])` of the documents laid end to end. `[0]` when there
   * are none.
   */
  shards: number[];
}

/** A shard is cut after the first document that takes it to this many bytes or more. */
export const SHARD_BYTES = 64 * 1024;

/**
 * Shard `k`'s path among the worker's static assets (under `build/documents/`): named by
 * the build, so a worker never reads another build's documents.
 */
export function shardPath(version: string, k: number): string {
  return `/${version}/${k}.bin`;
}

/** The shard holding the document at `offset` of the documents: a binary search of `shards`. */
export function shardOf(shards: readonly number[], offset: number): number {
  let lo = 0;
  let hi = shards.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((shards[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
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
 * trusted: check them first with `layoutProblems` (`src/worker/lib/integrity.ts`).
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

  /** Entry `i` (0 ≤ i < count, newest first) and its document's `[offset, length]`. */
  entry(i: number): { entry: Entry; doc: [number, number] } {
    const { start, newline, end } = this.#record(i);
    const slug = utf8.decode(this.bytes.subarray(start, newline));
    const [title, published, modified, tags, offset, length] = JSON.parse(utf8.decode(this.bytes.subarray(newline + 1, end))) as [
      string,
      string,
      string,
      string[],
      number,
      number,
    ];
    return { entry: { slug, title, published, modified, tags }, doc: [offset, length] };
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

  /** The index of `tag`'s `k`-th newest entry (0 ≤ k < tagCount(tag)). */
  tagged(tag: string, k: number): number {
    return this.u32((this.meta.tag_lists[tag] as [number, number])[0], k);
  }
}
