/** Per-request cost: bodies are rendered once per isolate and served from memory afterwards. */
import { describe, expect, it } from "vitest";
import { represent } from "../../src/worker/lib/respond";
import { archive, countFor, entryAt } from "../../src/worker/lib/store";

describe("represent", () => {
  it("renders a representation once, then serves the same body and ETag", () => {
    let renders = 0;
    const key = `test ${crypto.randomUUID()}`;
    const render = () => {
      renders++;
      return JSON.stringify({ hello: "world" });
    };
    const first = represent(key, "application/json; charset=utf-8", render);
    const again = represent(key, "application/json; charset=utf-8", render);
    expect(renders).toBe(1);
    expect(again).toBe(first);
  });

  it("derives a strong ETag from the archive version and the body", () => {
    const a = represent(`test ${crypto.randomUUID()}`, "text/plain", () => "a");
    const b = represent(`test ${crypto.randomUUID()}`, "text/plain", () => "b");
    const a2 = represent(`test ${crypto.randomUUID()}`, "text/plain", () => "a");
    expect(a.etag).toMatch(new RegExp(`^"${archive.version}-[0-9a-z]+-[0-9a-z]+"$`));
    expect(a.etag).not.toBe(b.etag);
    expect(a2.etag).toBe(a.etag);
  });
});

describe("entry access", () => {
  it("reads any entry of any tag by position, matching the archive's index", () => {
    expect(countFor()).toBe(archive.entries.length);
    for (let i = 0; i < countFor(); i++) expect(entryAt(undefined, i)).toBe(archive.entries[i]);
    for (const [tag, indexes] of Object.entries(archive.by_tag)) {
      expect(countFor(tag)).toBe(indexes.length);
      indexes.forEach((index, i) => {
        expect(entryAt(tag, i)).toBe(archive.entries[index]);
        expect(entryAt(tag, i).tags).toContain(tag);
      });
    }
    expect(countFor("no-such-tag")).toBe(0);
    expect(countFor("__proto__")).toBe(0);
  });
});
