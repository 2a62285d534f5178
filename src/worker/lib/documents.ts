/**
 * How each summary's document (its API JSON) is stored in `build/docs.bin`: raw DEFLATE
 * (RFC 1951) against a preset dictionary of sample documents from the same archive. The
 * dictionary lets each document be compressed on its own, so that one is read without the
 * others, to within about a tenth of what the whole file gzips to. workerd copies a Data
 * module into the isolate when it starts, so these bytes are start-up cost: compressed, the
 * documents of 10,000 synthetic summaries are 11 MB instead of 46 MB.
 *
 * `node:zlib` is Node's own, and workerd's with the `nodejs_compat` flag.
 * @module
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";

/** Deflate's window: a preset dictionary longer than this is never looked at. */
const WINDOW = 32 * 1024;

/**
 * A preset dictionary for `documents`: whole documents taken evenly across the archive,
 * newest last (deflate prefers near matches), up to the 32 KiB window.
 */
export function dictionaryFor(documents: readonly Uint8Array[]): Uint8Array {
  const picked: Uint8Array[] = [];
  let size = 0;
  const step = Math.max(1, Math.floor(documents.length / 16));
  for (let i = 0; i < documents.length && size < WINDOW; i += step) {
    const doc = documents[i] as Uint8Array;
    picked.unshift(doc);
    size += doc.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const doc of picked) {
    out.set(doc, at);
    at += doc.length;
  }
  return out.subarray(Math.max(0, size - WINDOW));
}

export function compressDocument(utf8: Uint8Array, dictionary: Uint8Array): Uint8Array {
  return deflateRawSync(utf8, { level: 9, dictionary });
}

/** The bytes that `[offset, length]` names in `bytes`. */
export function spanIn(bytes: Uint8Array, [offset, length]: readonly [number, number]): Uint8Array {
  return bytes.subarray(offset, offset + length);
}

/**
 * The UTF-8 bytes of the document stored at `span` of `docs` (`build/docs.bin`); throws on
 * bytes that are not one (cut, edited).
 */
export function documentAt(docs: Uint8Array, span: readonly [number, number], dictionary: Uint8Array): Uint8Array {
  return inflateRawSync(spanIn(docs, span), { dictionary });
}
