/**
 * End to end, one host page with three cards of different modes (a summary, a topic's newest
 * facts, a summary in the dark theme) from one script tag: each shows what a reader needs,
 * and the page costs one script and one JSON document a card.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Summary, TagCount } from "../../src/shared/api-schema";
import { launchBrowser, type Watched, watchPage } from "../support/browser";
import { type Host, startHost, strictCsp } from "./host";
import { readCard, summaryOf } from "./site-owner";

const WORKER = inject("workerOrigin");
const SHOTS = "test-results/screenshots";

let browser: Browser;
let host: Host;
let summary: Summary;
let tag: string;
let w: Watched;

/** Relative luminance of a computed `rgb(…)` colour, 0 (black) to 1 (white). */
const luminance = (rgb: string) => {
  const [r = 0, g = 0, b = 0] = (rgb.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const background = (card: Locator) => card.locator("[part~=base]").evaluate((el) => getComputedStyle(el).backgroundColor);

beforeAll(async () => {
  const list = (await (await fetch(`${WORKER}/api/v1/summaries?limit=1`)).json()) as { items: { slug: string }[] };
  const tags = (await (await fetch(`${WORKER}/api/v1/tags`)).json()) as TagCount[];
  // The topic most summaries share, as a site would pick for a running story.
  tag = [...tags].sort((a, b) => b.count - a.count)[0]?.tag ?? "";
  [browser, host, summary] = await Promise.all([launchBrowser(), startHost(WORKER), summaryOf(WORKER, list.items[0]?.slug ?? "")]);
  w = await watchPage(browser, { viewport: { width: 800, height: 1000 }, colorScheme: "light" });
  await w.page.goto(await host.page("three", "three-cards", strictCsp(WORKER), { SLUG: summary.slug, TAG: tag }));
  for (const id of ["summary-card", "tag-card", "dark-card"]) await w.page.locator(`#${id} .kf-fact`).first().waitFor({ timeout: 20_000 });
  mkdirSync(SHOTS, { recursive: true });
  await w.page.screenshot({ path: `${SHOTS}/three-cards.png`, fullPage: true, animations: "disabled" });
});

afterAll(async () => {
  await w?.close();
  await browser?.close();
  await host?.close();
});

describe("a host page with a summary card, a topic card and a dark card", () => {
  it("shows the summary card's title, facts, publication and follow link", async () => {
    const seen = await readCard(w.page.locator("#summary-card"));
    expect(seen.title).toBe(summary.title);
    expect(seen.facts.map((f) => f.text)).toEqual(summary.facts.map((f) => f.text));
    expect(seen.publication).toBe(summary.publication.title);
    expect(seen.follow).toMatch(new RegExp(`^${WORKER}/tags/[a-z0-9-]+/feed\\.xml$`));
  });

  it("shows the topic card's three newest facts, grouped under the summary each comes from", async () => {
    const facts = (await (await fetch(`${WORKER}/api/v1/facts?tag=${tag}&limit=3`)).json()) as {
      items: { text: string; summary: { url: string } }[];
    };
    const card = w.page.locator("#tag-card");
    await expect(card.locator(".kf-text").allTextContents()).resolves.toEqual(facts.items.map((f) => f.text));
    // Each summary heads the run of its facts once.
    const runs = facts.items.map((f) => f.summary.url).filter((url, i, all) => url !== all[i - 1]);
    await expect(card.locator(".kf-origin a").evaluateAll((all) => all.map((a) => (a as HTMLAnchorElement).href))).resolves.toEqual(runs);
    await expect(card.locator(".kf-follow").getAttribute("href")).resolves.toBe(`${WORKER}/tags/${tag}/feed.xml`);
  });

  it("draws the dark card dark and the others light, on a reader who prefers light", async () => {
    expect(luminance(await background(w.page.locator("#dark-card")))).toBeLessThan(0.1);
    expect(luminance(await background(w.page.locator("#summary-card")))).toBeGreaterThan(0.8);
    expect(luminance(await background(w.page.locator("#tag-card")))).toBeGreaterThan(0.8);
    const [dark, light] = await Promise.all(["#dark-card", "#summary-card"].map((id) => readCard(w.page.locator(id))));
    expect(dark).toEqual(light);
  });

  it("loads the script once and one JSON document per card, with no violation, error or exception", async () => {
    const toWorker = w.requests.filter((r) => r.includes(WORKER)).sort();
    expect(toWorker).toEqual(
      [
        `GET ${WORKER}/api/v1/facts?tag=${tag}&limit=3`,
        `GET ${WORKER}/api/v1/summaries/${summary.slug}`,
        `GET ${WORKER}/api/v1/summaries/${summary.slug}`,
        `GET ${WORKER}/widget.js`,
      ].sort(),
    );
    await expect(w.cspViolations()).resolves.toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
  });
});
