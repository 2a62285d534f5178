/** The content build's warnings when the archive nears Cloudflare's limits on what a worker uploads. */
import { describe, expect, it } from "vitest";
import {
  ASSET_FILE_BYTES,
  assetWarning,
  FREE_ASSET_FILES,
  FREE_LIMIT_GZIP,
  PAID_ASSET_FILES,
  PAID_LIMIT_GZIP,
  sizeWarning,
} from "../../src/content/limits";

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
  const small = { slug: "a", bytes: 5000 };

  it("says nothing up to the Free plan's 20,000 files", () => {
    expect(assetWarning(1, small)).toBeUndefined();
    expect(assetWarning(FREE_ASSET_FILES, small)).toBeUndefined();
  });

  it("warns past them, naming the count and the plan that still takes it", () => {
    expect(assetWarning(FREE_ASSET_FILES + 1, small)).toBe(
      "! content: the documents are 20,001 static asset files, one per summary, over the Free plan's 20,000 files: wrangler deploy works on a Paid plan (up to 100,000 files) only (README, Deploying).",
    );
    expect(assetWarning(PAID_ASSET_FILES + 1, small)).toContain("over even the Paid plan's 100,000 files: wrangler deploy will refuse it");
  });

  it("warns when one document is larger than a static asset file may be, naming its summary", () => {
    expect(assetWarning(10, { slug: "long-read", bytes: ASSET_FILE_BYTES })).toBeUndefined();
    expect(assetWarning(10, { slug: "long-read", bytes: ASSET_FILE_BYTES + 1 })).toBe(
      '! content: the document of "long-read" is 25.00 MiB, over the 25.00 MiB a static asset file may have: wrangler deploy will refuse it; shorten the summary.',
    );
  });
});
