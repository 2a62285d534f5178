/** Loading widget.js twice, or on a page that has its own `key-facts`: one warning, no error. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, watchPage } from "../support/browser";
import { cardShown, hostStillWorks, PAGES, pageUrl, WORKER } from "./widget-support";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ALREADY = /^<key-facts> is already defined on this page/;

describe("a second copy of the script", () => {
  it("from its versioned URL warns once, throws nothing and leaves one working card", async () => {
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("twice"));
      await cardShown(w.page);
      // Both copies have run once the second one has spoken.
      await expect.poll(() => w.consoleWarnings.length).toBe(1);
      expect(w.consoleWarnings).toEqual([expect.stringMatching(ALREADY)]);
      expect(w.pageErrors).toEqual([]);
      expect(w.consoleErrors).toEqual([]);
      await expect(w.cspViolations()).resolves.toEqual([]);
      await expect(w.page.locator("key-facts .kf-fact").count()).resolves.toBe(6);
      expect(w.requests.filter((r) => r.includes(`${WORKER}/api/`))).toHaveLength(1);
      await expect(hostStillWorks(w.page)).resolves.toBe(true);
    } finally {
      await w.close();
    }
  });
});

describe("a page that already defines key-facts", () => {
  it("keeps the page's own element: one warning, no error, no API request", async () => {
    const w = await watchPage(browser);
    try {
      // The page needs its own script for that: 'self' joins the strict policy's script-src.
      const csp = `default-src 'none'; script-src ${WORKER} 'self'; connect-src ${WORKER}; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html`;
      await w.page.goto(pageUrl("predefined", csp));
      await expect.poll(() => w.consoleWarnings.length).toBe(1);
      await expect(w.page.locator("key-facts").textContent()).resolves.toBe("The host page's own key-facts element");
      expect(w.consoleWarnings).toEqual([expect.stringMatching(ALREADY)]);
      expect(w.pageErrors).toEqual([]);
      expect(w.consoleErrors).toEqual([]);
      await expect(w.cspViolations()).resolves.toEqual([]);
      expect(w.requests.filter((r) => r.includes("/api/"))).toEqual([]);
      expect(w.requests.some((r) => r.startsWith(`GET ${PAGES}/pages/predefine.js`))).toBe(true);
      await expect(hostStillWorks(w.page)).resolves.toBe(true);
    } finally {
      await w.close();
    }
  });
});
