/** HTTP semantics of every API route: validators and 304s, caching, HEAD, methods, CORS and the rest. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SummaryList } from "../../src/shared/api-schema";
import { get } from "./api-contract";

const SLUG = "north-korean-workers-siberia-far-east";

/** One address per route, plus the variants whose bodies differ (a tag, a page). */
const ROUTES = [
  "/api/v1/summaries",
  "/api/v1/summaries?limit=1",
  "/api/v1/summaries?tag=russia",
  `/api/v1/summaries/${SLUG}`,
  "/api/v1/facts",
  "/api/v1/facts?tag=sanctions&limit=2",
  "/api/v1/tags",
  "/openapi.json",
];

async function etagOf(path: string): Promise<string> {
  const res = await get(path);
  expect(res.status).toBe(200);
  const etag = res.headers.get("etag");
  expect(etag).not.toBeNull();
  return etag as string;
}

describe.each(ROUTES)("%s", (path) => {
  it("sends a strong ETag and an edge-friendly Cache-Control", async () => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    const cc = res.headers.get("cache-control") ?? "";
    expect(cc).toMatch(/(^|, )public(,|$)/);
    expect(Number(/max-age=(\d+)/.exec(cc)?.[1])).toBeGreaterThan(0);
    expect(Number(/max-age=(\d+)/.exec(cc)?.[1])).toBeLessThanOrEqual(3600);
    expect(Number(/stale-while-revalidate=(\d+)/.exec(cc)?.[1])).toBeGreaterThan(0);
    await res.arrayBuffer();
  });

  it("sends the same ETag for the same representation", async () => {
    expect(await etagOf(path)).toBe(await etagOf(path));
  });

  it.each([
    ["the ETag itself", (e: string) => e],
    ["the weak form W/ of the ETag", (e: string) => `W/${e}`],
    ["a list holding the ETag", (e: string) => `"nope", ${e} , W/"other"`],
    ["a list holding the weak ETag", (e: string) => `"nope",W/${e}`],
    ["*", () => "*"],
  ])("answers If-None-Match with %s with a 304 and no body", async (_, header) => {
    const etag = await etagOf(path);
    const res = await get(path, { headers: { "If-None-Match": header(etag) } });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(etag);
    expect(res.headers.get("cache-control")).toContain("max-age=");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.has("content-type")).toBe(false);
    expect(await res.text()).toBe("");
  });

  it("answers an If-None-Match that does not match with the full 200", async () => {
    const etag = await etagOf(path);
    for (const header of ['"something-else"', `W/"x${etag.slice(1)}`, "", `${etag.slice(0, -1)}"x"`]) {
      const res = await get(path, { headers: { "If-None-Match": header } });
      expect(res.status).toBe(200);
      expect((await res.text()).length).toBeGreaterThan(0);
    }
  });

  it("answers HEAD with the headers of GET and an empty body", async () => {
    const full = await get(path);
    const head = await get(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    for (const name of ["content-type", "etag", "cache-control", "link", "access-control-allow-origin", "x-content-type-options"]) {
      expect(head.headers.get(name), name).toBe(full.headers.get(name));
    }
    expect(await head.text()).toBe("");
    await full.arrayBuffer();
  });

  it("answers HEAD with If-None-Match with a 304", async () => {
    const etag = await etagOf(path);
    const res = await get(path, { method: "HEAD", headers: { "If-None-Match": etag } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
  });

  it.each(["POST", "PUT", "DELETE", "PATCH"])("refuses %s with a 405 problem listing the allowed methods", async (method) => {
    const res = await get(path, { method, body: method === "DELETE" ? undefined : "x=1" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await res.json()) as { status: number };
    expect(body.status).toBe(405);
  });

  it("answers a CORS preflight from any origin", async () => {
    for (const origin of ["https://news.example.org", "http://localhost:3000", "null"]) {
      const res = await get(path, {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "if-none-match" },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.has("access-control-allow-credentials")).toBe(false);
      expect(res.headers.get("access-control-allow-methods")).toContain("GET");
      expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("if-none-match");
      expect(Number(res.headers.get("access-control-max-age"))).toBeGreaterThan(0);
      expect(await res.text()).toBe("");
    }
  });

  it("is readable from any origin without credentials, with its validators exposed", async () => {
    const res = await get(path, { headers: { Origin: "https://news.example.org" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.has("access-control-allow-credentials")).toBe(false);
    const exposed = (res.headers.get("access-control-expose-headers") ?? "").toLowerCase().split(/\s*,\s*/);
    expect(exposed).toContain("etag");
    expect(exposed).toContain("link");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    await res.arrayBuffer();
  });
});

describe("validators across representations", () => {
  it("gives representations with different bodies different ETags", async () => {
    const seen = new Map<string, string>();
    for (const path of ROUTES) {
      const res = await get(path);
      seen.set(await res.text(), res.headers.get("etag") as string);
    }
    expect(new Set(seen.values()).size).toBe(seen.size);
  });

  it("does not let one route's ETag produce a 304 on another", async () => {
    const etag = await etagOf("/api/v1/tags");
    const res = await get("/api/v1/facts", { headers: { "If-None-Match": etag } });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it("changes the ETag with the origin the URLs inside the body use", async () => {
    const here = await etagOf("/api/v1/facts");
    const res = await exports.default.fetch("http://127.0.0.1:8787/api/v1/facts");
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).not.toBe(here);
    await res.arrayBuffer();
  });
});

describe("Link", () => {
  it("links each page but the last to the next one with rel=next", async () => {
    let path: string | null = "/api/v1/summaries?limit=1";
    let pages = 0;
    while (path !== null) {
      const res = await get(path);
      expect(res.status).toBe(200);
      const body = (await res.json()) as SummaryList;
      const link = res.headers.get("link");
      pages++;
      if (body.next_cursor === null) {
        expect(link).toBeNull();
        path = null;
      } else {
        const url = new URL(/^<([^>]+)>; rel="next"$/.exec(link ?? "")?.[1] as string);
        expect(url.origin).toBe("https://example.com");
        expect(url.searchParams.get("cursor")).toBe(body.next_cursor);
        expect(url.searchParams.get("limit")).toBe("1");
        path = `${url.pathname}${url.search}`;
      }
    }
    expect(pages).toBeGreaterThan(1);
  });

  it("keeps the tag in the next page's link", async () => {
    const res = await get("/api/v1/summaries?tag=russia&limit=1");
    expect(res.status).toBe(200);
    const url = new URL(/^<([^>]+)>/.exec(res.headers.get("link") ?? "")?.[1] as string);
    expect(url.searchParams.get("tag")).toBe("russia");
    await res.arrayBuffer();
  });
});

describe("errors", () => {
  it("carry the same CORS and nosniff headers as successes, and are never cached", async () => {
    for (const path of ["/api/v1/summaries/no-such-summary", "/api/v1/summaries?limit=0", "/api/v1/nowhere"]) {
      const res = await get(path, { headers: { Origin: "https://news.example.org" } });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(res.headers.has("access-control-allow-credentials")).toBe(false);
      expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.has("etag")).toBe(false);
      await res.arrayBuffer();
    }
  });

  it("answers HEAD of a missing summary with a 404 and no body", async () => {
    const res = await get("/api/v1/summaries/no-such-summary", { method: "HEAD" });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(await res.text()).toBe("");
  });
});
