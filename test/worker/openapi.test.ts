/** `/openapi.json`: an OpenAPI 3.1 document from the shared schemas, and every real response matches it. */

import { exports } from "cloudflare:workers";
import type { Schema } from "@cfworker/json-schema";
import { describe, expect, it } from "vitest";
import type { FactList, SourceInfo, SummaryList } from "../../src/shared/api-schema";
import { apiSchemas } from "../../src/shared/api-schema";
import { expectContract, get, loadContract, ORIGIN, schemaErrors } from "./api-contract";

const SLUG = "north-korean-workers-siberia-far-east";
/** A source with more than one fact, so its facts page. */
const SOURCE = "saednews";

/** Every `$ref` string anywhere in `value`. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/** The ETag of a 200, for the 304 cases. */
async function etagOf(path: string): Promise<string> {
  const res = await get(path);
  await res.arrayBuffer();
  return res.headers.get("etag") as string;
}

async function nextCursor(path: string): Promise<string> {
  const body = (await (await get(path)).json()) as SummaryList;
  return body.next_cursor as string;
}

describe("the document", () => {
  it("is OpenAPI 3.1 JSON with this origin's /api/v1 as its server", async () => {
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const doc = (await res.json()) as { openapi: string; info: { title: string; version: string }; servers: { url: string }[] };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title.length).toBeGreaterThan(0);
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc.servers).toEqual([{ url: `${ORIGIN}/api/v1` }]);
  });

  it("follows the origin the request came to", async () => {
    const res = await exports.default.fetch("http://localhost:8787/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { servers: { url: string }[] };
    expect(doc.servers).toEqual([{ url: "http://localhost:8787/api/v1" }]);
  });

  it("describes every API route, and no other", async () => {
    const { doc } = await loadContract();
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/facts",
      "/sources",
      "/sources/{id}",
      "/subscriptions",
      "/summaries",
      "/summaries/{slug}",
      "/tags",
    ]);
    // Read-only but for the one subscription route.
    for (const [path, item] of Object.entries(doc.paths))
      expect(Object.keys(item), path).toEqual([path === "/subscriptions" ? "post" : "get"]);
  });

  it("has as components exactly the shared schemas the responses are typed with", async () => {
    const { doc } = await loadContract();
    expect(Object.keys(doc.components.schemas).sort()).toEqual(apiSchemas.map((s) => s.$id as string).sort());
    // Same properties and required fields as the TypeBox source: generated, not a hand-kept copy.
    for (const s of apiSchemas) {
      const component = doc.components.schemas[s.$id as string] as Schema;
      expect(Object.keys(component.properties ?? {})).toEqual(Object.keys((s as { properties?: object }).properties ?? {}));
      expect(component.required).toEqual((s as { required?: string[] }).required);
    }
  });

  it("resolves every $ref it holds", async () => {
    const contract = await loadContract();
    const refs = refsIn(contract.doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(contract.lookup[`https://contract.invalid/openapi.json${ref}`], ref).toBeDefined();
  });

  it("documents 200, 304, 400 and 405 for every GET, and 404 where a path or a source names something", async () => {
    const { doc } = await loadContract();
    for (const [path, item] of Object.entries(doc.paths)) {
      if (item.get === undefined) continue;
      const statuses = Object.keys(item.get.responses).sort();
      const names = path.includes("{") || path === "/facts";
      expect(statuses, path).toEqual(names ? ["200", "304", "400", "404", "405"] : ["200", "304", "400", "405"]);
    }
  });

  it("documents every answer of POST /subscriptions, and that no operation takes credentials", async () => {
    const { doc } = await loadContract();
    const post = doc.paths["/subscriptions"]?.post;
    expect(Object.keys(post?.responses ?? {}).sort()).toEqual(["202", "400", "403", "405", "413", "415", "429", "503"]);
    for (const item of Object.values(doc.paths))
      for (const op of Object.values(item)) expect((op as { security?: unknown }).security).toEqual([]);
  });

  it("catches a response that breaks the schema, so passing checks mean something", async () => {
    const contract = await loadContract();
    const summary = contract.doc.components.schemas.Summary as Schema;
    const body = await (await get(`/api/v1/summaries/${SLUG}`)).json();
    expect(schemaErrors(contract, summary, body)).toEqual([]);
    const broken = [
      { ...(body as object), extra: 1 },
      { ...(body as object), published: "23 November 2026" },
      { ...(body as object), url: "/relative" },
      { ...(body as object), facts: [{ id: "x", text: "y", figure: null, sources: [] }] },
    ];
    for (const b of broken) expect(schemaErrors(contract, summary, b).length).toBeGreaterThan(0);
  });

  it("lists as parameters exactly the ones each endpoint accepts", async () => {
    const { doc } = await loadContract();
    const valid: Record<string, string> = {
      tag: "tag=russia",
      source: `source=${SOURCE}`,
      limit: "limit=2",
      cursor: `cursor=${await nextCursor("/api/v1/summaries?limit=1")}`,
    };
    // A facts cursor pages one source's facts, so it comes with its source.
    const factsCursor = `source=${SOURCE}&cursor=${await nextCursor(`/api/v1/facts?source=${SOURCE}&limit=1`)}`;
    const ops = doc.paths as unknown as Record<string, { get?: { parameters: { name: string; in: string }[] } }>;
    for (const [template, item] of Object.entries(ops)) {
      if (item.get === undefined) continue;
      const path = `/api/v1${template.replace("{slug}", SLUG).replace("{id}", SOURCE)}`;
      const query = item.get.parameters.filter((p) => p.in === "query").map((p) => p.name);
      for (const name of query) {
        const res = await get(`${path}?${name === "cursor" && template === "/facts" ? factsCursor : valid[name]}`);
        expect(res.status, `${path}?${name}`).toBe(200);
        await res.arrayBuffer();
      }
      for (const name of ["tag", "source", "limit", "cursor"].filter((n) => !query.includes(n))) {
        const res = await get(`${path}?${valid[name]}`);
        expect(res.status, `${path}?${name}`).toBe(400);
        await res.arrayBuffer();
      }
    }
  });
});

