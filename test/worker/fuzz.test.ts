/**
 * Property test: random methods, paths and query strings anywhere on the worker never get a
 * 5xx or a stack trace, and every API-kind error is a valid problem+json.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SummaryList, TagCount } from "../../src/shared/api-schema";
import worker from "../../src/worker/index";
import { expectContract, expectProblemBody, get, loadContract, mediaType, ORIGIN, STACK_TRACE } from "./api-contract";

/**
 * Runs per property. the Workers Vitest plugin does not pass `process.env` into workerd, so CI
 * and local runs use the same count; 1,000 runs take a few seconds.
 */
const RUNS = 1000;

/**
 * The worker's own fetch handler, called inside workerd without the exports.default hop: exports.default.fetch
 * gets slower with every request a workerd instance has served (cloudflare/workers-sdk
 * #15446), which makes thousands of runs take minutes. A parity property below checks the
 * handler answers exactly as exports.default does.
 */
async function handle(url: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(url, init), env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** Where every error is problem+json: `/api`, `/openapi.json`, `/oembed`, feeds. */
function problemKind(path: string): boolean {
  return (
    path === "/api" ||
    path.startsWith("/api/") ||
    path === "/openapi.json" ||
    path === "/oembed" ||
    /^\/(?:tags\/[^/]+\/)?(?:feed\.xml|atom\.xml|feed\.json)$/.test(path)
  );
}

function tryDecodeURI(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

async function realData() {
  const list = (await (await get("/api/v1/summaries?limit=1")).json()) as SummaryList;
  const tags = ((await (await get("/api/v1/tags")).json()) as TagCount[]).map((t) => t.tag);
  const all = (await (await get("/api/v1/summaries?limit=100")).json()) as SummaryList;
  return { slugs: all.items.map((s) => s.slug), tags, cursor: list.next_cursor ?? "" };
}

function requests(data: Awaited<ReturnType<typeof realData>>) {
  const stale = btoa("c2:0123456789abcdef:1:").replace(/=+$/, "");
  const segment = fc.oneof(
    fc.constantFrom(
      "api",
      "v1",
      "summaries",
      "facts",
      "tags",
      "oembed",
      "openapi.json",
      "feed.xml",
      "atom.xml",
      "feed.json",
      "embed",
      "widget.js",
      "",
      ".",
      "..",
      "%2e%2e",
      "%2E%2e%2F",
      "..%2F",
      "..%5C",
      "%00",
      "%2F",
      "%",
      "%zz",
      "%E0%A4%A",
      "%C0%AE",
      "%252e",
      "\\",
      ";",
      ...data.slugs,
      ...data.tags,
    ),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: "grapheme", maxLength: 6 }),
    fc.string({ unit: "binary", maxLength: 4 }),
    fc.stringMatching(/^%[0-9A-Fa-f]{2}$/),
  );
  const prefix = fc.constantFrom(
    "/api/v1/summaries",
    "/api/v1/summaries/",
    "/api/v1/facts",
    "/api/v1/tags",
    "/api/v1/",
    "/api/",
    "/api",
    "/oembed",
    "/openapi.json",
    "/feed.xml",
    "/atom.xml",
    "/feed.json",
    "/tags/",
    `/tags/${data.tags[0]}/`,
    "/summaries/",
    "/embed/",
    "/widget.js",
    "/widget/",
    "/",
  );
  const path = fc.tuple(prefix, fc.array(segment, { maxLength: 4 })).map(([p, segs]) => p + segs.join("/"));
  const key = fc.oneof(
    fc.constantFrom("tag", "limit", "cursor", "url", "format", "maxwidth", "maxheight", "__proto__", "constructor", ""),
    fc.string({ maxLength: 8 }),
  );
  const value = fc.oneof(
    fc.constantFrom(
      ...data.tags,
      "1",
      "0",
      "20",
      "100",
      "101",
      "-1",
      "1e3",
      "",
      "json",
      "xml",
      data.cursor,
      stale,
      "%00",
      "%",
      "A".repeat(300),
      `${ORIGIN}/summaries/${data.slugs[0]}`,
      `${ORIGIN}/embed/${data.slugs[0]}`,
    ),
    fc.string({ maxLength: 20 }),
    fc.integer().map(String),
  );
  // Half the pairs percent-encoded, half raw, so both the parser and the decoder get hit.
  const pair = fc
    .tuple(key, value, fc.boolean())
    .map(([k, v, encode]) => (encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`));
  const query = fc.array(pair, { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.join("&")}` : ""));
  // Every method workerd's fetch lets a client send (it refuses CONNECT and unknown tokens).
  const method = fc.constantFrom(
    "GET",
    "GET",
    "GET",
    "get",
    "HEAD",
    "OPTIONS",
    "POST",
    "PUT",
    "DELETE",
    "PATCH",
    "patch",
    "PROPFIND",
    "PURGE",
    "TRACE",
    "REPORT",
  );
  const inm = fc.oneof(fc.constant(undefined), fc.constant("*"), fc.constantFrom('"x"', 'W/"x"', ",,,", "W/", '"'));
  return fc.record({ path, query, method, inm });
}

