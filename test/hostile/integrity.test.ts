/**
 * The content artefacts on a real built archive and on corrupted copies of it: what the
 * build writes reads back, as the worker reads it, to the very archive it packed; the
 * worker's start-up check (`assertLayout`) refuses each corruption it can see cheaply with
 * a message naming it; and the tests' full read-back (`readBack`) is not blind to the rest.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { packArchive } from "../../src/content/emit";
import type { Archive, ArchiveMeta } from "../../src/shared/archive";
import { assertLayout } from "../../src/worker/lib/integrity";
import { readBack } from "../support/archive-read-back";
import { buildCase, summary } from "./fixture";

let archive: Archive;
let meta: ArchiveMeta;
let bytes: Uint8Array;
let documents: Map<string, Uint8Array>;

beforeAll(async () => {
  const result = await buildCase({ "summaries/second.md": summary({ tags: "[labour, second-only]", published: "2024-03-02" }) });
  if (!result.ok) throw new Error("the fixture should build");
  archive = result.archive;
  ({ meta, bytes, documents } = packArchive(archive));
});

describe("what the build writes", () => {
  it("reads back, as the worker reads it, to the archive it packed: one document file per summary", () => {
    expect(readBack(meta, bytes, (file) => documents.get(file))).toEqual(archive);
    expect(documents.size).toBe(archive.entries.length);
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

describe("assertLayout, the worker's start-up check", () => {
  it("passes a whole archive", () => {
    expect(() => assertLayout(meta, bytes)).not.toThrow();
    expect(() => assertLayout(meta, bytes.buffer)).not.toThrow();
  });

  it.each([
    ["a missing docs.bin", () => meta, () => undefined, "build/docs.bin is missing"],
    ["a missing module default", () => undefined, () => bytes, "the archive is not an object"],
    ["a missing version", () => brokenMeta((m) => Reflect.deleteProperty(m, "version")), () => bytes, "version is missing"],
    [
      "a docs.bin of another build",
      () => brokenMeta((m) => Object.assign(m, { version: "0123456789abcdef" })),
      () => bytes,
      "not the index of version",
    ],
    ["a docs.bin cut short", () => meta, () => bytes.slice(0, bytes.length - 10), "bytes where build/archive.js expects"],
    ["a docs.bin with bytes added", () => meta, () => new Uint8Array([...bytes, 0]), "it is truncated or was edited"],
    [
      "an entry count past the table",
      () => brokenMeta((m) => Object.assign(m, { count: m.count + 1000 })),
      () => bytes,
      "the entry table overruns",
    ],
    ["a slug table past the end", () => brokenMeta((m) => Object.assign(m, { by_slug: m.bytes })), () => bytes, "the slug table overruns"],
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
  ])("refuses %s, naming it", (_what, makeMeta, makeBytes, message) => {
    expect(() => assertLayout(makeMeta(), makeBytes())).toThrow(message);
    expect(() => assertLayout(makeMeta(), makeBytes())).toThrow("build/archive.js is broken");
  });

  it("lists every problem at once, up to ten, then counts the rest", () => {
    const many = brokenMeta((m) => {
      for (let i = 0; i < 12; i++) m.tag_lists[`orphan-${i}`] = [m.records, 1];
    });
    expect(() => assertLayout(many, bytes)).toThrow(/12 problems[\s\S]*orphan-9[\s\S]*… and 2 more/);
  });
});

describe("readBack, the tests' full check", () => {
  const slugTableSwapped = () =>
    brokenBytes((_b, v) => {
      const first = v.getUint32(meta.by_slug, true);
      v.setUint32(meta.by_slug, v.getUint32(meta.by_slug + 4, true), true);
      v.setUint32(meta.by_slug + 4, first, true);
    });
  /** The documents with the first one changed by `change`. */
  const withFirst = (change: (document: Uint8Array) => Uint8Array | undefined) => {
    const [first] = documents.keys();
    return (f: string) => (f === first ? change(documents.get(f) as Uint8Array) : documents.get(f));
  };

  it.each([
    ["a slug table out of order", () => readBack(meta, slugTableSwapped()), "is not found by its slug"],
    [
      "a missing document",
      () =>
        readBack(
          meta,
          bytes,
          withFirst(() => undefined),
        ),
      "is missing",
    ],
    [
      "a cut document",
      () =>
        readBack(
          meta,
          bytes,
          withFirst((d) => d.subarray(1)),
        ),
      "bytes, not",
    ],
    [
      "a document that is not UTF-8",
      () =>
        readBack(
          meta,
          bytes,
          withFirst((d) => d.map((b, i) => (i === 1 ? 0xff : b))),
        ),
      "encoded data",
    ],
  ])("refuses %s", (_what, read, message) => {
    expect(read).toThrow(message);
  });

  it("tells a tag list naming an entry without the tag from the archive packed", () => {
    const swapped = brokenBytes((_b, v) => v.setUint32(meta.tag_lists["second-only"]?.[0] ?? 0, 1, true));
    expect(() => assertLayout(meta, swapped)).not.toThrow();
    expect(readBack(meta, swapped, (f) => documents.get(f))).not.toEqual(archive);
  });
});
