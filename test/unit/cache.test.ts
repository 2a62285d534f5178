/**
 * The isolate's caches: each keeps the most recently used values within its budget of
 * bytes, and a value made asynchronously (a document read from the static assets, a page
 * that needs documents) is made once for every caller, and a failed attempt is not kept.
 */
import { describe, expect, it } from "vitest";
import { ByteCache, keyBytes, rememberAsync } from "../../src/worker/lib/cache";

describe("ByteCache", () => {
  it("keeps values within its budget of bytes, their keys counted, dropping the least recently used", () => {
    const cache = new ByteCache<string>(10 * (100 + keyBytes("k0")));
    for (let k = 0; k < 10; k++) cache.set(`k${k}`, "x", 100);
    expect(cache.bytes).toBe(cache.budget);
    // k0 is used again, so k1 is the least recently used when k10 arrives.
    expect(cache.get("k0")).toBe("x");
    cache.set("k10", "x", 100);
    expect(cache.bytes).toBeLessThanOrEqual(cache.budget);
    expect(cache.get("k1")).toBeUndefined();
    expect(cache.get("k0")).toBe("x");
    expect(cache.get("k10")).toBe("x");
  });

  it("never keeps a value larger than its whole budget, nor counts it", () => {
    const cache = new ByteCache<string>(1000);
    cache.set("small", "s", 10);
    cache.set("huge", "h", 2000);
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.get("small")).toBe("s");
    expect(cache.bytes).toBe(10 + keyBytes("small"));
  });

  it("counts a value stored again once", () => {
    const cache = new ByteCache<string>(10_000);
    cache.set("a", "1", 100);
    cache.set("a", "2", 300);
    expect(cache.bytes).toBe(300 + keyBytes("a"));
    expect(cache.get("a")).toBe("2");
  });
});

describe("rememberAsync", () => {
  it("makes a value once, however many callers ask for it at the same time, then counts its size", async () => {
    const cache = new ByteCache<Promise<number>>(10_000);
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 5));
      return 42;
    };
    const size = () => 500;
    expect(await Promise.all([rememberAsync(cache, "a", make, size), rememberAsync(cache, "a", make, size)])).toEqual([42, 42]);
    expect(await rememberAsync(cache, "a", make, size)).toBe(42);
    expect(made).toBe(1);
    expect(cache.bytes).toBe(500 + keyBytes("a"));
  });

  it("forgets a failure, so that the next caller tries again", async () => {
    const cache = new ByteCache<Promise<string>>(10_000);
    let attempts = 0;
    const make = async () => {
      attempts++;
      if (attempts === 1) throw new Error("the document is not there yet");
      return "read";
    };
    await expect(rememberAsync(cache, "doc", make, () => 4)).rejects.toThrow("the document is not there yet");
    expect(await rememberAsync(cache, "doc", make, () => 4)).toBe("read");
    expect(await rememberAsync(cache, "doc", make, () => 4)).toBe("read");
    expect(attempts).toBe(2);
  });

  it("keeps no more than its budget of values made", async () => {
    const cache = new ByteCache<Promise<number>>(8 * (1000 + keyBytes("99")));
    for (let k = 0; k < 100; k++)
      await rememberAsync(
        cache,
        String(k),
        async () => k,
        () => 1000,
      );
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.bytes).toBeLessThanOrEqual(cache.budget);
    expect(await cache.get("99")).toBe(99);
  });
});
