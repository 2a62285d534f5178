/**
 * `<key-facts fact="…">` in Chromium under a strict-CSP host page: one fact alone, chained and
 * flagged, left-to-right and right-to-left, in both themes; axe-core clean, no CSP violation.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, launchBrowser, watchPage } from "../support/browser";
import { addCard, cspWith, PAGES, pageUrl, SLUG, settled } from "./widget-support";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(["light", "dark"] as const)("single-fact cards in the %s theme", (colorScheme) => {
  it("show one fact each, with its chain and flag, mirrored for right-to-left, with no axe-core or CSP violation", async () => {
    const w = await watchPage(browser, { colorScheme });
    try {
      await w.page.goto(pageUrl("blank", cspWith(PAGES)));
      // A fact whose claim travelled Rosstat → Radio Free Asia → HNGN, and which HNGN could not verify.
      await addCard(w.page, { summary: SLUG, fact: "entries-2023" }, "chained");
      await addCard(w.page, { summary: "rtl", fact: "b", api: `${PAGES}/fake-api/fixture/` }, "rtl");
      for (const id of ["chained", "rtl"]) expect((await settled(w.page, id)).type, id).toBe("key-facts-load");

      const chained = w.page.locator("#chained .kf-fact");
      await expect(chained.count()).resolves.toBe(1);
      await expect(chained.locator(".kf-sources").textContent()).resolves.toMatch(/via Radio Free Asia, cited by HNGN/);
      await expect(chained.locator(".kf-unverified").textContent()).resolves.toBe("Unverified: HNGN could not verify this");
      await expect(chained.locator(".kf-figure").count()).resolves.toBe(1);

      await expect(w.page.locator("#rtl .kf-fact").count()).resolves.toBe(1);
      await expect(w.page.locator("#rtl [part~=base]").getAttribute("dir")).resolves.toBe("rtl");

      if (colorScheme === "dark") await w.page.evaluate(() => document.body.classList.add("dark"));
      await expect(axe(w.page)).resolves.toEqual([]);
      await expect(w.cspViolations()).resolves.toEqual([]);
      expect(w.pageErrors).toEqual([]);
    } finally {
      await w.close();
    }
  });
});
