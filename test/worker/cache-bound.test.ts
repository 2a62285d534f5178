/**
 * A flood of distinct URLs cannot grow the isolate: 10,000 URLs that differ in their query
 * string, their Host or their parameters leave every cache within its budget (16 MiB in
 * all, against the 128 MB of a Workers isolate), and URLs that differ only in what a route
 * ignores (a page's `utm_source`) share one ready response instead of adding one each, while
 * URLs that differ in what their route reads (or refuses) still get their own answers.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker/index";
import { BUDGETS, CACHE_BUDGET, cachedBytes } from "../../src/worker/lib/cache";

const SLUG = "north-korean-workers-siberia-far-east";

async function get(url: string): Promise<Response> {
  const res = await worker.fetch(new Request(url), env, createExecutionContext());
  await res.arrayBuffer();
  return res;
}

describe("the isolate's caches under 10,000 distinct URLs", () => {
  it("share one ready response among URLs that differ only in parameters a page ignores", async () => {
    for (const path of [`/summaries/${SLUG}`, "/feed.xml", "/tags/russia?page=1", "/widget.js"]) {
      expect((await get(`https://flood.example${path}`)).status).toBe(200);
      const before = cachedBytes();
      for (let i = 0; i < 500; i++) {
        const res = await get(`https://flood.example${path}${path.includes("?") ? "&" : "?"}utm_source=${i}&fbclid=${i * 7}`);
        expect(res.status).toBe(200);
      }
      expect(cachedBytes(), path).toBe(before);
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

  it("stay within their budget of bytes, whatever the URLs", async () => {
    expect(Object.values(BUDGETS).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(CACHE_BUDGET);
    const urls: string[] = [];
    for (let i = 0; i < 2500; i++) {
      // Without base_url, a response names the request's origin: each Host is a body of its own.
      urls.push(`https://host-${i}.example/summaries/${SLUG}`);
      urls.push(`https://flood.example/api/v1/summaries?limit=${1 + (i % 100)}&tag=${i % 2 ? "russia" : "sanctions"}`);
      urls.push(`https://flood.example/oembed?url=${encodeURIComponent(`https://flood.example/summaries/${SLUG}`)}&maxwidth=${200 + i}`);
      urls.push(`https://host-${i}.example/feed.json?utm_source=${i}`);
    }
    let most = 0;
    for (const url of urls) {
      expect((await get(url)).status, url).toBe(200);
      most = Math.max(most, cachedBytes());
    }
    expect(urls).toHaveLength(10_000);
    expect(most).toBeLessThanOrEqual(CACHE_BUDGET);
    console.log(
      `10,000 distinct URLs: the caches held at most ${(most / 1024 / 1024).toFixed(2)} MiB of ${CACHE_BUDGET / 1024 / 1024} MiB`,
    );
    // What the flood pushed out is made again, and right, when asked for.
    const res = await worker.fetch(new Request(`https://host-0.example/summaries/${SLUG}`), env, createExecutionContext());
    expect(await res.text()).toContain("https://host-0.example/");
  }, 120_000);
});
