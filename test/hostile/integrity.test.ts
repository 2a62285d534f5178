/**
 * `assertArchive`, the worker's start-up check, on corrupted copies of a real built archive
 * (its index, as `build/archive.js` exports it, and its documents, as `build/docs.bin`):
 * each corruption is refused with a message naming it; a whole archive passes.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { packArchive } from "../../src/content/emit";
import type { PackedArchive } from "../../src/shared/archive";
import { assertArchive } from "../../src/worker/lib/integrity";
import { buildCase, summary } from "./fixture";

let whole: PackedArchive;
let bytes: Uint8Array;

beforeAll(async () => {
  const result = await buildCase({ "summaries/second.md": summary({ tags: "[labour, second-only]", published: "2024-03-02" }) });
  if (!result.ok) throw new Error("the fixture should build");
  ({ index: whole, bytes } = packArchive(result.archive));
});

/** A deep copy of the whole index with one thing broken. */
function broken(mutate: (a: PackedArchive & Record<string, unknown>) => void): unknown {
  const copy = structuredClone(whole) as PackedArchive & Record<string, unknown>;
  mutate(copy);
  return copy;
}

describe("assertArchive", () => {
  it("passes a whole archive", () => {
    expect(() => assertArchive(whole, bytes)).not.toThrow();
    expect(() => assertArchive(whole, bytes.buffer)).not.toThrow();
  });

  it.each([
    ["missing documents", () => undefined, "build/docs.bin is missing"],
    [
      "documents of another build",
      () => packArchive({ ...structuredClone(whole), docs: {}, version: "0123456789abcdef" }).bytes,
      "not the documents of version",
    ],
    ["documents cut short", () => bytes.slice(0, bytes.length - 10), "is truncated"],
  ])("refuses %s, naming it", (_what, make, message) => {
    expect(() => assertArchive(whole, make())).toThrow(message);
    expect(() => assertArchive(whole, make())).toThrow("build/archive.js is broken");
  });

  it.each([
    ["a missing module default", () => undefined, "the archive is not an object"],
    ["a missing version", () => broken((a) => Reflect.deleteProperty(a, "version")), "version is missing"],
    ["an empty version", () => broken((a) => Object.assign(a, { version: "" })), "version is missing"],
    ["an entry without its document", () => broken((a) => Reflect.deleteProperty(a.docs, "second")), 'entries[0] "second" has no document'],
    ["a document without its entry", () => broken((a) => a.entries.pop()), 'document "example" has no entry'],
    [
      "a truncated document",
      () => broken((a) => Object.assign(a.docs, { second: [(a.docs.second as [number, number])[0], 100] })),
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
  ])("refuses %s, naming it", (_what, make, message) => {
    expect(() => assertArchive(make(), bytes)).toThrow(message);
    expect(() => assertArchive(make(), bytes)).toThrow("build/archive.js is broken");
  });

  it("lists every problem at once, up to ten, then counts the rest", () => {
    const many = broken((a) => {
      for (let i = 0; i < 12; i++) a.docs[`orphan-${i}`] = [0, 2];
    });
    expect(() => assertArchive(many, bytes)).toThrow(/12 problems[\s\S]*orphan-9[\s\S]*… and 2 more/);
  });
});
