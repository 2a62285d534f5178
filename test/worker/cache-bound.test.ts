/**
 * A flood of distinct URLs cannot grow the isolate: 10,000 URLs that differ in their query
 * string, their Host or their parameters leave what every cache really holds within its
 * budget (16 MiB in all, against the 128 MB of a Workers isolate). "Really holds" is measured
 * here, not taken from the caches' own accounting: every entry is walked (promises awaited,
 * the whole buffer behind each byte array, every header, every string at two bytes a
 * character, an allowance per object and per pointer) and its bytes counted. URLs that
 * differ only in what a route ignores (a page's `utm_source`) share one ready response
 * instead of adding one each, while URLs that differ in what their route reads (or refuses)
 * still get their own answers.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker/index";
import { allCaches, BUDGETS, ByteCache, CACHE_BUDGET } from "../../src/worker/lib/cache";

const SLUG = "north-korean-workers-siberia-far-east";

/** V8's cost of a pointer and of an object's header, rounded up. */
const POINTER = 8;
const OBJECT = 32;

/**
 * The bytes `value` keeps alive, each object counted once in `seen`. Anything that is not a
 * string, number, byte array, Headers, Map, Promise, array or plain object fails the test: a cache
 * holding something this cannot weigh must be weighed before it is trusted.
 */
