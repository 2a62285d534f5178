/**
 * The start of the publisher's walk-through of docs/admin.md, in Chromium against `wrangler dev`
 * (which the browser project starts with ADMIN_LOCAL, as `npm start` does): open /admin on the
 * loopback address, preview an announcement, hold a summary and release it with the page's own
 * forms, so the CSRF check meets what a real browser sends. The import, report and export rules
 * are tested in workerd (test/worker/admin-list.test.ts).
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type Watched, watchPage } from "../support/browser";

const WORKER = inject("workerOrigin");

let browser: Browser;
let w: Watched;

beforeAll(async () => {
  browser = await launchBrowser();
  w = await watchPage(browser);
});

afterAll(async () => {
  await w?.close();
  await browser?.close();
});

describe("an editor on /admin, locally", () => {
  it("opens the dashboard and previews an announcement, HTML and text side by side", async () => {
    await w.page.goto(`${WORKER}/admin`);
    await expect.poll(() => w.page.locator("h1").textContent()).toMatch(/admin/i);
    await w.page.locator('a[href^="/admin/preview/summary/"]').first().click();
    await expect.poll(() => w.page.locator("iframe").count()).toBeGreaterThanOrEqual(2);
    expect(await w.page.locator("body").textContent()).toMatch(/text/i);
  });

  it("holds a summary from mail and releases it again, with the page's own forms", async () => {
    await w.page.goto(`${WORKER}/admin`);
    const first = w.page.locator('form[action="/admin/hold"]').first();
    const label = (await first.locator("button").textContent())?.trim();
    await first.locator("button").click();
    await w.page.waitForURL(/\/admin\?done=/);
    const after = (await w.page.locator('form[action="/admin/hold"]').first().locator("button").textContent())?.trim();
    expect(after).not.toBe(label);
    await w.page.locator('form[action="/admin/hold"]').first().locator("button").click();
    await w.page.waitForURL(/\/admin\?done=/);
    expect((await w.page.locator('form[action="/admin/hold"]').first().locator("button").textContent())?.trim()).toBe(label);
  });
});
