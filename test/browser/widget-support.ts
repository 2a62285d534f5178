/** Shared steps of the widget's browser tests: the two origins, adding cards, reading what they show. */
import type { Browser, Page } from "playwright-core";
import { inject } from "vitest";
import { launchBrowser, type Watched, watchPage } from "../support/browser";

export const WORKER = inject("workerOrigin");
export const PAGES = inject("pagesOrigin");
export const SLUG = "north-korean-labourers-russia-2024";

/** The default strict policy plus `extra` origins for connections (fake APIs on the pages origin). */
export const cspWith = (connect: string) =>
  `default-src 'none'; script-src ${WORKER}; connect-src ${WORKER} ${connect}; style-src 'self'; img-src 'self'; ` +
  "require-trusted-types-for 'script'; trusted-types lit-html; base-uri 'none'; form-action 'none'";

export const pageUrl = (name: string, csp?: string) => `${PAGES}/pages/${name}.html${csp ? `?csp=${encodeURIComponent(csp)}` : ""}`;

/**
 * Adds `<key-facts>` with `attrs` (and custom properties `css`) to the page's #cards and records its events on
 * `window.__events`. DOM calls only (no HTML strings), so Trusted Types has nothing to refuse.
 */
export async function addCard(page: Page, attrs: Record<string, string>, id = "card", css: Record<string, string> = {}): Promise<void> {
  await page.evaluate(
    ({ attrs, id, css }) => {
      const w = window as unknown as { __events?: { type: string; id: string; detail: unknown; composed: boolean }[] };
      if (!w.__events) {
        w.__events = [];
        for (const type of ["key-facts-load", "key-facts-error"]) {
          // Listening on the document proves the events bubble out of the card.
          document.addEventListener(type, (e) => {
            const ev = e as CustomEvent;
            const detail = type === "key-facts-error" ? ev.detail : { ok: true };
            w.__events!.push({ type, id: (e.target as Element).id, detail, composed: ev.composed });
          });
        }
      }
      const card = document.createElement("key-facts");
      card.id = id;
      for (const [k, v] of Object.entries(attrs)) card.setAttribute(k, v);
      // Through the CSSOM: a style="" attribute is inline style, which the strict CSP refuses.
      for (const [k, v] of Object.entries(css)) card.style.setProperty(k, v);
      document.getElementById("cards")!.append(card);
    },
    { attrs, id, css },
  );
}

export interface RecordedEvent {
  type: "key-facts-load" | "key-facts-error";
  id: string;
  detail: { reason?: string; status?: number | null };
  composed: boolean;
}

/** Waits for the card `#id` to fire its first load or error event, and returns it. */
export async function settled(page: Page, id = "card"): Promise<RecordedEvent> {
  const handle = await page.waitForFunction(
    (id) => (window as unknown as { __events?: RecordedEvent[] }).__events?.find((e) => e.id === id),
    id,
    { timeout: 20_000 },
  );
  return (await handle.jsonValue()) as RecordedEvent;
}

/** Waits until the page's first `<key-facts>` shows its facts. */
export async function cardShown(page: Page, selector = "key-facts"): Promise<void> {
  await page.locator(`${selector} .kf-fact`).first().waitFor({ timeout: 20_000 });
}

/** Whether the page itself still responds: its native popover button opens its note. */
export async function hostStillWorks(page: Page): Promise<boolean> {
  await page.click("#host-button");
  return page.evaluate(() => document.getElementById("note")!.matches(":popover-open"));
}

/** A browser on the blank host page, under a strict CSP that lets it reach the fake APIs of `PAGES`: where most card tests start. */
export async function blankHost(): Promise<{ browser: Browser; w: Watched }> {
  const browser = await launchBrowser();
  const w = await watchPage(browser);
  await w.page.goto(pageUrl("blank", cspWith(PAGES)));
  return { browser, w };
}
