/** `<key-facts>` on a host site of another origin with a strict CSP: what it shows and what it costs. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type Watched, watchPage } from "../support/browser";
import { addCard, cardShown, hostStillWorks, PAGES, pageUrl, SLUG, settled, WORKER } from "./widget-support";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a summary card in an article", () => {
  let w: Watched;
  beforeAll(async () => {
    w = await watchPage(browser);
    const res = await w.page.goto(pageUrl("article"));
    expect(res?.status()).toBe(200);
    expect(res?.headers()["content-security-policy"]).toContain(`script-src ${WORKER};`);
    await cardShown(w.page);
  });
  afterAll(() => w.close());

  it("shows the summary's title as a link to its page", async () => {
    const title = w.page.locator("key-facts .kf-title a");
    await expect(title.textContent()).resolves.toMatch(/^Thousands of North Korean labourers sent to Russia in 2024/);
    await expect(title.getAttribute("href")).resolves.toBe(`${WORKER}/summaries/${SLUG}`);
  });

  it("lists every key fact in a real list, each with its sources", async () => {
    const facts = w.page.locator("key-facts ul.kf-facts > li.kf-fact");
    await expect(facts.count()).resolves.toBe(6);
    await expect(facts.nth(1).locator(".kf-text").textContent()).resolves.toMatch(/^13,221 North Koreans entered Russia in 2023/);
    // Each source with the chain its claim travelled, the count of origins, and who could not verify it.
    await expect(facts.nth(1).locator(".kf-sources").textContent()).resolves.toMatch(
      /^Sources:\s*Russia's federal statistics service, via Radio Free Asia, cited by HNGN; National Intelligence Service \(South Korea\), via HNGN · 2 independent sources$/,
    );
    await expect(facts.nth(1).locator(".kf-unverified").textContent()).resolves.toBe("Unverified: HNGN could not verify this");
    await expect(facts.nth(3).locator(".kf-unverified").count()).resolves.toBe(0);
    await expect(facts.nth(0).locator(".kf-label").textContent()).resolves.toBe("Source:");
  });

  it("formats figures with Intl in the summary's language", async () => {
    const figures = await w.page.locator("key-facts .kf-figure").allTextContents();
    expect(figures).toEqual(["13,221 people · 2023", "7,887 people · 2023", "≈ 11,000 troops"]);
  });

  it("shows the date, the publication and a link to follow the story's tag feed", async () => {
    const footer = w.page.locator("key-facts .kf-meta");
    await expect(footer.locator("time").textContent()).resolves.toBe("November 23, 2026");
    await expect(footer.locator("time").getAttribute("datetime")).resolves.toBe("2026-11-23T00:00:00Z");
    await expect(footer.locator(".kf-publication").textContent()).resolves.toBe("Keyfacts: North Korean labour in Russia");
    const follow = footer.locator("a.kf-follow");
    await expect(follow.textContent()).resolves.toBe("Follow this story");
    await expect(follow.getAttribute("href")).resolves.toBe(`${WORKER}/tags/north-korea/feed.xml`);
  });

  it("is a region labelled by its heading, level 2 by default, in the summary's language and direction", async () => {
    const base = w.page.locator("key-facts [part~=base]");
    await expect(base.getAttribute("role")).resolves.toBe("region");
    await expect(base.getAttribute("aria-labelledby")).resolves.toBe("kf-title");
    await expect(base.getAttribute("lang")).resolves.toBe("en");
    await expect(base.getAttribute("dir")).resolves.toBe("ltr");
    const heading = w.page.getByRole("heading", { name: /Thousands of North Korean labourers/ });
    await expect(heading.getAttribute("aria-level")).resolves.toBe("2");
    await expect(w.page.getByRole("region", { name: /Thousands of North Korean labourers/ }).count()).resolves.toBe(1);
  });

  it("loads with no CSP violation, console error or uncaught exception", async () => {
    await expect(w.cspViolations()).resolves.toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    expect(w.consoleWarnings).toEqual([]);
  });

  it("needs two requests to the worker: the script and one JSON document", () => {
    const toWorker = w.requests.filter((r) => r.startsWith(`GET ${WORKER}/`) || r.includes(` ${WORKER}/`));
    expect(toWorker).toEqual([`GET ${WORKER}/widget.js`, `GET ${WORKER}/api/v1/summaries/${SLUG}`]);
    expect(w.requests.every((r) => r.includes(WORKER) || r.includes(PAGES))).toBe(true);
  });

  it("leaves the host page working", async () => {
    await expect(hostStillWorks(w.page)).resolves.toBe(true);
  });
});

describe("a single-fact card", () => {
  it("shows that fact alone, with its chain, its figure and a link to its place in the summary", async () => {
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("blank"));
      await addCard(w.page, { summary: "north-korean-labourers-russia-2024", fact: "entries-2023" });
      expect((await settled(w.page)).type).toBe("key-facts-load");
      const facts = w.page.locator("#card .kf-fact");
      await expect(facts.count()).resolves.toBe(1);
      await expect(facts.locator(".kf-text").textContent()).resolves.toMatch(/13,221/);
      await expect(facts.locator(".kf-sources").textContent()).resolves.toMatch(
        /Russia's federal statistics service, via Radio Free Asia, cited by HNGN/,
      );
      await expect(facts.locator(".kf-unverified").textContent()).resolves.toBe("Unverified: HNGN could not verify this");
      await expect(w.page.locator("#card .kf-title a").getAttribute("href")).resolves.toBe(
        `${WORKER}/summaries/north-korean-labourers-russia-2024#fact-entries-2023`,
      );
    } finally {
      await w.close();
    }
  });
});

describe("a tag card", () => {
  it("shows the tag's newest facts, each linked to its summary, with the tag's feed", async () => {
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("blank"));
      await addCard(w.page, { tag: "sanctions", limit: "3" });
      const event = await settled(w.page);
      expect(event.type).toBe("key-facts-load");
      const facts = w.page.locator("#card .kf-fact");
      await expect(facts.count()).resolves.toBe(3);
      await expect(w.page.locator("#card .kf-title").textContent()).resolves.toBe("Latest on Sanctions");
      await expect(w.page.locator("#card .kf-title a").getAttribute("href")).resolves.toBe(`${WORKER}/tags/sanctions`);
      await expect(facts.first().locator(".kf-origin a").getAttribute("href")).resolves.toBe(`${WORKER}/summaries/${SLUG}`);
      await expect(facts.first().locator(".kf-origin").textContent()).resolves.toMatch(/ · November 23, 2026$/);
      await expect(w.page.locator("#card a.kf-follow").getAttribute("href")).resolves.toBe(`${WORKER}/tags/sanctions/feed.xml`);
      const toWorker = w.requests.filter((r) => r.includes(` ${WORKER}/`));
      expect(toWorker).toEqual([`GET ${WORKER}/widget.js`, `GET ${WORKER}/api/v1/facts?tag=sanctions&limit=3`]);
      await expect(w.cspViolations()).resolves.toEqual([]);
      expect(w.consoleErrors).toEqual([]);
      expect(w.pageErrors).toEqual([]);
    } finally {
      await w.close();
    }
  });
});

describe("events", () => {
  it("fires key-facts-load once per load, bubbling and composed, and follows attribute changes", async () => {
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("blank"));
      await addCard(w.page, { summary: SLUG, "heading-level": "4" });
      const first = await settled(w.page);
      expect(first).toMatchObject({ type: "key-facts-load", composed: true });
      await expect(w.page.locator("#card .kf-title").getAttribute("aria-level")).resolves.toBe("4");
      await w.page.evaluate(() => document.getElementById("card")!.setAttribute("summary", "north-korean-workers-siberia-far-east"));
      await w.page.waitForFunction(() => (window as unknown as { __events: unknown[] }).__events.length === 2);
      await expect(w.page.locator("#card .kf-title").textContent()).resolves.toMatch(
        /^North Korean workers sent to remote parts of Russia/,
      );
      await expect(w.page.locator("#card .kf-fact").count()).resolves.toBe(7);
    } finally {
      await w.close();
    }
  });
});
