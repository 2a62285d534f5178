/** The `<key-facts>` script as the worker serves it: two URLs, caching, CORS, integrity. */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { integrity, script, version } from "../../build/widget-bundle.js";

const ORIGIN = "https://example.com";
const get = (path: string, init?: RequestInit) => exports.default.fetch(`${ORIGIN}${path}`, init);

async function sha384(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-384", new TextEncoder().encode(text));
  return `sha384-${btoa(String.fromCharCode(...new Uint8Array(digest)))}`;
}

describe("GET /widget.js", () => {
  it("serves the bundled element as a JavaScript module with a short cache", async () => {
    const res = await get("/widget.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=300\b/);
    expect(res.headers.get("etag")).toMatch(/^"[^"]+"$/);
    const body = await res.text();
    expect(body).toBe(script);
    expect(body).toContain('"key-facts"');
    expect(body).toContain("customElements.define(");
  });

  it("can be read and embedded from any site, without credentials", async () => {
    const res = await get("/widget.js", { headers: { Origin: "https://news.example" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers a matching If-None-Match with 304 and no body", async () => {
    const etag = (await get("/widget.js")).headers.get("etag")!;
    const res = await get("/widget.js", { headers: { "If-None-Match": etag } });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe(etag);
    expect(await res.text()).toBe("");
  });

  it("answers HEAD with the headers of GET and no body", async () => {
    const res = await get("/widget.js", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(await res.text()).toBe("");
  });

  it("refuses other methods with 405 and Allow", async () => {
    const res = await get("/widget.js", { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  });
});

describe("GET /widget/<version>.js", () => {
  it("serves the same bytes, cached for a year as immutable", async () => {
    const res = await get(`/widget/${version}.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(await res.text()).toBe(await (await get("/widget.js")).text());
  });

  it("matches the published Subresource Integrity hash", async () => {
    const res = await get(`/widget/${version}.js`);
    expect(res.status).toBe(200);
    expect(integrity).toMatch(/^sha384-[A-Za-z0-9+/]+=*$/);
    expect(await sha384(await res.text())).toBe(integrity);
  });

  it("answers an unknown version with a problem+json 404", async () => {
    const res = await get("/widget/0000000000000000.js");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = (await res.json()) as { status: number; detail: string };
    expect(body.status).toBe(404);
    expect(body.detail).toContain(`/widget/${version}.js`);
  });
});
