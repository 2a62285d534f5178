/**
 * The worker's start-up check of the content artefacts: it would rather fail to start than
 * serve half an archive. {@link assertLayout} refuses a `build/archive.js` and a
 * `build/docs.bin` from two builds, a cut or padded `docs.bin` and tables that overrun it, at
 * a cost that does not grow with the number of summaries. What the build writes is checked
 * in full by the tests (`test/support/archive-read-back.ts`); a document missing from the
 * static assets or cut is found when it is read (`store.ts`).
 * @module
 */
import { type ArchiveMeta, docsHeader, IndexReader } from "../../shared/archive";

/** Problems listed in the error before the rest are counted; enough to act on. */
const SHOWN = 10;

/**
 * Throws one Error naming every problem with `meta` (what `build/archive.js` exports) and
 * `bytes` (`build/docs.bin`): not from the same build, or a table `meta` points at that does
 * not lie inside `bytes`. O(tags + sources).
 * @example assertLayout(archive, docsBytes); // at import, in store.ts
 */
export function assertLayout(meta: unknown, bytes: unknown): asserts meta is ArchiveMeta {
  const problems = layoutProblems(meta, bytes);
  if (problems.length === 0) return;
  const more = problems.length > SHOWN ? `\n  … and ${problems.length - SHOWN} more` : "";
  throw new Error(
    `build/archive.js is broken (${problems.length} problem${problems.length === 1 ? "" : "s"}); ` +
      `rebuild it with \`npm run build:content\`:\n  ${problems.slice(0, SHOWN).join("\n  ")}${more}`,
  );
}

/** What is wrong with `meta` and `bytes` as a pair, checking only what costs O(tags + sources). */
function layoutProblems(meta: unknown, bytes: unknown): string[] {
  if (!isRecord(meta)) return ["the archive is not an object"];
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes instanceof Uint8Array ? bytes : undefined;
  const out: string[] = [];
  const { version, publication, sources, tags, count, records, by_slug, tag_lists, source_lists } = meta;
  if (typeof version !== "string" || version.length === 0) out.push("version is missing");
  if (!isRecord(publication) || typeof publication.title !== "string") out.push("publication is missing");
  if (!isRecord(sources)) out.push("sources is missing");
  if (!Array.isArray(tags)) out.push("tags is not a list");
  if (!isRecord(tag_lists)) out.push("tag_lists is missing");
  if (!isRecord(source_lists)) out.push("source_lists is missing");
  if (data === undefined) out.push("build/docs.bin is missing");
  else if (typeof version === "string" && !startsWithHeader(data, version)) {
    out.push(`build/docs.bin is not the index of version ${version}: rebuild both`);
  }
  for (const key of ["count", "bytes", "records", "by_slug"] as const) {
    if (!isCount(meta[key])) out.push(`${key} is not a count of bytes or entries`);
  }
  if (out.length === 0 && data && data.length !== meta.bytes) {
    out.push(`build/docs.bin has ${data.length} bytes where build/archive.js expects ${String(meta.bytes)}: it is truncated or was edited`);
  }
  if (out.length > 0 || !data || !Array.isArray(tags) || !isRecord(tag_lists) || !isRecord(source_lists)) return out;

  const n = count as number;
  const inside = (offset: number, length: number) => offset % 4 === 0 && offset + 4 * length <= data.length;
  if (!inside(records as number, n + 1)) out.push("the entry table overruns build/docs.bin");
  if (!inside(by_slug as number, n)) out.push("the slug table overruns build/docs.bin");
  const counted = new Set<string>();
  for (const t of tags) {
    if (!isRecord(t) || typeof t.tag !== "string") {
      out.push("tags holds something that is not {tag, count}");
      continue;
    }
    counted.add(t.tag);
    const list = Object.hasOwn(tag_lists, t.tag) ? tag_lists[t.tag] : undefined;
    const actual = isSpan(list) ? list[1] : 0;
    if (t.count !== actual) out.push(`tags says "${t.tag}" has ${String(t.count)} entries, tag_lists has ${actual}`);
  }
  for (const [tag, list] of Object.entries(tag_lists)) {
    if (!counted.has(tag)) out.push(`tag_lists "${tag}" is missing from tags`);
    if (!isSpan(list)) out.push(`tag_lists has no entries for "${tag}"`);
    else if (!inside(list[0], list[1])) out.push(`the list of "${tag}" overruns build/docs.bin`);
  }
  for (const [id, list] of Object.entries(source_lists)) {
    // A source no fact names yet has an empty list.
    if (!isRecord(list) || !isCount(list.at) || !isCount(list.count)) out.push(`source_lists has no list for "${id}"`);
    else if (!inside(list.at, 2 * list.count)) out.push(`the facts of source "${id}" overrun build/docs.bin`);
  }
  if (out.length === 0 && n > 0) {
    const reader = new IndexReader(meta as unknown as ArchiveMeta, data);
    const first = reader.u32(records as number, 0);
    const end = reader.u32(records as number, n);
    if (first > end || end > (records as number)) out.push("the entry records overrun their table");
  }
  return out;
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffffffff;
}

/** `[offset, length]` of a non-empty list. */
function isSpan(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((n) => isCount(n)) && (value[1] as number) >= 1;
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
