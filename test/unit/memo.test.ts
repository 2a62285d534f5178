/**
 * The isolate's caches: a value made asynchronously (a shard read from the static assets, a
 * page that needs documents) is made once for every caller, and a failed attempt is not kept.
 */
import { describe, expect, it } from "vitest";
import { BoundedMap, memoIn } from "../../src/worker/lib/memo";

describe("memoIn", () => {
  it("makes a value once, however many callers ask for it at the same time", async () => {
    const map = new BoundedMap<string, Promise<number>>(10);
    let made = 0;
    const make = async () => {
      made++;
      await new Promise((r) => setTimeout(r, 5));
      return 42;
    };
    expect(await Promise.all([memoIn(map, "a", make), memoIn(map, "a", make), memoIn(map, "a", make)])).toEqual([42, 42, 42]);
    expect(await memoIn(map, "a", make)).toBe(42);
    expect(made).toBe(1);
  });

  it("forgets a failure, so that the next caller tries again", async () => {
    const map = new BoundedMap<string, Promise<string>>(10);
    let attempts = 0;
    const make = async () => {
      attempts++;
      if (attempts === 1) throw new Error("the shard is not there yet");
      return "read";
    };
    await expect(memoIn(map, "shard 0", make)).rejects.toThrow("the shard is not there yet");
    expect(await memoIn(map, "shard 0", make)).toBe("read");
    expect(await memoIn(map, "shard 0", make)).toBe("read");
    expect(attempts).toBe(2);
  });

  it("keeps no more than its bound", async () => {
    const map = new BoundedMap<number, Promise<number>>(8);
    for (let k = 0; k < 100; k++) await memoIn(map, k, async () => k);
    const kept = Array.from({ length: 100 }, (_, k) => k).filter((k) => map.has(k));
    expect(kept.length).toBeLessThanOrEqual(8);
    expect(kept).toContain(99);
  });
});