async function heldBytes(value: unknown, seen: Set<unknown>): Promise<number> {
  if (typeof value === "string") return OBJECT + 2 * value.length;
  if (typeof value !== "object" || value === null) return POINTER;
  if (seen.has(value)) return POINTER;
  seen.add(value);
  if (value instanceof Promise) return OBJECT + (await heldBytes(await value.catch(() => undefined), seen));
  if (ArrayBuffer.isView(value)) {
    // A view keeps its whole buffer alive, however little of it the view shows.
    const buffer = seen.has(value.buffer) ? 0 : value.buffer.byteLength;
    seen.add(value.buffer);
    return OBJECT + buffer;
  }
  if (value instanceof ArrayBuffer) return OBJECT + value.byteLength;
  if (value instanceof Headers) {
    let bytes = OBJECT;
    for (const [name, text] of value) bytes += 2 * OBJECT + 2 * (name.length + text.length);
    return bytes;
  }
  if (value instanceof Map) {
    let bytes = OBJECT;
    for (const [key, item] of value) bytes += 3 * POINTER + (await heldBytes(key, seen)) + (await heldBytes(item, seen));
    return bytes;
  }
  if (Array.isArray(value)) {
    let bytes = OBJECT + POINTER * value.length;
    for (const item of value) bytes += await heldBytes(item, seen);
    return bytes;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    throw new TypeError(`a cache holds a ${proto?.constructor?.name}, which this test cannot weigh`);
  let bytes = OBJECT;
  for (const [key, item] of Object.entries(value)) bytes += POINTER + 2 * key.length + (await heldBytes(item, seen));
  return bytes;
}

/** What `cache` really holds: each entry's key, its map slot and record, and its value. */
async function measured(cache: ByteCache<unknown>, seen: Set<unknown>): Promise<number> {
  let bytes = 0;
  for (const [key, value] of cache.entries()) bytes += OBJECT + 2 * key.length + 4 * POINTER + OBJECT + (await heldBytes(value, seen));
  return bytes;
}

/** The bindings a ready response points at exist anyway: they are not the caches' to count. */
const outside = () => new Set<unknown>([env]);

/** Each cache's real bytes, and the real bytes of all of them together (what two caches share counted once). */
async function held(): Promise<{ each: { budget: number; bytes: number }[]; total: number }> {
  const each = [];
  for (const cache of allCaches()) each.push({ budget: cache.budget, bytes: await measured(cache, outside()) });
  const shared = outside();
  let total = 0;
  for (const cache of allCaches()) total += await measured(cache, shared);
  return { each, total };
}

const entries = () => allCaches().reduce((n, cache) => n + [...cache.entries()].length, 0);

async function get(url: string): Promise<Response> {
  const res = await worker.fetch(new Request(url), env, createExecutionContext());
  await res.arrayBuffer();
  return res;
}

describe("the isolate's caches under 10,000 distinct URLs", () => {
  it("the measure sees what a cache's own accounting misses: values stored as smaller than they are", async () => {
    const lying = new ByteCache<Uint8Array>(64 * 1024);
    for (let i = 0; i < 100; i++) lying.set(`k${i}`, new Uint8Array(4096), 1);
    expect(lying.bytes).toBeLessThanOrEqual(lying.budget);
    expect(await measured(lying as ByteCache<unknown>, new Set())).toBeGreaterThan(100 * 4096);
    // A small view of a big buffer keeps the big buffer.
    lying.clear();
    lying.set("view", new Uint8Array(1024 * 1024).subarray(0, 10), 10);
    expect(await measured(lying as ByteCache<unknown>, new Set())).toBeGreaterThan(1024 * 1024);
    lying.clear();
  });

  it("share one ready response among URLs that differ only in parameters a page ignores", async () => {
    for (const path of [`/summaries/${SLUG}`, "/feed.xml", "/tags/russia?page=1", "/widget.js"]) {
      expect((await get(`https://flood.example${path}`)).status).toBe(200);
      const before = { entries: entries(), bytes: (await held()).total };
      for (let i = 0; i < 500; i++) {
        const res = await get(`https://flood.example${path}${path.includes("?") ? "&" : "?"}utm_source=${i}&fbclid=${i * 7}`);
        expect(res.status).toBe(200);
      }
      expect({ entries: entries(), bytes: (await held()).total }, path).toEqual(before);
    }
  });

  it("still tell apart URLs that differ in what their route reads, or refuses", async () => {
    expect((await get("https://flood.example/tags/russia?page=1&utm_source=a")).status).toBe(200);
    expect((await get("https://flood.example/tags/russia?page=2&utm_source=a")).status).toBe(404);
    expect((await get("https://flood.example/tags/russia?page=x")).status).toBe(400);
    expect((await get("https://flood.example/api/v1/summaries?limit=1")).status).toBe(200);
    expect((await get("https://flood.example/api/v1/summaries?limit=1&utm_source=a")).status).toBe(400);
    expect((await get("https://flood.example/api/v1/summaries?limit=2")).status).toBe(200);
    const one = (await (
      await worker.fetch(new Request("https://flood.example/api/v1/summaries?limit=1"), env, createExecutionContext())
    ).json()) as {
      items: unknown[];
    };
    expect(one.items).toHaveLength(1);
  });

  it("really hold no more than their budgets, measured every 500 URLs of the flood", async () => {
    expect(Object.values(BUDGETS).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(CACHE_BUDGET);
    const urls: string[] = [];
    for (let i = 0; i < 2500; i++) {
      // Without base_url, a response names the request's origin: each Host is a body of its own.
      urls.push(`https://host-${i}.example/summaries/${SLUG}`);
      urls.push(`https://flood.example/api/v1/summaries?limit=${1 + (i % 100)}&tag=${i % 2 ? "russia" : "sanctions"}`);
      urls.push(`https://flood.example/oembed?url=${encodeURIComponent(`https://flood.example/summaries/${SLUG}`)}&maxwidth=${200 + i}`);
      urls.push(`https://host-${i}.example/feed.json?utm_source=${i}`);
    }
    expect(urls).toHaveLength(10_000);
    let most = 0;
    for (const [i, url] of urls.entries()) {
      expect((await get(url)).status, url).toBe(200);
      if ((i + 1) % 500 !== 0) continue;
      const { each, total } = await held();
      for (const [n, cache] of each.entries()) expect(cache.bytes, `cache ${n} after ${i + 1} URLs`).toBeLessThanOrEqual(cache.budget);
      expect(total).toBeLessThanOrEqual(CACHE_BUDGET);
      most = Math.max(most, total);
    }
    // The flood filled them: a bound met by caches left nearly empty would prove nothing.
    expect(most).toBeGreaterThan(CACHE_BUDGET / 4);
    console.log(
      `10,000 distinct URLs: the caches really held at most ${(most / 1024 / 1024).toFixed(2)} MiB of ${CACHE_BUDGET / 1024 / 1024} MiB`,
    );
    // What the flood pushed out is made again, and right, when asked for.
    const res = await worker.fetch(new Request(`https://host-0.example/summaries/${SLUG}`), env, createExecutionContext());
    expect(await res.text()).toContain("https://host-0.example/");
  }, 180_000);
});
