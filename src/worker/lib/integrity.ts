/**
 * Checks of the content artefacts. The worker would rather fail to start than serve half an
 * archive: at module load, {@link assertLayout} refuses a `build/archive.js` and a
 * `build/docs.bin` from two builds, a cut or padded `docs.bin`, tables that overrun it and a
 * shard table out of order, at a cost that does not grow with the number of summaries
 * (only with the number of shards). The content build runs the full check,
 * {@link assertPacked}, on what it is about to write: every entry read back as the worker
 * reads it, every document decompressed, every invariant of the index.
 * @module
 */
import { type ArchiveMeta, compareBytes, docsHeader, IndexReader, type PackedArchive, shardOf } from "../../shared/archive";
import { documentAt, spanIn } from "./documents";

const BAD_SHARDS = "shards is not a table of where each shard of the documents starts, from 0, in increasing order";

/** Problems listed in the error before the rest are counted; enough to act on. */
const SHOWN = 10;

/**
 * Throws one Error naming every broken invariant of the index `archive`, `bytes`
 * (`build/docs.bin`) and its `documents` end to end (version present and the same in the
 * index and `docs.bin`, an entry for every document and a document for every entry, each
 * document whole and inside one shard, tag indexes in range and consistent with the entries,
 * tag counts matching). Every document is decompressed; none is parsed.
 * @example assertArchive(unpackArchive(meta, bytes), bytes, documents);
 */
export function assertArchive(archive: unknown, bytes: unknown, documents: unknown): asserts archive is PackedArchive {
  throwIfAny(archiveProblems(archive, bytes, documents));
}

/**
 * Throws unless `meta` (what `build/archive.js` exports) and `bytes` (`build/docs.bin`) are
 * from the same build and every table `meta` points at lies inside `bytes`. O(tags): the
 * worker runs it at module load.
 * @example assertLayout(archive, docsBytes); // at import, in store.ts
 */
export function assertLayout(meta: unknown, bytes: unknown): asserts meta is ArchiveMeta {
  throwIfAny(layoutProblems(meta, bytes));
}

/** {@link assertLayout}, then every entry read back and {@link assertArchive}'s checks. O(archive). */
export function assertPacked(meta: unknown, bytes: unknown, documents: unknown): asserts meta is ArchiveMeta {
  throwIfAny(packedProblems(meta, bytes, documents));
}

function throwIfAny(problems: string[]): void {
  if (problems.length === 0) return;
  const more = problems.length > SHOWN ? `\n  … and ${problems.length - SHOWN} more` : "";
  throw new Error(
    `build/archive.js is broken (${problems.length} problem${problems.length === 1 ? "" : "s"}); ` +
      `rebuild it with \`npm run build:content\`:\n  ${problems.slice(0, SHOWN).join("\n  ")}${more}`,
  );
}

const asBytes = (b: unknown) => (b instanceof ArrayBuffer ? new Uint8Array(b) : b instanceof Uint8Array ? b : undefined);

/**
 * What both forms of the index must hold (a version, the publication, the sources, the tag
 * counts) and
 * what `docs.bin` must be for either: present, and from the same build.
 */
function sharedProblems(index: Record<string, unknown>, data: Uint8Array | undefined): string[] {
  const out: string[] = [];
  const { version, publication, sources, tags } = index;
  if (typeof version !== "string" || version.length === 0) out.push("version is missing");
  if (!isRecord(publication) || typeof publication.title !== "string") out.push("publication is missing");
  if (!isRecord(sources)) out.push("sources is missing");
  if (!Array.isArray(tags)) out.push("tags is not a list");
  if (data === undefined) out.push("build/docs.bin is missing");
  else if (typeof version === "string" && !startsWithHeader(data, version)) {
    out.push(`build/docs.bin is not the documents of version ${version}: rebuild both`);
  }
  return out;
}

