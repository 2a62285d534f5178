/** Per-request cost: bodies are rendered once per isolate and served from memory afterwards. */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import docsBytes from "../../build/docs.bin";
import worker from "../../src/worker/index";
import { represent } from "../../src/worker/lib/respond";
import { archive, countFor, entryAt, hasSummary } from "../../src/worker/lib/store";
import { readBack } from "../support/archive-read-back";

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

describe("send", () => {
  const SLUG = "https://keyfacts.test/api/v1/summaries/north-korean-labourers-russia-2024";
  // In process, without the exports.default hop, so the response is the very object send() made.
  const app = { request: (url: string, init?: RequestInit) => worker.fetch(new Request(url, init), env, createExecutionContext()) };

  it("gives every response its own headers, though it builds them once", async () => {
    const first = await app.request(SLUG);
    first.headers.set("Access-Control-Allow-Origin", "https://changed.example");
    first.headers.delete("ETag");
    const second = await app.request(SLUG);
    expect(second.status).toBe(200);
    expect(second.headers.get("access-control-allow-origin")).toBe("*");
    expect(second.headers.get("etag")).toMatch(/^"/);
    expect(second.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });

  it("answers a 304 with the validators and caching but without the body's type", async () => {
    const etag = (await app.request(SLUG)).headers.get("etag") as string;
    const res = await app.request(SLUG, { headers: { "If-None-Match": etag } });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(etag);
    expect(res.headers.get("cache-control")).toMatch(/max-age=/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("content-type")).toBeNull();
    // The 200 after a 304 still has its type: the two are sent with different headers.
    expect((await app.request(SLUG)).headers.get("content-type")).toBe("application/json; charset=utf-8");
  });
});

describe("entry access", () => {
  it("reads any entry of any tag by position, matching the archive's index", () => {
    const index = readBack(archive, new Uint8Array(docsBytes));
    expect(countFor()).toBe(index.entries.length);
    for (let i = 0; i < countFor(); i++) expect(entryAt(undefined, i)).toEqual(index.entries[i]);
    for (const [tag, indexes] of Object.entries(index.by_tag)) {
      expect(countFor(tag)).toBe(indexes.length);
      indexes.forEach((at, i) => {
        expect(entryAt(tag, i)).toEqual(entryAt(undefined, at));
        expect(entryAt(tag, i).tags).toContain(tag);
      });
    }
    expect(countFor("no-such-tag")).toBe(0);
    expect(countFor("__proto__")).toBe(0);
  });

  it("finds every published slug, and no other", () => {
    for (const e of readBack(archive, new Uint8Array(docsBytes)).entries) expect(hasSummary(e.slug)).toBe(true);
    for (const slug of ["", "a", "zzzz", "__proto__", "constructor", "example-", "toString"]) expect(hasSummary(slug)).toBe(false);
  });
});
