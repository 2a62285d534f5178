/**
 * The content artefacts read back as the worker reads them, into the form the build derived
 * them in: the tests' full check of what the build writes (the worker checks only what is
 * cheap at start-up, `src/worker/lib/integrity.ts`). A whole archive reads back equal to the
 * archive packed.
 * @module
 */
import { type Archive, type ArchiveMeta, IndexReader } from "../../src/shared/archive";

/**
 * `meta` and `bytes` (`build/archive.js`, `build/docs.bin`) as an `Archive`, every entry read
 * with `IndexReader` and found again by its slug, every tag and source list read in full, and each
 * document (when `documentOf` is given) read from its file, which must hold as many bytes as
 * its entry records, as UTF-8. Throws, naming the summary, when one does not.
 */
export function readBack(meta: ArchiveMeta, bytes: Uint8Array, documentOf?: (file: string) => Uint8Array | undefined): Archive {
  const reader = new IndexReader(meta, bytes);
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const entries: Archive["entries"] = [];
  const docs: Archive["docs"] = {};
  for (let i = 0; i < meta.count; i++) {
    const { entry, doc } = reader.entry(i);
    entries.push(entry);
    if (reader.indexOf(entry.slug) !== i) throw new Error(`"${entry.slug}" is not found by its slug`);
    if (documentOf === undefined) continue;
    const document = documentOf(doc.file);
    if (document === undefined) throw new Error(`the document of "${entry.slug}", ${doc.file}, is missing`);
    if (document.length !== doc.length) throw new Error(`the document of "${entry.slug}" has ${document.length} bytes, not ${doc.length}`);
    docs[entry.slug] = utf8.decode(document);
  }
  const by_tag: Archive["by_tag"] = {};
  for (const tag of Object.keys(meta.tag_lists)) {
    by_tag[tag] = Array.from({ length: reader.tagCount(tag) }, (_, k) => reader.tagged(tag, k));
  }
  const by_source: Archive["by_source"] = {};
  for (const [id, { country, count, origin }] of Object.entries(meta.source_lists)) {
    by_source[id] = { country, facts: Array.from({ length: count }, (_, k) => reader.sourceFact(id, k)), origin };
  }
  const { version, publication, sources, tags } = meta;
  return { version, publication, sources, entries, by_tag, tags, by_source, docs };
}
