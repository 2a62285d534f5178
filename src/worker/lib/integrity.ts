/**
 * Start-up check of the content artefacts: the worker would rather fail to start than serve
 * half an archive, so a truncated, hand-edited or mismatched `build/archive.js` and
 * `build/docs.bin` throw at module load.
 * @module
 */
import { docsHeader, type PackedArchive } from "../../shared/archive";

/** Problems listed in the error before the rest are counted; enough to act on. */
const SHOWN = 10;

/**
 * Throws one Error naming every broken invariant of `archive` and its documents `bytes`
 * (version present and the same in both, an entry for every document and a document for
 * every entry, tag indexes in range and consistent with the entries, tag counts matching).
 * Cheap: no document is decoded or parsed.
 * @example assertArchive(archive, docs); // at import, in store.ts
 */
export function assertArchive(archive: unknown, bytes: unknown): asserts archive is PackedArchive {
  const problems = archiveProblems(archive, bytes);
  if (problems.length === 0) return;
  const more = problems.length > SHOWN ? `\n  … and ${problems.length - SHOWN} more` : "";
  throw new Error(
    `build/archive.js is broken (${problems.length} problem${problems.length === 1 ? "" : "s"}); ` +
      `rebuild it with \`npm run build:content\`:\n  ${problems.slice(0, SHOWN).join("\n  ")}${more}`,
  );
}

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

/** Every broken invariant as a sentence; empty when the archive is whole. */
export function archiveProblems(archive: unknown, bytes: unknown): string[] {
  if (!isRecord(archive)) return ["the archive is not an object"];
  const out: string[] = [];
  const { version, publication, sources, entries, by_tag, tags, docs } = archive;
  if (typeof version !== "string" || version.length === 0) out.push("version is missing");
  if (!isRecord(publication) || typeof publication.title !== "string") out.push("publication is missing");
  if (!isRecord(sources)) out.push("sources is missing");
  if (!Array.isArray(entries)) out.push("entries is not a list");
  if (!isRecord(docs)) out.push("docs is missing");
  const data = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes instanceof Uint8Array ? bytes : undefined;
  if (data === undefined) out.push("build/docs.bin is missing");
  else if (typeof version === "string" && !startsWithHeader(data, version)) {
    out.push(`build/docs.bin is not the documents of version ${version}: rebuild both`);
  }
  if (!isRecord(by_tag)) out.push("by_tag is missing");
  if (!Array.isArray(tags)) out.push("tags is not a list");
  if (out.length > 0 || !data || !Array.isArray(entries) || !isRecord(docs) || !isRecord(by_tag) || !Array.isArray(tags)) return out;

  const slugs = new Set<string>();
  entries.forEach((e: unknown, i) => {
    if (!isRecord(e) || typeof e.slug !== "string" || !Array.isArray(e.tags)) {
      out.push(`entries[${i}] is not an entry`);
      return;
    }
    if (slugs.has(e.slug)) out.push(`entries[${i}] repeats slug "${e.slug}"`);
    slugs.add(e.slug);
    // A truncated or shifted document cannot start and end its JSON object where its span
    // says; checking those two bytes catches a cut file without decoding any document.
    const span = Object.hasOwn(docs, e.slug) ? docs[e.slug] : undefined;
    if (!isSpan(span)) out.push(`entries[${i}] "${e.slug}" has no document`);
    else if (span[0] + span[1] > data.length || data[span[0]] !== OPEN || data[span[0] + span[1] - 1] !== CLOSE) {
      out.push(`document "${e.slug}" is truncated`);
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
  const counted = new Set<string>();
  for (const t of tags as unknown[]) {
    if (!isRecord(t) || typeof t.tag !== "string") {
      out.push("tags holds something that is not {tag, count}");
      continue;
    }
    counted.add(t.tag);
    const indexes = Object.hasOwn(by_tag, t.tag) ? by_tag[t.tag] : undefined;
    const actual = Array.isArray(indexes) ? indexes.length : 0;
    if (t.count !== actual) out.push(`tags says "${t.tag}" has ${String(t.count)} entries, by_tag has ${actual}`);
  }
  for (const tag of Object.keys(by_tag)) {
    if (!counted.has(tag)) out.push(`by_tag "${tag}" is missing from tags`);
  }
  return out;
}

function isSpan(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && n >= 0) && value[1] >= 2;
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
