/**
 * `SCREENSHOTS=1 npx vitest run --project browser test/browser/widget-screenshots.test.ts`
 * writes docs/widget-light.png and docs/widget-dark.png, the README's pictures of the card.
 * Skipped otherwise: a test run must not rewrite tracked files.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { launchBrowser, watchPage } from "../support/browser";
import { cardShown, pageUrl } from "./widget-support";

describe.runIf(process.env.SCREENSHOTS === "1")("README screenshots", () => {
  for (const scheme of ["light", "dark"] as const) {
    it(`shows the card in the ${scheme} theme`, async () => {
      const browser = await launchBrowser();
      try {
        const w = await watchPage(browser, { colorScheme: scheme, viewport: { width: 760, height: 1200 }, deviceScaleFactor: 2 });
        await w.page.goto(pageUrl("article"));
        await cardShown(w.page);
        const card = w.page.locator("key-facts");
        await card.screenshot({ path: resolve(import.meta.dirname, `../../docs/widget-${scheme}.png`), animations: "disabled" });
        expect(w.pageErrors).toEqual([]);
      } finally {
        await browser.close();
      }
    });
  }
});
