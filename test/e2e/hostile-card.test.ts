/**
 * The hostile content archive, last stop: every accepted case, built by the real content
 * build, is served as API JSON to a `<key-facts>` card on a host page under a strict CSP.
 * What a reader sees is the hostile text, literally; nothing in it runs or becomes markup.
 */
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Summary } from "../../src/shared/api-schema";
import { cases } from "../hostile/cases";
import { buildCase } from "../hostile/fixture";
import { summariesOf } from "../hostile/inert";
import { launchBrowser, type Watched, watchPage } from "../support/browser";
import { type Host, startHost, strictCsp } from "./host";

const WORKER = inject("workerOrigin");
const SHOTS = "test-results/screenshots";
/** Elements the card is made of; anything else came from the data. */
const CARD_ELEMENTS = new Set(["section", "header", "p", "div", "span", "ul", "li", "a", "footer", "time", "button", "slot"]);

let browser: Browser;
let host: Host;
let w: Watched;
const shown = new Map<string, Summary>();

beforeAll(async () => {
  [browser, host] = await Promise.all([launchBrowser(), startHost(WORKER)]);
  for (const c of cases) {
    if (!("accept" in c.expect)) continue;
    const result = await buildCase(c.files);
    if (!result.ok) throw new Error(`${c.name} should build`);
    const doc = summariesOf(result.archive)[0];
    if (!doc) throw new Error(`${c.name} built no summary`);
    shown.set(c.name, doc);
    host.json(`summaries/${c.name}`, JSON.stringify(doc));
  }
  const cards = [...shown.keys()]
    .map((name) => `<key-facts id="${name}" summary="${name}" api="${host.origin}/api/"></key-facts>`)
    .join("\n");
  w = await watchPage(browser, { viewport: { width: 800, height: 1000 } });
  await w.page.goto(await host.page("hostile", "hostile", strictCsp(WORKER, { connect: host.origin }), { CARDS: cards }));
  for (const name of shown.keys()) await w.page.locator(`#${name} .kf-fact`).first().waitFor({ timeout: 20_000 });
  mkdirSync(SHOTS, { recursive: true });
  await w.page.screenshot({ path: `${SHOTS}/hostile-cards.png`, fullPage: true, animations: "disabled" });
});

afterAll(async () => {
  await w?.close();
  await browser?.close();
  await host?.close();
});

describe("cards fed the accepted hostile summaries", () => {
  it("show every case, one card each", () => {
    expect(shown.size).toBeGreaterThanOrEqual(30);
  });

  it("show each title, fact, source and publication name literally, as text", async () => {
    for (const [name, doc] of shown) {
      const card = w.page.locator(`#${name}`);
      await expect(card.locator(".kf-title").textContent(), name).resolves.toBe(doc.title);
      await expect(card.locator(".kf-text").allTextContents(), name).resolves.toEqual(doc.facts.map((f) => f.text));
      const sources = await card.locator(".kf-sources").allTextContents();
      doc.facts.forEach((fact, i) => {
        for (const source of fact.sources) expect(sources[i], name).toContain(source.name);
      });
      await expect(card.locator(".kf-publication").textContent(), name).resolves.toBe(doc.publication.title);
    }
  });

  it("create no element or event handler from the data, and link only to http(s) addresses", async () => {
    const found = await w.page.evaluate(() =>
      [...document.querySelectorAll("key-facts")].flatMap((card) =>
        [...(card.shadowRoot?.querySelectorAll("*") ?? [])].map((el) => ({
          card: card.id,
          tag: el.localName,
          handlers: el.getAttributeNames().filter((a) => a.startsWith("on")),
          href: el.localName === "a" ? (el as HTMLAnchorElement).href : null,
        })),
      ),
    );
    expect(found.filter((e) => !CARD_ELEMENTS.has(e.tag))).toEqual([]);
    expect(found.filter((e) => e.handlers.length > 0)).toEqual([]);
    expect(found.filter((e) => e.href !== null && !/^https?:\/\//.test(e.href))).toEqual([]);
  });

  it("run nothing: no injected script ran, no CSP or Trusted Types violation, no error", async () => {
    await expect(w.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
    await expect(w.cspViolations()).resolves.toEqual([]);
    expect(w.pageErrors).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});