/** What is wrong with `meta` and `bytes` as a pair, checking only what costs O(tags). */
export function layoutProblems(meta: unknown, bytes: unknown): string[] {
  if (!isRecord(meta)) return ["the archive is not an object"];
  const data = asBytes(bytes);
  const out = sharedProblems(meta, data);
  const { tags, count, records, by_slug, tag_lists, shards } = meta;
  if (!isRecord(tag_lists)) out.push("tag_lists is missing");
  if (!isShardTable(shards)) out.push(BAD_SHARDS);
  for (const key of ["count", "bytes", "records", "by_slug"] as const) {
    if (!isCount(meta[key])) out.push(`${key} is not a count of bytes or entries`);
  }
  if (out.length === 0 && data && data.length !== meta.bytes) {
    out.push(`build/docs.bin has ${data.length} bytes where build/archive.js expects ${String(meta.bytes)}: it is truncated or was edited`);
  }
  if (out.length > 0 || !data || !Array.isArray(tags) || !isRecord(tag_lists)) return out;

  const n = count as number;
  const inside = (offset: number, length: number) => offset % 4 === 0 && offset + 4 * length <= data.length;
  if (!inside(records as number, n + 1)) out.push("the entry table overruns build/docs.bin");
  if (!inside(by_slug as number, n)) out.push("the slug table overruns build/docs.bin");
  const { dictionary } = meta;
  if (!isSpan(dictionary, 0) || dictionary[0] + dictionary[1] > data.length) out.push("the documents' dictionary overruns build/docs.bin");
  out.push(...tagCountProblems(tags, tag_lists, "tag_lists", (list) => (isSpan(list, 1) ? list[1] : 0)));
  for (const [tag, list] of Object.entries(tag_lists)) {
    if (!isSpan(list, 1)) out.push(`tag_lists has no entries for "${tag}"`);
    else if (!inside(list[0], list[1])) out.push(`the list of "${tag}" overruns build/docs.bin`);
  }
  if (out.length === 0 && n > 0) {
    const reader = new IndexReader(meta as unknown as ArchiveMeta, data);
    const first = reader.u32(records as number, 0);
    const end = reader.u32(records as number, n);
    if (first > end || end > (records as number)) out.push("the entry records overrun their table");
  }
  return out;
}

/**
 * The index as one object, as `meta` and `bytes` lay it out: every entry read back with
 * {@link IndexReader}, as the worker reads it. Needs a layout without problems.
 */
export function unpackArchive(meta: ArchiveMeta, bytes: Uint8Array): PackedArchive {
  const reader = new IndexReader(meta, bytes);
  const entries: PackedArchive["entries"] = [];
  const docs: PackedArchive["docs"] = {};
  for (let i = 0; i < meta.count; i++) {
    const { entry, doc } = reader.entry(i);
    entries.push(entry);
    docs[entry.slug] = doc;
  }
  const by_tag: PackedArchive["by_tag"] = {};
  for (const tag of Object.keys(meta.tag_lists))
    by_tag[tag] = Array.from({ length: reader.tagCount(tag) }, (_, k) => reader.tagged(tag, k));
  const { version, publication, sources, tags, dictionary, shards } = meta;
  return { version, publication, sources, tags, entries, by_tag, docs, dictionary, shards };
}

/** {@link layoutProblems}, then the whole index read back: its records, its slug order and {@link archiveProblems}. */
export function packedProblems(meta: unknown, bytes: unknown, documents: unknown): string[] {
  const layout = layoutProblems(meta, bytes);
  if (layout.length > 0) return layout;
  const m = meta as ArchiveMeta;
  const data = asBytes(bytes) as Uint8Array;
  let index: PackedArchive;
  try {
    index = unpackArchive(m, data);
  } catch (err) {
    return [`an entry record cannot be read: ${(err as Error).message}`];
  }
  const out = archiveProblems(index, data, documents);
  // The slug table must be every entry once, in strictly increasing byte order of the slugs.
  const reader = new IndexReader(m, data);
  const utf8 = new TextEncoder();
  const seen = new Set<number>();
  let previous: Uint8Array | undefined;
  for (let k = 0; k < m.count; k++) {
    const i = reader.u32(m.by_slug, k);
    const entry = index.entries[i];
    if (entry === undefined || seen.has(i)) {
      out.push(`the slug table's place ${k} names entry ${i}, out of range or twice`);
      break;
    }
    seen.add(i);
    const slug = utf8.encode(entry.slug);
    if (previous && compareBytes(previous, slug) >= 0) {
      out.push(`the slug table is out of order at "${entry.slug}"`);
      break;
    }
    previous = slug;
  }
  return out;
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffffff;
}

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

/** Whether `span` of `data` decompresses to a JSON object's text (its first and last bytes). */
function isDocument(data: Uint8Array, span: [number, number], dictionary: Uint8Array): boolean {
  try {
    const doc = documentAt(data, span, dictionary);
    return doc[0] === OPEN && doc[doc.length - 1] === CLOSE;
  } catch {
    return false;
  }
}

