/** `<key-facts>` with a right-to-left summary: direction and language from the data, layout mirrored. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, type Watched } from "../support/browser";
import { addCard, blankHost, PAGES, SLUG, settled } from "./widget-support";

let browser: Browser;
let w: Watched;
beforeAll(async () => {
  ({ browser, w } = await blankHost());
  await addCard(w.page, { summary: "rtl", api: `${PAGES}/fake-api/fixture/` }, "rtl");
  await addCard(w.page, { summary: SLUG }, "ltr");
  await settled(w.page, "rtl");
  await settled(w.page, "ltr");
});
afterAll(async () => {
  await w?.close();
  await browser?.close();
});

type Box = { left: number; right: number };
const box = (selector: string): Promise<Box> =>
  w.page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right };
    });

describe("a right-to-left summary", () => {
  it("takes lang and dir from the payload", async () => {
    const base = w.page.locator("#rtl [part~=base]");
    await expect(base.getAttribute("dir")).resolves.toBe("rtl");
    await expect(base.getAttribute("lang")).resolves.toBe("ar");
    await expect(base.evaluate((el) => getComputedStyle(el).direction)).resolves.toBe("rtl");
  });

  it("starts text and bullets at the right edge, where the left-to-right card starts them at the left", async () => {
    const [rtlCard, rtlTitle, rtlText] = await Promise.all([box("#rtl [part~=base]"), box("#rtl .kf-title a"), box("#rtl .kf-text")]);
    const [ltrCard, ltrTitle, ltrText] = await Promise.all([box("#ltr [part~=base]"), box("#ltr .kf-title a"), box("#ltr .kf-text")]);
    // Same padding, mirrored: the title hugs the inline-start edge in both.
    expect(Math.round(rtlCard.right - rtlTitle.right)).toBe(Math.round(ltrTitle.left - ltrCard.left));
    // The bullet indent (padding-inline-start) is on the right in RTL.
    expect(Math.round(rtlCard.right - rtlText.right)).toBe(Math.round(ltrText.left - ltrCard.left));
    const bullet = (id: string) =>
      w.page
        .locator(`${id} .kf-fact`)
        .first()
        .evaluate((li) => {
          const s = getComputedStyle(li, "::before");
          return { left: s.left, right: s.right };
        });
    const [rtlBullet, ltrBullet] = await Promise.all([bullet("#rtl"), bullet("#ltr")]);
    expect(rtlBullet.right).toBe(ltrBullet.left);
  });

  it("puts the follow link at the inline end: the left", async () => {
    const [publication, follow] = await Promise.all([box("#rtl .kf-publication"), box("#rtl .kf-follow")]);
    expect(follow.right).toBeLessThan(publication.left);
  });

  it("formats the date in the summary's language", async () => {
    const date = await w.page.locator("#rtl .kf-meta time").textContent();
    expect(date).toBe(await w.page.evaluate(() => new Date("2026-11-23").toLocaleDateString("ar", { dateStyle: "long", timeZone: "UTC" })));
    expect(date).not.toMatch(/November/);
  });

  it("finds no axe-core violations", async () => {
    await expect(axe(w.page)).resolves.toEqual([]);
  });
});
