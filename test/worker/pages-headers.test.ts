import { describe, expect, it } from "vitest";
import type { SummaryList } from "../../src/shared/api-schema";
import { get, select, styleHashes } from "./pages-html";

const pagePaths = async () => {
  const items = ((await (await get("/api/v1/summaries")).json()) as SummaryList).items;
  return ["/", `/summaries/${items[0]?.slug}`, `/tags/${items[0]?.tags[0]}`, "/feeds", "/problems", "/problems/not-found", "/no-such-page"];
};

const directives = (csp: string) =>
  new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
      .map(([k, ...v]) => [k, v]),
  );

describe("security headers on pages", () => {
  it("every page sends a strict CSP that starts from nothing and allows no inline code or framing but its own stylesheet", async () => {
    for (const path of await pagePaths()) {
      const res = await get(path);
      expect([200, 404], path).toContain(res.status);
      const csp = directives(res.headers.get("content-security-policy") ?? "");
      expect(csp.get("default-src"), path).toEqual(["'none'"]);
      // The inlined stylesheet, by its hash: the same on every page, and nothing else.
      expect(csp.get("style-src"), path).toEqual(await styleHashes(await res.text()));
      expect(csp.get("img-src"), path).toEqual(["'self'"]);
      expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
      expect(csp.get("base-uri"), path).toEqual(["'none'"]);
      expect(csp.get("form-action"), path).toEqual(["'none'"]);
      for (const values of csp.values()) for (const v of values) expect(v, path).not.toMatch(/unsafe|\*|data:/);
    }
  });

  it("only the front page, with its widget demo, may run script; no page may connect beyond its own origin", async () => {
    for (const path of await pagePaths()) {
      const res = await get(path);
      const csp = directives(res.headers.get("content-security-policy") ?? "");
      if (path === "/") expect(csp.get("script-src")).toEqual(["'self'"]);
      else expect(csp.has("script-src"), path).toBe(false);
      // Without script it serves only auditors reading /robots.txt from the page.
      expect(csp.get("connect-src"), path).toEqual(["'self'"]);
    }
  });

  it("every page refuses framing and sends nosniff, a referrer policy and HSTS", async () => {
    for (const path of await pagePaths()) {
      const res = await get(path);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("strict-transport-security"), path).toMatch(/^max-age=\d{8,}/);
      expect(res.headers.get("access-control-allow-origin"), path).toBeNull();
    }
  });

  it("no page holds inline script, a style attribute or event-handler attributes, and one inlined stylesheet", async () => {
    for (const path of await pagePaths()) {
      const body = await (await get(path)).text();
      for (const script of await select(body, "script")) {
        // Only external scripts and JSON-LD data blocks, which CSP does not treat as script.
        expect(script.attrs.src !== undefined || script.attrs.type === "application/ld+json", path).toBe(true);
        if (script.attrs.src) expect(script.text).toBe("");
      }
      expect(await select(body, "style"), path).toHaveLength(1);
      expect(await select(body, "[style]"), path).toEqual([]);
      expect(body, path).not.toMatch(/\son[a-z]+=/i);
    }
  });

  it("the stylesheet inlined in every page and embed carries no source comments", async () => {
    const items = ((await (await get("/api/v1/summaries")).json()) as SummaryList).items;
    for (const path of [...(await pagePaths()), `/embed/${items[0]?.slug}`]) {
      const styles = await select(await (await get(path)).text(), "style");
      expect(styles.length, path).toBeGreaterThan(0);
      for (const style of styles) expect(style.text, path).not.toContain("/*");
    }
  });
});

describe("HTTP behaviour of pages", () => {
  it("answers HEAD with the headers of GET and no body", async () => {
    const [path] = (await pagePaths()).slice(1);
    const full = await get(path ?? "");
    const head = await get(path ?? "", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(full.headers.get("etag"));
    expect(head.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await head.text()).toBe("");
  });

  it("answers a matching If-None-Match with 304 and no body", async () => {
    for (const path of (await pagePaths()).slice(0, 5)) {
      const first = await get(path);
      const etag = first.headers.get("etag") ?? "";
      expect(etag, path).toMatch(/^"[^"]+"$/);
      expect(first.headers.get("cache-control"), path).toContain("max-age=");
      const again = await get(path, { headers: { "If-None-Match": etag } });
      expect(again.status, path).toBe(304);
      expect(again.headers.get("etag"), path).toBe(etag);
      expect(await again.text()).toBe("");
    }
  });

  it("refuses POST with 405 and an Allow header", async () => {
    const res = await get("/", { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it("serves the same page when a shared link carries tracking parameters", async () => {
    const plain = await get("/");
    const tracked = await get("/?utm_source=newsletter&fbclid=abc");
    expect(tracked.status).toBe(200);
    expect(tracked.headers.get("etag")).toBe(plain.headers.get("etag"));
  });

  it("makes every URL absolute for the origin it is served from", async () => {
    const res = await get("/", { headers: {} });
    const body = await res.text();
    const other = await (await (await import("cloudflare:workers")).exports.default.fetch("http://localhost:8787/")).text();
    expect(body).toContain("https://example.com/feed.xml");
    expect(other).toContain("http://localhost:8787/feed.xml");
    expect(other).not.toContain("example.com");
  });
});