/** Every broken invariant as a sentence; empty when the archive is whole. */
export function archiveProblems(archive: unknown, bytes: unknown, documents: unknown): string[] {
  if (!isRecord(archive)) return ["the archive is not an object"];
  const data = asBytes(bytes);
  const stored = asBytes(documents);
  const out = sharedProblems(archive, data);
  const { entries, by_tag, tags, docs, dictionary, shards } = archive;
  if (!Array.isArray(entries)) out.push("entries is not a list");
  if (!isRecord(docs)) out.push("docs is missing");
  if (!isRecord(by_tag)) out.push("by_tag is missing");
  if (data && !(isSpan(dictionary, 0) && dictionary[0] + dictionary[1] <= data.length)) out.push("the documents' dictionary is missing");
  if (stored === undefined) out.push("the documents are missing");
  if (!isShardTable(shards)) out.push(BAD_SHARDS);
  else if (stored && shards.at(-1) !== stored.length) {
    out.push(`the shards end at byte ${String(shards.at(-1))} of the documents, which have ${stored.length}`);
  }
  const whole =
    data && stored && isShardTable(shards) && Array.isArray(entries) && isRecord(docs) && isRecord(by_tag) && Array.isArray(tags);
  if (out.length > 0 || !whole) return out;
  const dict = spanIn(data, dictionary as [number, number]);

  const slugs = new Set<string>();
  entries.forEach((e: unknown, i) => {
    if (!isRecord(e) || typeof e.slug !== "string" || !Array.isArray(e.tags)) {
      out.push(`entries[${i}] is not an entry`);
      return;
    }
    if (slugs.has(e.slug)) out.push(`entries[${i}] repeats slug "${e.slug}"`);
    slugs.add(e.slug);
    // A truncated or shifted document does not decompress to a JSON object's text.
    const span = Object.hasOwn(docs, e.slug) ? docs[e.slug] : undefined;
    if (!isSpan(span)) out.push(`entries[${i}] "${e.slug}" has no document`);
    else if (span[0] + span[1] > stored.length || !isDocument(stored, span, dict)) {
      out.push(`document "${e.slug}" is truncated`);
    } else if (span[0] + span[1] > (shards[shardOf(shards, span[0]) + 1] as number)) {
      out.push(`document "${e.slug}" runs over the end of its shard`);
    }
  });
  for (const slug of Object.keys(docs)) {
    if (!slugs.has(slug)) out.push(`document "${slug}" has no entry`);
  }

  for (const [tag, indexes] of Object.entries(by_tag)) {
    if (!Array.isArray(indexes) || indexes.length === 0) {
      out.push(`by_tag "${tag}" is not a list of entries`);
      continue;
    }
    for (const i of indexes) {
      const e: unknown = Number.isInteger(i) ? entries[i] : undefined;
      if (!isRecord(e)) out.push(`by_tag "${tag}" points at entry ${String(i)}, out of range 0–${entries.length - 1}`);
      else if (!(Array.isArray(e.tags) && e.tags.includes(tag))) out.push(`by_tag "${tag}" lists entry ${i}, which lacks the tag`);
    }
  }
  out.push(...tagCountProblems(tags, by_tag, "by_tag", (list) => (Array.isArray(list) ? list.length : 0)));
  return out;
}

/** `tags` (tag and count) against the lists an index keeps per tag, called `name`, both ways. */
function tagCountProblems(tags: unknown[], lists: Record<string, unknown>, name: string, lengthOf: (list: unknown) => number): string[] {
  const out: string[] = [];
  const counted = new Set<string>();
  for (const t of tags) {
    if (!isRecord(t) || typeof t.tag !== "string") {
      out.push("tags holds something that is not {tag, count}");
      continue;
    }
    counted.add(t.tag);
    const actual = Object.hasOwn(lists, t.tag) ? lengthOf(lists[t.tag]) : 0;
    if (t.count !== actual) out.push(`tags says "${t.tag}" has ${String(t.count)} entries, ${name} has ${actual}`);
  }
  for (const tag of Object.keys(lists)) {
    if (!counted.has(tag)) out.push(`${name} "${tag}" is missing from tags`);
  }
  return out;
}

/** `[0, …]`: counts in strictly increasing order, from 0. */
function isShardTable(value: unknown): value is number[] {
  return Array.isArray(value) && value[0] === 0 && value.every((n, k) => isCount(n) && (k === 0 || n > (value[k - 1] as number)));
}

/** `[offset, length]` with length ≥ `least` (2 for a document, `{}` at the least). */
function isSpan(value: unknown, least = 2): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((n) => isCount(n)) && (value[1] as number) >= least;
}

function startsWithHeader(data: Uint8Array, version: string): boolean {
  const header = docsHeader(version);
  if (data.length < header.length) return false;
  for (let i = 0; i < header.length; i++) if (data[i] !== header.charCodeAt(i)) return false;
  return true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
