/** The content build's warning when the archive nears Cloudflare's limit on a worker's compressed size. */
import { describe, expect, it } from "vitest";
import { FREE_LIMIT_GZIP, PAID_LIMIT_GZIP, sizeWarning } from "../../src/content/limits";

const MiB = 1024 * 1024;

describe("sizeWarning", () => {
  it("says nothing while content and code fit the Free plan", () => {
    expect(sizeWarning(50 * 1024)).toBeUndefined();
    expect(sizeWarning(2.9 * MiB)).toBeUndefined();
  });

  it("warns past the Free plan's limit, naming the size, the plan that still takes it and what to do", () => {
    const warning = sizeWarning(FREE_LIMIT_GZIP);
    expect(warning).toMatch(/^! content: 3\.00 MiB gzipped, about 3\.06 MiB with the worker's code, over the Free plan's 3\.00 MiB/);
    expect(warning).toContain("Paid plan (up to 10.00 MiB) only");
    expect(warning).toContain("static assets");
  });

  it("says wrangler deploy will refuse a bundle past the Paid plan's limit", () => {
    expect(sizeWarning(PAID_LIMIT_GZIP)).toContain("over even the Paid plan's 10.00 MiB: wrangler deploy will refuse it");
  });
});
