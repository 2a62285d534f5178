/** The content build's warnings when the archive nears Cloudflare's limits on what a worker uploads. */
import { describe, expect, it } from "vitest";
import { assetWarning, FREE_ASSET_FILES, FREE_LIMIT_GZIP, PAID_ASSET_FILES, PAID_LIMIT_GZIP, sizeWarning } from "../../src/content/limits";

const MiB = 1024 * 1024;

describe("sizeWarning", () => {
  it("says nothing while the index and code fit the Free plan", () => {
    expect(sizeWarning(50 * 1024)).toBeUndefined();
    expect(sizeWarning(2.9 * MiB)).toBeUndefined();
  });

  it("warns past the Free plan's limit, naming the size, the plan that still takes it and what is left to do", () => {
    const warning = sizeWarning(FREE_LIMIT_GZIP);
    expect(warning).toMatch(
      /^! content: the index is 3\.00 MiB gzipped, about 3\.06 MiB with the worker's code, over the Free plan's 3\.00 MiB/,
    );
    expect(warning).toContain("Paid plan (up to 10.00 MiB) only");
    expect(warning).toContain("the index has to leave the bundle too");
  });

  it("says wrangler deploy will refuse a bundle past the Paid plan's limit", () => {
    expect(sizeWarning(PAID_LIMIT_GZIP)).toContain("over even the Paid plan's 10.00 MiB: wrangler deploy will refuse it");
  });
});

describe("assetWarning", () => {
  it("says nothing up to the Free plan's 20,000 files", () => {
    expect(assetWarning(1)).toBeUndefined();
    expect(assetWarning(FREE_ASSET_FILES)).toBeUndefined();
  });

  it("warns past them, naming the count and the plan that still takes it", () => {
    expect(assetWarning(FREE_ASSET_FILES + 1)).toBe(
      "! content: the documents are 20,001 static asset files, over the Free plan's 20,000 files: wrangler deploy works on a Paid plan (up to 100,000 files) only (README, Deploying).",
    );
    expect(assetWarning(PAID_ASSET_FILES + 1)).toContain("over even the Paid plan's 100,000 files: wrangler deploy will refuse it");
  });
});