function init(method: string, inm: string | undefined): RequestInit {
  return {
    method,
    headers: inm === undefined ? {} : { "If-None-Match": inm },
    // A redirect is an answer to compare, not to follow.
    redirect: "manual",
    body: ["POST", "PUT", "PATCH", "patch", "PROPFIND", "REPORT"].includes(method) ? "x=1" : undefined,
  };
}

describe("any request", () => {
  it(`never gets a 5xx or a stack, and API-kind errors are problem+json (${RUNS} runs)`, async () => {
    const contract = await loadContract();
    const data = await realData();
    const seen = { problems: 0, ok: 0 };
    await fc.assert(
      fc.asyncProperty(requests(data), async ({ path, query, method, inm }) => {
        let url: URL;
        try {
          url = new URL(`${ORIGIN}${path}${query}`);
        } catch {
          return fc.pre(false);
        }
        const res = await handle(url.href, init(method, inm));
        const raw = url.pathname;
        const decoded = tryDecodeURI(raw);
        // oEmbed's XML format is a documented 501; nothing else may be a 5xx.
        const documented501 = res.status === 501 && decoded === "/oembed";
        expect(res.status < 500 || documented501, `${method} ${url.href} → ${res.status}`).toBe(true);
        // Both readings of the path must agree before asserting problem+json: the worker
        // routes on a decoded path, and odd encodings could make the two differ.
        const apiKind = problemKind(raw) && problemKind(decoded);
        if (res.status >= 200 && res.status < 300) seen.ok++;
        if (res.status === 301) {
          // One address per resource: a trailing slash is sent to the path without it, query kept.
          expect(raw.endsWith("/"), `${method} ${url.href} → 301`).toBe(true);
          expect(res.headers.get("location")).toBe(`${ORIGIN}${raw.replace(/\/+$/, "") || "/"}${url.search}`);
          expect(await res.text()).toBe("");
        } else if (apiKind && res.status !== 304 && (res.status < 200 || res.status >= 300)) {
          seen.problems++;
          expect(mediaType(res), `${method} ${url.href} → ${res.status}`).toBe("application/problem+json");
          if (method === "HEAD") expect(await res.text()).toBe("");
          else await expectProblemBody(res, contract);
        } else {
          const text = await res.text();
          if (res.status === 304 || method === "HEAD") expect(text).toBe("");
          expect(text).not.toMatch(STACK_TRACE);
        }
        if (apiKind) {
          expect(res.headers.get("access-control-allow-origin")).toBe("*");
          expect(res.headers.has("access-control-allow-credentials")).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
    // The generators must reach every branch, or the property says little.
    expect(seen.problems).toBeGreaterThan(RUNS / 10);
    expect(seen.ok).toBeGreaterThan(RUNS / 50);
  }, 60_000);

  it(`never gets a 5xx on the API for any query string of known names (${RUNS} runs)`, async () => {
    const contract = await loadContract();
    const data = await realData();
    const templates: Record<string, string> = {
      "/api/v1/summaries": "/summaries",
      "/api/v1/facts": "/facts",
      "/api/v1/tags": "/tags",
      [`/api/v1/summaries/${data.slugs[0]}`]: "/summaries/{slug}",
    };
    const route = fc.constantFrom(...Object.keys(templates));
    const param = fc.tuple(
      fc.constantFrom("tag", "limit", "cursor"),
      fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...data.tags, data.cursor), fc.integer({ min: -5, max: 200 }).map(String)),
    );
    await fc.assert(
      fc.asyncProperty(route, fc.array(param, { maxLength: 3 }), async (path, params) => {
        const query = new URLSearchParams(params);
        const res = await handle(`${ORIGIN}${path}?${query}`);
        expect([200, 400]).toContain(res.status);
        if (res.status === 400) {
          const body = await expectProblemBody(res.clone(), contract);
          expect(Array.isArray(body.errors) && body.errors.length > 0, "a 400 names the fields at fault").toBe(true);
        }
        await expectContract(res, templates[path] as string);
      }),
      { numRuns: RUNS },
    );
  }, 60_000);
});

describe("the in-process handler", () => {
  it("answers random requests exactly as exports.default.fetch does (100 runs)", async () => {
    const data = await realData();
    await fc.assert(
      fc.asyncProperty(requests(data), async ({ path, query, method, inm }) => {
        let url: URL;
        try {
          url = new URL(`${ORIGIN}${path}${query}`);
        } catch {
          return fc.pre(false);
        }
        const [a, b] = await Promise.all([exports.default.fetch(url.href, init(method, inm)), handle(url.href, init(method, inm))]);
        expect(b.status).toBe(a.status);
        expect(b.headers.get("content-type")).toBe(a.headers.get("content-type"));
        expect(b.headers.get("etag")).toBe(a.headers.get("etag"));
        expect(await b.text()).toBe(await a.text());
      }),
      { numRuns: 100 },
    );
  }, 60_000);
});

// Keep the stack pattern honest: it must catch a real V8 stack and spare ordinary text.
describe("the stack-trace detector", () => {
  it("recognises a stack and ignores prose", () => {
    expect(new Error("boom").stack ?? "").toMatch(STACK_TRACE);
    expect('{"detail":"limit: must be a whole number from 1 to 100"}').not.toMatch(STACK_TRACE);
  });
});
