/**
 * The publisher's walk-through of docs/admin.md, in Chromium against `wrangler dev` (which the
 * browser project starts with ADMIN_LOCAL, as `npm start` does), with the page's own links and
 * forms as an editor would, so every POST meets the CSRF check and the page's CSP (its
 * form-action, which curl ignores) as a real browser does:
 * open /admin on the loopback address, preview an announcement and send a test of it (the mail
 * read back from the local outbox), hold a summary and release it, import a Mailchimp export
 * with an unsubscribed row (dry run, then apply), find both on the report, and download the
 * export as CSV and JSON. The import, report and export rules are tested in workerd
 * (test/worker/admin-list.test.ts).
 */
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, type Watched, watchPage } from "../support/browser";
import { mailTo } from "../support/outbox";

const WORKER = inject("workerOrigin");
/** Invented addresses, new each run (the browser project's files share one `wrangler dev`). */
const tag = crypto.randomUUID().slice(0, 8);
const NEW = `walk-${tag}@example.com`;
const LEFT = `walk-left-${tag}@example.org`;
/** The local editor (src/worker/admin/access.ts), the only address a local test send may go to. */
const EDITOR = "local@localhost";

/** A Mailchimp audience export, cut to the columns that matter: one subscribed row, one unsubscribed. */
const MAILCHIMP = [
  '"Email Address","First Name","Last Name",OPTIN_TIME,CONFIRM_TIME,UNSUB_TIME,UNSUB_REASON',
  `${NEW},Ada,Example,"2025-03-01 10:11:12","2025-03-01 10:12:00",,`,
  `${LEFT},Bo,Example,"2025-02-01 09:00:00","2025-02-01 09:01:00","2025-06-01 08:00:00","No longer interested"`,
  "",
].join("\r\n");

let browser: Browser;
let w: Watched;

beforeAll(async () => {
  browser = await launchBrowser();
  w = await watchPage(browser);
  // Every step here takes well under a second; a missed one fails in 10 s, not Playwright's 30.
  w.page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await w?.close();
  await browser?.close();
});

/** The confirmed subscribers the report counts, all cadences. */
async function confirmedOnReport(page: Page = w.page): Promise<number> {
  const row = page.locator('#by-status tr[data-status="confirmed"] td').last();
  return (await row.count()) === 0 ? 0 : Number(await row.textContent());
}

/** Clicks `name` on the dashboard's list links and returns the download's text. */
async function download(name: string): Promise<{ file: string; body: string }> {
  await w.page.goto(`${WORKER}/admin`);
  const [d] = await Promise.all([w.page.waitForEvent("download"), w.page.getByRole("link", { name, exact: true }).click()]);
  const path = await d.path();
  return { file: d.suggestedFilename(), body: await readFile(path, "utf8") };
}

