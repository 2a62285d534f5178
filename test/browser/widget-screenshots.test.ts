/**
 * Pictures of the card in both themes, saved as test artefacts in test-results/screenshots.
 * `SCREENSHOTS=1 npx vitest run --project browser test/browser/widget-screenshots.test.ts`
 * writes them to docs/widget-light.png and docs/widget-dark.png instead, the README's
 * pictures: an ordinary test run must not rewrite tracked files.
 */
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { launchBrowser, watchPage } from "../support/browser";
import { cardShown, pageUrl } from "./widget-support";

const DIR = process.env.SCREENSHOTS === "1" ? "../../docs" : "../../test-results/screenshots";

describe("pictures of the card", () => {
  for (const scheme of ["light", "dark"] as const) {
    it(`show the card in the ${scheme} theme`, async () => {
      const browser = await launchBrowser();
      try {
        const w = await watchPage(browser, { colorScheme: scheme, viewport: { width: 760, height: 1200 }, deviceScaleFactor: 2 });
        await w.page.goto(pageUrl("article"));
        await cardShown(w.page);
        const path = resolve(import.meta.dirname, DIR, `widget-${scheme}.png`);
        await w.page.locator("key-facts").screenshot({ path, animations: "disabled" });
        expect(w.pageErrors).toEqual([]);
        // A card, not a sliver: the shot holds the whole rendered card.
        expect(statSync(path).size).toBeGreaterThan(10_000);
      } finally {
        await browser.close();
      }
    });
  }
});
