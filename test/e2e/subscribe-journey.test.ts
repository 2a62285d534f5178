/**
 * End to end, as a reader subscribes by e-mail in Chromium against `wrangler dev`: the form
 * from the front page, the mail read from the local outbox (wrangler dev keeps what the
 * send_email binding sends and lists it), confirm, change topics, export, unsubscribe by the
 * one-click POST a mail provider sends, erase. None of these pages has a script.
 */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, launchBrowser, type Watched, watchPage } from "../support/browser";
import { mailTo as outboxMail } from "../support/outbox";

const WORKER = inject("workerOrigin");
const ADDRESS = `journey-${crypto.randomUUID().slice(0, 8)}@Example.COM`;
const STORED = ADDRESS.replace("Example.COM", "example.com");

/** The newest mail to our address whose subject starts with `subject`, read from its MIME. */
const mailTo = (subject: string) => outboxMail(WORKER, STORED, (s) => s.startsWith(subject));

const linkIn = (text: string | undefined, path: string) => {
  const m = new RegExp(`https?://[^\\s]+${path.replace("/", "\\/")}\\?token=[A-Za-z0-9._-]+`).exec(text ?? "");
  if (!m) throw new Error(`no ${path} link in the mail`);
  return m[0];
};

let browser: Browser;
let w: Watched;
let manageUrl: string;
let unsubscribeUrl: string;

beforeAll(async () => {
  browser = await launchBrowser();
  w = await watchPage(browser, { acceptDownloads: true });
});

afterAll(async () => {
  await w?.close();
  await browser?.close();
});

describe("subscribing by e-mail, start to end", () => {
  it("finds the form from the front page and subscribes, on pages without a script", async () => {
    const { page } = w;
    await page.goto(`${WORKER}/`);
    await page.click("text=Get it by e-mail");
    expect(new URL(page.url()).pathname).toBe("/subscribe");
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    expect(await axe(page)).toEqual([]);
    await page.fill("#email", ADDRESS);
    await page.check("#topics-some");
    const first = await page.locator('input[name="topic"]').first().getAttribute("value");
    await page.locator('input[name="topic"]').first().check();
    await page.check("#cadence-weekly");
    await page.click("button[type=submit]");
    await expect(page.locator("h1").textContent()).resolves.toBe("Check your inbox");
    // Nothing about the address travels in the URL.
    expect(page.url()).toBe(`${WORKER}/subscribe`);
    expect(first).toBeTruthy();
  });

  it("gets a confirmation mail in the local outbox, whose link shows a button and confirms on press", async () => {
    const mail = await mailTo("Confirm your subscription");
    expect(mail.text).toContain("a weekly digest");
    const confirm = linkIn(mail.text, "/subscribe/confirm");
    expect(mail.html).toContain(confirm);
    const { page } = w;
    await page.goto(confirm);
    await expect(page.locator("h1").textContent()).resolves.toBe("Confirm your subscription");
    await page.click("text=Confirm my subscription");
    await expect(page.locator("h1").textContent()).resolves.toBe("You are subscribed");
    await page.click("text=Your subscription");
    manageUrl = page.url();
    expect(new URL(manageUrl).pathname).toBe("/subscription");
    expect(await page.evaluate(() => document.scripts.length)).toBe(0);
    await expect(page.locator(".lede").textContent()).resolves.toBe(`${STORED}: subscribed.`);
    expect(await axe(page)).toEqual([]);
  });

  it("gets a welcome mail with the one-click unsubscribe headers", async () => {
    const mail = await mailTo("Welcome to");
    expect(mail.headers?.["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    unsubscribeUrl = (mail.headers?.["List-Unsubscribe"] ?? "").replace(/^<|>$/g, "");
    expect(new URL(unsubscribeUrl).pathname).toBe("/unsubscribe");
    expect(mail.text).toContain(manageUrl);
  });

  it("changes topics and cadence on the subscriber's own page", async () => {
    const { page } = w;
    await page.goto(manageUrl);
    await page.locator('input[name="topic"]').nth(1).check();
    await page.check("#cadence-daily");
    await page.click("text=Save");
    await expect(page.locator(".notice").textContent()).resolves.toContain("Saved");
    expect(await page.isChecked("#cadence-daily")).toBe(true);
    expect(await page.locator('input[name="topic"]:checked').count()).toBe(2);
  });

  it("downloads everything held as JSON", async () => {
    const { page } = w;
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Download it all (JSON)")]);
    const data = JSON.parse(readFileSync(await download.path(), "utf8")) as {
      address: string;
      cadence: string;
      topics: string[];
      consents: { action: string }[];
    };
    expect(data.address).toBe(STORED);
    expect(data.cadence).toBe("daily");
    expect(data.topics).toHaveLength(2);
    expect(data.consents.map((c) => c.action)).toEqual(["subscribe", "confirm", "preferences"]);
  });

  it("unsubscribes with the one-click POST a mail provider sends, from its own servers", async () => {
    const res = await fetch(unsubscribeUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const { page } = w;
    await page.goto(manageUrl);
    await expect(page.locator(".lede").textContent()).resolves.toBe(`${STORED}: unsubscribed: we send you nothing.`);
  });

  it("erases everything, after which the links in the mails no longer work", async () => {
    const { page } = w;
    await page.check("#sure");
    await page.click("text=Erase everything");
    await expect(page.locator("h1").textContent()).resolves.toBe("Erased");
    const gone = await page.goto(manageUrl);
    expect(gone?.status()).toBe(410);
    expect(w.pageErrors).toEqual([]);
    expect(w.consoleErrors.filter((e) => !e.includes("410"))).toEqual([]);
  });
});