describe("an editor on /admin, locally", () => {
  it("opens the dashboard and previews an announcement, HTML and text side by side", async () => {
    await w.page.goto(`${WORKER}/admin`);
    await expect.poll(() => w.page.locator("h1").textContent()).toMatch(/admin/i);
    await w.page.locator('a[href^="/admin/preview/summary/"]').first().click();
    await expect.poll(() => w.page.locator("iframe").count()).toBeGreaterThanOrEqual(2);
    expect(await w.page.locator("body").textContent()).toMatch(/text/i);
  });

  it("sends a test of the preview to themselves, and the page says so", async () => {
    await w.page.goto(`${WORKER}/admin`);
    await w.page.locator('a[href^="/admin/preview/summary/"]').first().click();
    await w.page.waitForURL(/\/admin\/preview\/summary\/[^/?]+$/);
    const subject = (
      await w.page
        .locator("dt", { hasText: /^Subject$/ })
        .locator("xpath=following-sibling::dd[1]")
        .textContent()
    )?.trim();
    expect(subject).toBeTruthy();
    const form = w.page.locator('form[action="/admin/test-send"]');
    await form.getByLabel("To").selectOption(EDITOR);
    await Promise.all([w.page.waitForURL(/\?done=sent$/), form.getByRole("button", { name: "Send a test" }).click()]);
    expect(await w.page.getByRole("status").textContent()).toBe("Test sent.");
    const mail = await mailTo(WORKER, EDITOR, (s) => s === subject, 10_000);
    expect(mail.text).toBeTruthy();
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

  it("imports a Mailchimp export: a dry run that changes nothing, then the import; the report counts the new subscriber and lists the unsubscribed row as suppressed", async () => {
    await w.page.goto(`${WORKER}/admin/subscribers`);
    const before = await confirmedOnReport();

    await w.page.goto(`${WORKER}/admin`);
    await w.page.getByRole("link", { name: /^Import from/ }).click();
    await w.page.waitForURL(/\/admin\/import$/);
    await w.page
      .getByLabel("File", { exact: true })
      .setInputFiles({ name: "members_export.csv", mimeType: "text/csv", buffer: Buffer.from(MAILCHIMP) });
    await w.page.getByRole("radio", { name: /^Trusted/ }).check();
    await Promise.all([w.page.waitForURL(/\/admin\/import$/), w.page.getByRole("button", { name: "Dry run" }).click()]);
    await expect.poll(() => w.page.locator("h1").textContent()).toMatch(/^Dry run/);
    const count = async (verdict: string) => Number(await w.page.locator(`#import-counts tr[data-verdict="${verdict}"] td`).textContent());
    expect(await w.page.locator("body").textContent()).toMatch(/Read as a mailchimp export/);
    expect([
      await count("new"),
      await count("suppress"),
      await count("duplicate"),
      await count("suppressed"),
      await count("invalid"),
    ]).toEqual([1, 1, 0, 0, 0]);
    // The dry run changed nothing: the report, in a second tab (going back to a POST's no-store
    // answer would ask to send the form again).
    const tab = await w.page.context().newPage();
    await tab.goto(`${WORKER}/admin/subscribers`);
    expect(await confirmedOnReport(tab)).toBe(before);
    expect(await tab.locator("#suppressions").textContent()).not.toContain(LEFT);
    await tab.close();

    const apply = w.page.getByRole("button", { name: /^Import / });
    expect(await apply.textContent()).toBe("Import 1 new and suppress 1");
    await Promise.all([w.page.waitForURL(/\/admin\/import$/), apply.click()]);
    await expect.poll(() => w.page.locator("h1").textContent()).toBe("Imported");
    const result = w.page.locator("#import-result");
    expect(await result.getAttribute("data-added")).toBe("1");
    expect(await result.textContent()).toMatch(/^1 added, 1 suppressed, 0 confirmation mail\(s\) queued/);

    await w.page.getByRole("link", { name: "Subscribers", exact: true }).click();
    await w.page.waitForURL(/\/admin\/subscribers$/);
    expect(await confirmedOnReport()).toBe(before + 1);
    const suppressed = w.page.locator("#suppressions tbody tr", { hasText: LEFT });
    expect(await suppressed.locator("td").allTextContents()).toEqual([
      LEFT,
      "unsubscribed",
      expect.stringMatching(/^import:mailchimp/),
      expect.any(String),
    ]);
    expect(await w.page.locator("#suppressions").textContent()).not.toContain(NEW);
  });

  it("exports the list as CSV and JSON: the imported subscriber in it, the unsubscribed row only as a suppression", async () => {
    const csv = await download("CSV");
    expect(csv.file).toMatch(/^subscribers-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.body.split(/\r?\n/);
    // A row per subscriber, then a row per suppressed address (status "suppressed", with its reason).
    expect(lines.filter((l) => l.startsWith(`${NEW},`)).map((l) => l.split(",").slice(0, 3))).toEqual([[NEW, "confirmed", ""]]);
    expect(lines.filter((l) => l.includes(LEFT)).map((l) => l.split(",").slice(0, 3))).toEqual([[LEFT, "suppressed", "unsubscribed"]]);

    const json = await download("JSON");
    expect(json.file).toMatch(/^subscribers-\d{4}-\d{2}-\d{2}\.json$/);
    const list = JSON.parse(json.body) as {
      subscribers: { address: string; status: string }[];
      suppressions: { address: string; reason: string }[];
    };
    expect(list.subscribers.find((s) => s.address === NEW)?.status).toBe("confirmed");
    expect(list.subscribers.some((s) => s.address === LEFT)).toBe(false);
    expect(list.suppressions.find((s) => s.address === LEFT)?.reason).toBe("unsubscribed");
  });
});
