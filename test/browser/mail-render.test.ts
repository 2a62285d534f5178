/**
 * The summary mail as a reader sees it: a reader subscribes and confirms on `wrangler dev`,
 * the cron announces the newest summary, the queue sends the mail, and its HTML part, read
 * from the MIME in the local outbox, is rendered in Chromium at 600 and 375 px, light and dark
 * (screenshots in test-results/mail-*.png): no sideways scrolling, every key fact with its
 * sources on screen, dark mode dark and readable, no script, and nothing fetched (no tracking).
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Summary, SummaryList } from "../../src/shared/api-schema";
import { chainText } from "../../src/shared/provenance";
import { launchBrowser, watchPage } from "../support/browser";
import { runCron } from "../support/cron";
import { mailTo } from "../support/outbox";

const WORKER = inject("workerOrigin");
const ADDRESS = `render-${crypto.randomUUID().slice(0, 8)}@example.com`;
const SHOTS = resolve(import.meta.dirname, "../../test-results");
const ours = { Origin: WORKER, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" };

let browser: Browser;
let html: string;
let summary: Summary;

async function json<T>(path: string): Promise<T> {
  const res = await fetch(`${WORKER}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

const cron = (time?: number) => runCron(WORKER, time);

/** Subscribes, confirms, then runs the cron as the README shows: the mail about the newest summary, as sent. */
beforeAll(async () => {
  const newest = (await json<SummaryList>("/api/v1/summaries")).items[0];
  if (newest === undefined) throw new Error("the archive is empty");
  summary = await json<Summary>(`/api/v1/summaries/${newest.slug}`);

  const subscribed = await fetch(`${WORKER}/subscribe`, {
    method: "POST",
    headers: ours,
    body: new URLSearchParams({ email: ADDRESS, topics: "all", cadence: "each" }),
  });
  expect(subscribed.status).toBe(200);
  const confirm = await mailTo(WORKER, ADDRESS, (s) => s.startsWith("Confirm your subscription"));
  const link = /https?:\/\/\S+\/subscribe\/confirm\?token=[A-Za-z0-9._-]+/.exec(confirm.text ?? "")?.[0];
  if (link === undefined) throw new Error("no confirm link in the mail");
  const confirmed = await fetch(link, { method: "POST", headers: ours, body: "" });
  expect(confirmed.status).toBe(200);

  // First as of a moment before the newest summary went live (the older ones are marked as announced), then now.
  await cron(Date.parse(summary.published) - 1);
  await cron();
  const mail = await mailTo(WORKER, ADDRESS, (s) => s === summary.title, 40_000);
  html = mail.html ?? "";
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
}, 90_000);

afterAll(async () => {
  await browser?.close();
});

/** WCAG contrast of the page's text against the background each piece of text sits on, lowest first. */
function contrasts(page: Page) {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const backgroundOf = (el: Element | null): string => {
      for (let e = el; e; e = e.parentElement) {
        const bg = getComputedStyle(e).backgroundColor;
        if (bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") return bg;
      }
      return "rgb(255, 255, 255)";
    };
    const out: { text: string; ratio: number }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (el === null || (n.textContent ?? "").trim() === "") continue;
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(backgroundOf(el)))];
      out.push({ text: (n.textContent ?? "").trim().slice(0, 40), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) });
    }
    return out.sort((x, y) => x.ratio - y.ratio);
  });
}

describe("the summary mail in a reader's mail view", () => {
  it("has no script, image, frame or linked stylesheet", () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|javascript:|<img|<iframe|<link |url\(/i);
  });

  for (const width of [600, 375]) {
    for (const scheme of ["light", "dark"] as const) {
      it(`at ${width} px in ${scheme}: no sideways scrolling, every key fact and its sources shown, readable, nothing fetched`, async () => {
        const w = await watchPage(browser, { viewport: { width, height: 900 }, colorScheme: scheme });
        try {
          const { page } = w;
          const fetched: string[] = [];
          await page.route("**/*", (route) => {
            fetched.push(route.request().url());
            return route.abort();
          });
          await page.setContent(html, { waitUntil: "load" });
          await page.screenshot({ path: `${SHOTS}/mail-${width}-${scheme}.png`, fullPage: true });

          const { scrollWidth, clientWidth, scripts } = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
            scripts: document.scripts.length,
          }));
          expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
          expect(scripts).toBe(0);

          expect(await page.locator("h1").textContent()).toBe(summary.title);
          const items = page.locator("li");
          expect(await items.count()).toBe(summary.facts.length);
          for (const [i, fact] of summary.facts.entries()) {
            const item = items.nth(i);
            expect(await item.isVisible()).toBe(true);
            const box = await item.boundingBox();
            expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
            // What is rendered, as a reader reads it, not the DOM's text.
            // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point
            const shown = await item.innerText();
            expect(shown).toContain(fact.text);
            for (const source of fact.sources) expect(shown).toContain(chainText(source));
          }

          const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
          const channels = (background.match(/\d+/g) ?? []).slice(0, 3).map(Number);
          const brightness = Math.max(...channels);
          if (scheme === "dark") expect(brightness, background).toBeLessThan(60);
          else expect(brightness, background).toBeGreaterThan(240);
          const lowest = (await contrasts(page))[0];
          expect(lowest?.ratio, lowest?.text).toBeGreaterThanOrEqual(4.5);

          expect(fetched).toEqual([]);
          expect(w.requests).toEqual([]);
          expect(w.pageErrors).toEqual([]);
        } finally {
          await w.close();
        }
      });
    }
  }
});