describe("real responses match the document", () => {
  const cases: [string, string, string][] = [
    ["/summaries", "/api/v1/summaries", "the first page"],
    ["/summaries", "/api/v1/summaries?limit=1", "a one-item page"],
    ["/summaries", "/api/v1/summaries?tag=russia&limit=100", "a tag's page"],
    ["/summaries", "/api/v1/summaries?tag=no-such-tag", "an empty list"],
    ["/summaries/{slug}", `/api/v1/summaries/${SLUG}`, "a summary"],
    ["/facts", "/api/v1/facts", "the newest facts"],
    ["/facts", "/api/v1/facts?tag=sanctions&limit=100", "a tag's facts"],
    ["/facts", "/api/v1/facts?tag=no-such-tag", "no facts"],
    ["/tags", "/api/v1/tags", "the tags"],
    ["/facts", `/api/v1/facts?source=${SOURCE}`, "a source's facts"],
    ["/facts", `/api/v1/facts?source=${SOURCE}&limit=2`, "a page of a source's facts"],
    ["/facts", "/api/v1/facts?source=amnesty", "the facts of a source with one"],
    ["/sources", "/api/v1/sources", "the sources"],
    ["/sources/{id}", "/api/v1/sources/rosstat", "a source"],
  ];

  it.each(cases)("GET %s: 200 for %s", async (template, path) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    await expectContract(res, template);
  });

  it("GET /summaries: 200 for every page reached through next_cursor", async () => {
    let cursor: string | null = null;
    do {
      const res = await get(`/api/v1/summaries?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      cursor = ((await expectContract(res, "/summaries")) as SummaryList).next_cursor;
    } while (cursor !== null);
  });

  it("GET /facts?source=: 200 for every page reached through next_cursor, each fact once, newest summary first", async () => {
    let cursor: string | null = null;
    const seen: string[] = [];
    do {
      const res = await get(`/api/v1/facts?source=${SOURCE}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const page = (await expectContract(res, "/facts")) as FactList;
      seen.push(...page.items.map((f) => `${f.summary.slug}#${f.id}`));
      cursor = page.next_cursor ?? null;
    } while (cursor !== null);
    const source = (await (await get(`/api/v1/sources/${SOURCE}`)).json()) as SourceInfo;
    expect(seen).toHaveLength(source.facts);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it.each(cases)("GET %s: 304 for %s with its ETag", async (template, path) => {
    const res = await get(path, { headers: { "If-None-Match": await etagOf(path) } });
    expect(res.status).toBe(304);
    await expectContract(res, template);
  });

  it.each(cases)("HEAD %s: 200 for %s, no body", async (template, path) => {
    const res = await get(path, { method: "HEAD" });
    expect(res.status).toBe(200);
    await expectContract(res, template, "HEAD");
  });

  it.each([
    ["/summaries", "/api/v1/summaries?limit=0", "a limit out of range"],
    ["/summaries", "/api/v1/summaries?limit=1&limit=2", "a repeated limit"],
    ["/summaries", "/api/v1/summaries?tag=Bad_Tag", "a bad tag"],
    ["/summaries", "/api/v1/summaries?cursor=garbage!", "a garbage cursor"],
    ["/summaries", `/api/v1/summaries?cursor=${"A".repeat(300)}`, "an oversized cursor"],
    ["/summaries", `/api/v1/summaries?cursor=${btoa("c2:0123456789abcdef:1:").replace(/=+$/, "")}`, "a stale cursor"],
    ["/summaries", "/api/v1/summaries?page=2", "an unknown parameter"],
    ["/summaries/{slug}", "/api/v1/summaries/%00", "a NUL in the slug"],
    ["/summaries/{slug}", "/api/v1/summaries/..%2Fx", "../ in the slug"],
    ["/summaries/{slug}", `/api/v1/summaries/${SLUG}?full=1`, "an unknown parameter"],
    ["/facts", "/api/v1/facts?limit=abc", "a bad limit"],
    ["/facts", "/api/v1/facts?cursor=x", "a cursor without a source"],
    ["/facts", `/api/v1/facts?source=${SOURCE}&tag=russia`, "a source with a tag"],
    ["/facts", `/api/v1/facts?source=${SOURCE}&cursor=${btoa("c2:0123456789abcdef:1:").replace(/=+$/, "")}`, "a stale cursor"],
    ["/facts", "/api/v1/facts?source=Bad_Id", "a source id that cannot be one"],
    ["/sources/{id}", "/api/v1/sources/rosstat?full=1", "an unknown parameter"],
    ["/tags", "/api/v1/tags?tag=russia", "an unknown parameter"],
  ])("GET %s: 400 for %s", async (template, path) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    await expectContract(res, template);
  });

  it.each([
    ["/facts", "/api/v1/facts?source=no-such-source"],
    ["/sources/{id}", "/api/v1/sources/no-such-source"],
  ])("GET %s: 404 for %s, a source not in the registry", async (template, path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    await expectContract(res, template);
  });

  it("GET /summaries/{slug}: 404 for an unknown slug", async () => {
    const res = await get("/api/v1/summaries/no-such-summary");
    expect(res.status).toBe(404);
    await expectContract(res, "/summaries/{slug}");
  });

  it.each([
    ["/summaries", "/api/v1/summaries"],
    ["/summaries/{slug}", `/api/v1/summaries/${SLUG}`],
    ["/facts", "/api/v1/facts"],
    ["/tags", "/api/v1/tags"],
    ["/sources", "/api/v1/sources"],
    ["/sources/{id}", "/api/v1/sources/rosstat"],
  ])("GET %s: 405 for other methods", async (template, path) => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
      const res = await get(path, { method });
      expect(res.status).toBe(405);
      await expectContract(res, template);
    }
  });

  it.each([
    ["an address under /api/v1 that is no endpoint", "/api/v1/summary", 404],
    ["/openapi.json with a parameter", "/openapi.json?v=2", 400],
    ["/openapi.json posted to", "/openapi.json", 405],
  ])("answers %s with a problem the document's Problem schema accepts", async (_, path, status) => {
    const res = await get(path, { method: status === 405 ? "POST" : "GET" });
    expect(res.status).toBe(status);
    await expectContract(res, null);
  });
});
