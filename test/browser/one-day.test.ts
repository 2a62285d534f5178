/**
 * One instant, one day: a summary published at 01:00 in Seoul (16:00 the day before in UTC)
 * shows the same day, in the publication's zone, on its page, in its embed and on the live
 * `<key-facts>` card, which reads it from the API as any host page would.
 */
import { readFileSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Summary } from "../../src/shared/api-schema";
import { summaryCard } from "../../src/shared/card-model";
import { embedPage } from "../../src/worker/pages/embed-page";
import { summaryPage } from "../../src/worker/pages/summary-page";
import type { Watched } from "../support/browser";
import { select } from "../support/html";
import { publication, site } from "../support/pages-fixture";
import { addCard, blankHost, PAGES, settled } from "./widget-support";

const summary = JSON.parse(readFileSync("test/browser/pages/seoul-summary.json", "utf8")) as Summary;
const DAY = "November 23, 2026";

let browser: Browser;
let w: Watched;
beforeAll(async () => {
  ({ browser, w } = await blankHost());
  await addCard(w.page, { summary: "seoul", api: `${PAGES}/fake-api/fixture/` });
  expect((await settled(w.page)).type).toBe("key-facts-load");
});
afterAll(async () => {
  await w?.close();
  await browser?.close();
});

describe("a summary published at 2026-11-23T01:00:00+09:00 by a publication in Asia/Seoul", () => {
  it("shows November 23 on the page, in the embed and on the card", async () => {
    expect(summary.published).toBe("2026-11-23T01:00:00+09:00");
    const page = summaryPage(summary, { ...site, publication: { ...publication, timezone: "Asia/Seoul" } });
    const embed = embedPage({ view: summaryCard(summary), canonical: summary.url, theme: "auto", language: "en" });
    const card = w.page.locator("key-facts .kf-date");
    const seen = {
      page: select(page, "article .meta time").map((t) => t.text),
      embed: select(embed, ".kf-date").map((t) => t.text),
      card: [await card.textContent()],
    };
    expect(seen).toEqual({ page: [DAY], embed: [DAY], card: [DAY] });
    await expect(card.getAttribute("datetime")).resolves.toBe(summary.published);
  });
});
