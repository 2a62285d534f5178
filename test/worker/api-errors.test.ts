/** Every error the API gives: RFC 9457 problem+json with a 4xx, a stable type and field errors. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SummaryList } from "../../src/shared/api-schema";
import { expectProblemBody, get, loadContract, ORIGIN } from "./api-contract";

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: { field: string; message: string }[];
}

/** Fetches `path`, checks it is a problem of `status` and `type`, and returns its body. */
async function problem(path: string, status: number, type: string): Promise<ProblemBody> {
  const res = await get(path);
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  expect(res.headers.get("cache-control")).toBe("no-store");
  const body = (await expectProblemBody(res, await loadContract())) as unknown as ProblemBody;
  expect(body.type).toBe(`${ORIGIN}/problems/${type}`);
  return body;
}

/** A cursor built the way `src/worker/lib/cursor.ts` builds them, for any version, number of items after the page, and tag. */
const cursorFor = (version: string, after: number, tag = "") =>
  btoa(`c2:${version}:${after}:${tag}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The archive version inside a cursor this API issued. */
async function currentVersion(): Promise<string> {
  const page = (await (await get("/api/v1/summaries?limit=1")).json()) as SummaryList;
  const text = atob((page.next_cursor as string).replace(/-/g, "+").replace(/_/g, "/"));
  return text.split(":")[1] as string;
}

describe("unknown summaries", () => {
  it("answers an unknown slug with a 404 problem naming it", async () => {
    const body = await problem("/api/v1/summaries/no-such-summary", 404, "not-found");
    expect(body.title).toBe("Not found");
    expect(body.detail).toContain('"no-such-summary"');
    expect(body.instance).toBe("/api/v1/summaries/no-such-summary");
  });

  it("answers a slug that could never exist (not kebab-case, too long) with a 404", async () => {
    await problem("/api/v1/summaries/Not_A_Slug", 404, "not-found");
    await problem(`/api/v1/summaries/${"a".repeat(101)}`, 404, "not-found");
    await problem("/api/v1/summaries/%E2%9C%93", 404, "not-found");
  });

  it("answers an address under /api that is no endpoint with a 404 problem", async () => {
    for (const path of ["/api", "/api/", "/api/v1", "/api/v2/summaries", "/api/v1/summaries/a/b", "/api/v1/tags/x"]) {
      await problem(path, 404, "not-found");
    }
  });
});

describe("hostile paths", () => {
  it.each([
    ["a NUL byte", "/api/v1/summaries/%00"],
    ["a NUL byte inside a slug", "/api/v1/summaries/north%00korea"],
    ["an encoded ../", "/api/v1/summaries/..%2Fetc%2Fpasswd"],
    ["an encoded ..\\", "/api/v1/summaries/..%5Cetc"],
    ["percent-encoded dots and slash", "/api/v1/summaries/%2e%2e%2fsecret"],
    ["percent-encoded dots after a name", "/api/v1/summaries/north%2e%2e"],
    ["a control character", "/api/v1/summaries/a%0Ab"],
  ])("answers a slug with %s with a 400 naming the slug field", async (_, path) => {
    const body = await problem(path, 400, "invalid-path");
    expect(body.title).toBe("Invalid path");
    expect(body.errors?.map((e) => e.field)).toEqual(["slug"]);
    // `instance` stays a URI reference: the raw NUL or newline never reaches the body.
    expect(body.instance).not.toMatch(/[\u0000-\u001f]/);
  });

  it("answers a bare %2e%2e segment, which URL parsing resolves away, with a 4xx problem", async () => {
    const res = await get("/api/v1/summaries/%2e%2e");
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await expectProblemBody(res, await loadContract());
  });
});

describe("limit", () => {
  it.each(["0", "101", "-1", "1.5", "1e2", "abc", "", " 5", "0x10", "99999"])("refuses limit=%j with a 400 on the field", async (value) => {
    for (const route of ["/api/v1/summaries", "/api/v1/facts"]) {
      const body = await problem(`${route}?limit=${encodeURIComponent(value)}`, 400, "invalid-parameter");
      expect(body.errors).toEqual([{ field: "limit", message: "must be a whole number from 1 to 100" }]);
    }
  });

  it("refuses a repeated limit, even with the same value", async () => {
    for (const route of ["/api/v1/summaries", "/api/v1/facts"]) {
      const body = await problem(`${route}?limit=5&limit=5`, 400, "invalid-parameter");
      expect(body.errors).toEqual([{ field: "limit", message: "is given more than once" }]);
    }
  });

  it("accepts the bounds, 1 and 100", async () => {
    for (const route of ["/api/v1/summaries", "/api/v1/facts"]) {
      expect((await get(`${route}?limit=1`)).status).toBe(200);
      expect((await get(`${route}?limit=100`)).status).toBe(200);
    }
  });
});

describe("tag", () => {
  it("refuses a tag that is not lowercase kebab-case, or is repeated", async () => {
    for (const route of ["/api/v1/summaries", "/api/v1/facts"]) {
      for (const tag of ["North_Korea", "", "a--b", "-a", "%00", "x".repeat(41)]) {
        const body = await problem(`${route}?tag=${tag}`, 400, "invalid-parameter");
        expect(body.errors?.[0]?.field).toBe("tag");
      }
      const body = await problem(`${route}?tag=russia&tag=sanctions`, 400, "invalid-parameter");
      expect(body.errors).toEqual([{ field: "tag", message: "is given more than once" }]);
    }
  });
});

describe("unknown parameters", () => {
  it.each([
    "/api/v1/summaries",
    "/api/v1/summaries/north-korean-workers-siberia-far-east",
    "/api/v1/facts",
    "/api/v1/tags",
    "/openapi.json",
  ])("refuses an unknown parameter on %s and names it", async (route) => {
    const body = await problem(`${route}?limti=5`, 400, "unknown-parameter");
    expect(body.title).toBe("Unknown parameter");
    expect(body.errors).toEqual([{ field: "limti", message: "is not a parameter of this endpoint" }]);
  });

  it("lists every unknown parameter at once", async () => {
    const body = await problem("/api/v1/summaries?foo=1&bar=2&limit=1", 400, "unknown-parameter");
    expect(body.errors?.map((e) => e.field)).toEqual(["foo", "bar"]);
  });

  it("is not fooled by names of Object.prototype", async () => {
    for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      const body = await problem(`/api/v1/summaries?${name}=1`, 400, "unknown-parameter");
      expect(body.errors?.map((e) => e.field)).toEqual([name]);
    }
  });

  it("refuses a cursor on /facts without a source: only a source's facts are paged", async () => {
    await problem("/api/v1/facts?cursor=abc", 400, "invalid-parameter");
  });
});

describe("cursor", () => {
  it.each([
    ["empty", ""],
    ["not base64url", "!!!!"],
    ["base64url of something else", btoa("hello world").replace(/=+$/, "")],
    ["an impossible base64 length", "abcde"],
    ["padded", `${cursorFor("0", 1)}==`],
    ["oversized", "A".repeat(201)],
    ["with a negative count", cursorFor("0", -1)],
  ])("refuses a cursor that is %s", async (_, cursor) => {
    const body = await problem(`/api/v1/summaries?cursor=${encodeURIComponent(cursor)}`, 400, "invalid-cursor");
    expect(body.title).toBe("Invalid cursor");
    expect(body.errors?.map((e) => e.field)).toEqual(["cursor"]);
  });

  it("refuses a stale cursor, issued for another edition of the archive, asking to start again", async () => {
    const body = await problem(`/api/v1/summaries?limit=1&cursor=${cursorFor("0123456789abcdef", 1)}`, 400, "invalid-cursor");
    expect(body.detail).toMatch(/earlier edition/);
    expect(body.errors?.[0]?.field).toBe("cursor");
  });

  it("refuses a current cursor that points outside the list", async () => {
    const version = await currentVersion();
    expect((await get(`/api/v1/summaries?limit=1&cursor=${cursorFor(version, 1)}`)).status).toBe(200);
    await problem(`/api/v1/summaries?limit=1&cursor=${cursorFor(version, 0)}`, 400, "invalid-cursor");
    await problem(`/api/v1/summaries?limit=1&cursor=${cursorFor(version, 9999999)}`, 400, "invalid-cursor");
  });

  it("refuses a cursor used with another tag than the page that gave it", async () => {
    const version = await currentVersion();
    const body = await problem(`/api/v1/summaries?tag=russia&cursor=${cursorFor(version, 1)}`, 400, "invalid-cursor");
    expect(body.detail).toMatch(/tag/);
  });

  it("refuses a repeated cursor", async () => {
    const version = await currentVersion();
    const c = cursorFor(version, 1);
    const body = await problem(`/api/v1/summaries?cursor=${c}&cursor=${c}`, 400, "invalid-parameter");
    expect(body.errors?.[0]?.field).toBe("cursor");
  });
});

describe("methods", () => {
  it.each(["POST", "PUT", "DELETE", "PATCH"])("answers %s with a 405 problem and Allow", async (method) => {
    const res = await get("/api/v1/summaries", { method, body: method === "DELETE" ? undefined : "{}" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const body = (await expectProblemBody(res, await loadContract())) as unknown as ProblemBody;
    expect(body.type).toBe(`${ORIGIN}/problems/method-not-allowed`);
    expect(body.detail).toContain(method);
  });
});

describe("problem types", () => {
  it("each `type` the API answers with is a page documenting that problem", async () => {
    const paths = [
      "/api/v1/summaries/no-such-summary",
      "/api/v1/summaries?limit=0",
      "/api/v1/summaries?nope=1",
      "/api/v1/summaries?cursor=x",
      "/api/v1/summaries/%00",
    ];
    const types = new Set<string>();
    for (const path of paths) types.add(((await (await get(path)).json()) as ProblemBody).type);
    types.add(((await (await get("/api/v1/tags", { method: "POST" })).json()) as ProblemBody).type);
    expect(types.size).toBe(paths.length + 1);
    for (const type of types) {
      const res = await exports.default.fetch(type);
      expect(res.status, type).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      await res.arrayBuffer();
    }
  });
});
