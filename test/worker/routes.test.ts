/**
 * The route table: every path has one address (a trailing slash is sent to the path
 * without it) and one kind of headers, whatever way the path is written.
 */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ORIGIN } from "./api-contract";

const fetchManual = (path: string, init: RequestInit = {}) => exports.default.fetch(`${ORIGIN}${path}`, { ...init, redirect: "manual" });

async function firstSlug(): Promise<string> {
  const list = (await (await fetchManual("/api/v1/summaries?limit=1")).json()) as { items: { slug: string }[] };
  const slug = list.items[0]?.slug;
  if (!slug) throw new Error("the real content has no summary");
  return slug;
}

/** What a kind of route sends: shared resources open to every origin; pages refuse framing; embeds may be framed. */
function expectKind(res: Response, kind: "shared" | "page" | "embed"): void {
  expect(res.headers.get("access-control-allow-origin")).toBe(kind === "shared" ? "*" : null);
  expect(res.headers.get("x-frame-options")).toBe(kind === "page" ? "DENY" : null);
  expect(res.headers.get("cross-origin-resource-policy")).toBe(kind === "page" ? null : "cross-origin");
}

describe("a path with a trailing slash", () => {
  it.each([
    ["/feed.xml/", "shared"],
    ["/atom.xml/", "shared"],
    ["/feed.json/", "shared"],
    ["/tags/north-korea/feed.xml/", "shared"],
    ["/tags/north-korea/atom.xml/", "shared"],
    ["/tags/north-korea/feed.json/", "shared"],
    ["/openapi.json/", "shared"],
    ["/widget.js/", "shared"],
    ["/feed.xsl/", "shared"],
    ["/api/v1/summaries/", "shared"],
    ["/api/v1/facts/", "shared"],
    ["/api/v1/tags/", "shared"],
    ["/oembed/?url=https%3A%2F%2Fexample.com%2Ftags%2Fnorth-korea", "shared"],
    ["/tags/north-korea/", "page"],
    ["/feeds/", "page"],
    ["/problems/", "page"],
    ["/styles.css/", "page"],
    ["/embed/tags/north-korea/", "embed"],
  ] as const)("GET %s is sent permanently to the path without it, with that resource's headers (%s)", async (path, kind) => {
    const res = await fetchManual(path);
    expect(res.status).toBe(301);
    const [pathname, query] = path.split("?");
    expect(res.headers.get("location")).toBe(`${ORIGIN}${pathname?.replace(/\/$/, "")}${query ? `?${query}` : ""}`);
    expectKind(res, kind);
    expect(await res.text()).toBe("");
  });

  it("is redirected for a summary, its embed and its API document alike, and the target answers 200", async () => {
    const slug = await firstSlug();
    for (const path of [`/summaries/${slug}`, `/embed/${slug}`, `/api/v1/summaries/${slug}`]) {
      const res = await fetchManual(`${path}/`);
      expect(res.status, path).toBe(301);
      const location = res.headers.get("location") ?? "";
      expect(location).toBe(`${ORIGIN}${path}`);
      expect((await exports.default.fetch(location)).status, location).toBe(200);
    }
  });

  it("never leads off the site: the Location is absolute on our origin, even for //host/", async () => {
    const res = await fetchManual("//evil.example/");
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe(`${ORIGIN}//evil.example`);
  });

  it("keeps its answer to HEAD the same, and is not a redirect for the front page", async () => {
    expect((await fetchManual("/feed.xml/", { method: "HEAD" })).status).toBe(301);
    expect((await fetchManual("/")).status).toBe(200);
  });
});

describe("the kind of a route", () => {
  it.each([
    ["/api/v1/tags", "shared"],
    ["/api/v2/nothing", "shared"],
    ["/openapi.json", "shared"],
    ["/oembed/nothing", "shared"],
    ["/feed.xml", "shared"],
    ["/tags/north-korea/feed.json", "shared"],
    ["/widget.js", "shared"],
    ["/feed.xsl", "shared"],
    ["/feeds", "page"],
    ["/tags/north-korea", "page"],
    ["/embed.css", "page"],
    ["/nothing-here", "page"],
    ["/embed/tags/north-korea", "embed"],
    ["/embed/no-such-summary", "embed"],
  ] as const)("%s sends the headers of a %s route, on GET, on HEAD and on the CORS preflight", async (path, kind) => {
    expectKind(await fetchManual(path), kind);
    expectKind(await fetchManual(path, { method: "HEAD" }), kind);
    expectKind(await fetchManual(path, { method: "OPTIONS" }), kind);
  });

  it("is the same for a percent-encoded path, on GET and on the preflight: the path is decoded once, as the router decodes it", async () => {
    for (const method of ["GET", "OPTIONS"]) {
      const res = await fetchManual("/%61pi/v1/summaries", { method });
      expectKind(res, "shared");
    }
    const page = await fetchManual("/t%61gs/north-korea", { method: "OPTIONS" });
    expectKind(page, "page");
  });
});
