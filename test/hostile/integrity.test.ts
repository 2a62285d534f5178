/**
 * The content artefacts' checks on corrupted copies of a real built archive: `assertArchive`
 * (the index as one object and its documents), `assertLayout` (the worker's start-up check
 * of `build/archive.js` against `build/docs.bin`) and `assertPacked` (the build's full check
 * of both, and of the documents' shards, as written). Each corruption is refused with a message naming it; a whole archive
 * passes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { packArchive } from "../../src/content/emit";
import type { ArchiveMeta, PackedArchive } from "../../src/shared/archive";
import { assertArchive, assertLayout, assertPacked, unpackArchive } from "../../src/worker/lib/integrity";
import { buildCase, summary } from "./fixture";

let whole: PackedArchive;
let meta: ArchiveMeta;
let bytes: Uint8Array;
let documents: Uint8Array;

beforeAll(async () => {
  const result = await buildCase({ "summaries/second.md": summary({ tags: "[labour, second-only]", published: "2024-03-02" }) });
  if (!result.ok) throw new Error("the fixture should build");
  ({ index: whole, meta, bytes, documents } = packArchive(result.archive));
});

/** A deep copy of the whole index with one thing broken. */
function broken(mutate: (a: PackedArchive & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(whole) as PackedArchive & Record<string, unknown>;
  mutate(copy);
  return copy;
}

describe("assertArchive", () => {
  it("passes a whole archive", () => {
    expect(() => assertArchive(whole, bytes, documents)).not.toThrow();
    expect(() => assertArchive(whole, bytes.buffer, documents.buffer)).not.toThrow();
  });

  it.each([
    ["a missing docs.bin", () => undefined, () => documents, "build/docs.bin is missing"],
    [
      "a docs.bin of another build",
      () => packArchive({ ...structuredClone(whole), docs: {}, version: "0123456789abcdef" }).bytes,
      () => documents,
      "not the documents of version",
    ],
    ["missing documents", () => bytes, () => undefined, "the documents are missing"],
    ["documents cut short", () => bytes, () => documents.slice(0, documents.length - 10), "the shards end at byte"],
    // The right length, but every document in the wrong place.
    ["documents shifted", () => bytes, () => new Uint8Array([...documents.slice(10), ...new Uint8Array(10)]), "is truncated"],
  ])("refuses %s, naming it", (_what, makeBytes, makeDocuments, message) => {
    expect(() => assertArchive(whole, makeBytes(), makeDocuments())).toThrow(message);
    expect(() => assertArchive(whole, makeBytes(), makeDocuments())).toThrow("build/archive.js is broken");
  });

  it.each([
    ["a missing module default", () => undefined, "the archive is not an object"],
    ["a missing version", () => broken((a) => Reflect.deleteProperty(a, "version")), "version is missing"],
    ["an empty version", () => broken((a) => Object.assign(a, { version: "" })), "version is missing"],
    ["an entry without its document", () => broken((a) => Reflect.deleteProperty(a.docs, "second")), 'entries[0] "second" has no document'],
    ["a document without its entry", () => broken((a) => a.entries.pop()), 'document "example" has no entry'],
    [
      "a truncated document",
      () =>
        broken((a) =>
          Object.assign(a.docs, { second: [(a.docs.second as [number, number])[0], (a.docs.second as [number, number])[1] - 3] }),
        ),
      'document "second" is truncated',
    ],
    ["a repeated entry", () => broken((a) => a.entries.push(a.entries[0] as PackedArchive["entries"][0])), 'repeats slug "second"'],
    ["a tag index out of range", () => broken((a) => a.by_tag.labour?.push(7)), 'by_tag "labour" points at entry 7, out of range 0–1'],
    [
      "a tag index at an entry without the tag",
      () => broken((a) => a.by_tag["second-only"]?.push(1)),
      'by_tag "second-only" lists entry 1, which lacks the tag',
    ],
    ["a tag count that disagrees", () => broken((a) => Object.assign(a.tags[0] as object, { count: 5 })), "has 5 entries, by_tag has"],
    ["a tag missing from the tag list", () => broken((a) => a.tags.pop()), "is missing from tags"],
    ["entries that are not a list", () => broken((a) => Object.assign(a, { entries: {} })), "entries is not a list"],
    ["a shard table out of order", () => broken((a) => Object.assign(a, { shards: [0, 10, 5] })), "shards is not a table"],
    [
      "a shard cut inside a document",
      () => broken((a) => Object.assign(a, { shards: [0, (a.docs.second as [number, number])[0] + 1, documents.length] })),
      'document "second" runs over the end of its shard',
    ],
  ])("refuses %s, naming it", (_what, make, message) => {
    expect(() => assertArchive(make(), bytes, documents)).toThrow(message);
    expect(() => assertArchive(make(), bytes, documents)).toThrow("build/archive.js is broken");
  });

  it("lists every problem at once, up to ten, then counts the rest", () => {
    const many = broken((a) => {
      for (let i = 0; i < 12; i++) a.docs[`orphan-${i}`] = [0, 2];
    });
    expect(() => assertArchive(many, bytes, documents)).toThrow(/12 problems[\s\S]*orphan-9[\s\S]*… and 2 more/);
  });
});

/** A copy of `meta` with one thing broken. */
function brokenMeta(mutate: (m: ArchiveMeta & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(meta) as ArchiveMeta & Record<string, unknown>;
  mutate(copy);
  return copy;
}

/** A copy of `bytes` with one thing broken. */
function brokenBytes(mutate: (b: Uint8Array, view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  mutate(copy, new DataView(copy.buffer));
  return copy;
}

describe("assertLayout and assertPacked", () => {
  it("pass a whole archive, and read back the very index that was packed", () => {
    expect(() => assertLayout(meta, bytes)).not.toThrow();
    expect(() => assertLayout(meta, bytes.buffer)).not.toThrow();
    expect(() => assertPacked(meta, bytes, documents)).not.toThrow();
    expect(unpackArchive(meta, bytes)).toEqual(whole);
  });

  it.each([
    ["a missing docs.bin", () => meta, () => undefined, "build/docs.bin is missing"],
    ["a missing module default", () => undefined, () => bytes, "the archive is not an object"],
    [
      "a docs.bin of another build",
      () => brokenMeta((m) => Object.assign(m, { version: "0123456789abcdef" })),
      () => bytes,
      "not the documents of version",
    ],
    ["a docs.bin cut short", () => meta, () => bytes.slice(0, bytes.length - 10), "bytes where build/archive.js expects"],
    ["a docs.bin with bytes added", () => meta, () => new Uint8Array([...bytes, 0]), "it is truncated or was edited"],
    [
      "a shard table that does not start at 0",
      () => brokenMeta((m) => Object.assign(m, { shards: [4, 8] })),
      () => bytes,
      "shards is not a table",
    ],
    [
      "an entry count past the table",
      () => brokenMeta((m) => Object.assign(m, { count: m.count + 1000 })),
      () => bytes,
      "the entry table overruns",
    ],
    ["a slug table past the end", () => brokenMeta((m) => Object.assign(m, { by_slug: m.bytes })), () => bytes, "the slug table overruns"],
    [
      "a dictionary past the end",
      () => brokenMeta((m) => Object.assign(m, { dictionary: [m.bytes - 4, 100] })),
      () => bytes,
      "the documents' dictionary overruns",
    ],
    ["a count that is not one", () => brokenMeta((m) => Object.assign(m, { records: -4 })), () => bytes, "records is not a count"],
    [
      "a tag count that disagrees",
      () => brokenMeta((m) => Object.assign(m.tags[0] as object, { count: 5 })),
      () => bytes,
      "has 5 entries, tag_lists has",
    ],
    ["a tag missing from the tag list", () => brokenMeta((m) => m.tags.pop()), () => bytes, "is missing from tags"],
    [
      "a tag list past the end",
      () => brokenMeta((m) => Object.assign(m.tag_lists, { labour: [m.bytes - 4, 2] })),
      () => bytes,
      'the list of "labour" overruns',
    ],
  ])("assertLayout refuses %s, naming it", (_what, makeMeta, makeBytes, message) => {
    expect(() => assertLayout(makeMeta(), makeBytes())).toThrow(message);
    expect(() => assertLayout(makeMeta(), makeBytes())).toThrow("build/archive.js is broken");
    expect(() => assertPacked(makeMeta(), makeBytes(), documents)).toThrow(message);
  });

  it.each([
    [
      "a slug table out of order",
      () =>
        brokenBytes((_b, v) => {
          const first = v.getUint32(meta.by_slug, true);
          v.setUint32(meta.by_slug, v.getUint32(meta.by_slug + 4, true), true);
          v.setUint32(meta.by_slug + 4, first, true);
        }),
      "the slug table is out of order",
    ],
    [
      "a slug table naming one entry twice",
      () => brokenBytes((_b, v) => v.setUint32(meta.by_slug + 4, v.getUint32(meta.by_slug, true), true)),
      "twice",
    ],
    [
      "an entry record that is not JSON",
      () => brokenBytes((b, v) => b.set([0x3f], v.getUint32(meta.records + 4, true) - 1)),
      "an entry record cannot be read",
    ],
    [
      "a tag list naming an entry without the tag",
      () => brokenBytes((_b, v) => v.setUint32(meta.tag_lists["second-only"]?.[0] ?? 0, 1, true)),
      "which lacks the tag",
    ],
  ])("assertPacked refuses %s, which costs a full read to see", (_what, make, message) => {
    expect(() => assertLayout(meta, make())).not.toThrow();
    expect(() => assertPacked(meta, make(), documents)).toThrow(message);
    expect(() => assertPacked(meta, make(), documents)).toThrow("build/archive.js is broken");
  });
});
