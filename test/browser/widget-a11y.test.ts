/** `<key-facts>` for every reader: axe-core in both themes, focus, motion, and a reserved space while loading. */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axe, launchBrowser, watchPage } from "../support/browser";
import { addCard, cardShown, cspWith, PAGES, pageUrl, SLUG, settled } from "./widget-support";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The card's computed background, text colour and colour scheme. */
const colours = (page: Page, selector = "key-facts") =>
  page.locator(`${selector} [part~=base]`).evaluate((el) => {
    const s = getComputedStyle(el);
    return { background: s.backgroundColor, color: s.color };
  });

const LIGHT = { background: "rgb(255, 255, 255)", color: "rgb(28, 30, 33)" };
const DARK = { background: "rgb(23, 25, 28)", color: "rgb(233, 234, 236)" };

describe("themes and axe-core", () => {
  it("finds no axe-core violations in the light theme", async () => {
    const w = await watchPage(browser, { colorScheme: "light" });
    try {
      await w.page.goto(pageUrl("article"));
      await cardShown(w.page);
      await expect(colours(w.page)).resolves.toEqual(LIGHT);
      await expect(axe(w.page)).resolves.toEqual([]);
      // axe-core itself must not have tripped the page's CSP either.
      await expect(w.cspViolations()).resolves.toEqual([]);
    } finally {
      await w.close();
    }
  });

  it("finds no axe-core violations in the dark theme", async () => {
    const w = await watchPage(browser, { colorScheme: "dark" });
    try {
      await w.page.goto(pageUrl("article"));
      await cardShown(w.page);
      await expect(colours(w.page)).resolves.toEqual(DARK);
      await expect(axe(w.page)).resolves.toEqual([]);
    } finally {
      await w.close();
    }
  });

  it("lets theme= override the reader's preference either way", async () => {
    const w = await watchPage(browser, { colorScheme: "dark" });
    try {
      await w.page.goto(pageUrl("blank"));
      await addCard(w.page, { summary: SLUG, theme: "light" }, "light");
      await addCard(w.page, { summary: "north-korean-workers-siberia-far-east", theme: "dark" }, "dark");
      await settled(w.page, "light");
      await settled(w.page, "dark");
      await expect(colours(w.page, "#light")).resolves.toEqual(LIGHT);
      await expect(colours(w.page, "#dark")).resolves.toEqual(DARK);
      await w.page.evaluate(() => document.body.classList.add("dark"));
      await expect(axe(w.page)).resolves.toEqual([]);
    } finally {
      await w.close();
    }
  });

  it("is already in the reader's theme while loading, before any data: no flash", async () => {
    const w = await watchPage(browser, { colorScheme: "dark" });
    try {
      await w.page.goto(pageUrl("blank", cspWith(PAGES)));
      await addCard(w.page, { summary: SLUG, api: `${PAGES}/fake-api/hang/` });
      await w.page.locator("key-facts .kf-loading").waitFor();
      await expect(colours(w.page)).resolves.toEqual(DARK);
      await expect(w.page.locator("key-facts [role=status]").textContent()).resolves.toBe("Loading key facts…");
    } finally {
      await w.close();
    }
  });

  it("finds no axe-core violations in the error state", async () => {
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("blank", cspWith(PAGES)));
      await addCard(w.page, { summary: SLUG, api: `${PAGES}/fake-api/status-500/` });
      await settled(w.page);
      await expect(axe(w.page)).resolves.toEqual([]);
    } finally {
      await w.close();
    }
  });
});

describe("keyboard, motion and layout", () => {
  it("shows a visible focus ring on its links", async () => {
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("article"));
      await cardShown(w.page);
      await w.page.keyboard.press("Tab");
      const focused = await w.page.evaluate(() => {
        const el = document.activeElement?.shadowRoot?.activeElement as HTMLElement | null | undefined;
        const s = el && getComputedStyle(el);
        return s && { text: el.textContent, outline: s.outlineStyle, width: s.outlineWidth, colour: s.outlineColor };
      });
      expect(focused).toEqual({
        text: "Thousands of North Korean labourers sent to Russia in 2024, South Korea's intelligence agency says",
        outline: "solid",
        width: "2px",
        colour: "rgb(11, 87, 208)",
      });
    } finally {
      await w.close();
    }
  });

  it("pulses its loading placeholder, unless the reader prefers reduced motion", async () => {
    for (const [reducedMotion, expected] of [
      ["no-preference", "kf-pulse"],
      ["reduce", "none"],
    ] as const) {
      const w = await watchPage(browser, { reducedMotion });
      try {
        await w.page.goto(pageUrl("blank", cspWith(PAGES)));
        await addCard(w.page, { summary: SLUG, api: `${PAGES}/fake-api/hang/` });
        const animation = await w.page.locator("key-facts .kf-loading").evaluate((el) => getComputedStyle(el, "::before").animationName);
        expect(animation).toBe(expected);
      } finally {
        await w.close();
      }
    }
  });

  it("reserves its space while loading, so a card of that height moves nothing when the data arrives", async () => {
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("blank", cspWith(PAGES)));
      const afterTop = () => w.page.locator("#after").evaluate((el) => el.getBoundingClientRect().top);
      const empty = await afterTop();
      // The real summary, a second late; the page reserves more than the card needs.
      await addCard(w.page, { summary: SLUG, api: `${PAGES}/fake-api/slow/` }, "card", { "--key-facts-min-height": "80rem" });
      await w.page.locator("key-facts .kf-loading").waitFor();
      const loading = await afterTop();
      expect(loading - empty).toBeGreaterThanOrEqual(80 * 16);
      await settled(w.page);
      await expect(w.page.locator("key-facts .kf-fact").count()).resolves.toBe(6);
      expect(await afterTop()).toBe(loading);
    } finally {
      await w.close();
    }
  });

  it("reserves the default 20rem before any data, whatever the page", async () => {
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("blank", cspWith(PAGES)));
      await addCard(w.page, { summary: SLUG, api: `${PAGES}/fake-api/hang/` });
      await w.page.locator("key-facts .kf-loading").waitFor();
      const height = await w.page.locator("key-facts [part~=base]").evaluate((el) => el.getBoundingClientRect().height);
      expect(height).toBe(320);
    } finally {
      await w.close();
    }
  });
});
