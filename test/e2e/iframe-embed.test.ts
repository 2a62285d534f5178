/**
 * End to end, as a site owner who cannot add scripts embeds the card: copy the iframe
 * snippet from a summary's page into an article on another origin whose CSP allows no
 * script at all, and see the card a reader gets, readable with no JavaScript.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Summary } from "../../src/shared/api-schema";
import { type Watched, watchPage } from "../support/browser";
import type { Host } from "./host";
import { type SiteOwner, type Snippets, siteOwner } from "./site-owner";

const WORKER = inject("workerOrigin");
const SHOTS = "test-results/screenshots";
/** A host that runs no script at all and frames only the worker. */
const noScriptCsp = `default-src 'none'; style-src 'self'; frame-src ${WORKER}; base-uri 'none'; form-action 'none'`;

let owner: SiteOwner;
let browser: Browser;
let host: Host;
let snippets: Snippets;
let summary: Summary;
let w: Watched;
let frame: Frame;

beforeAll(async () => {
  owner = await siteOwner(WORKER);
  ({ browser, host, snippets, summary } = owner);
  w = await watchPage(browser, { viewport: { width: 700, height: 1400 } });
  await w.page.goto(await host.page("framed", "article", noScriptCsp, { SNIPPET: snippets.iframe }));
  const element = await w.page.waitForSelector("iframe");
  frame = (await element.contentFrame()) as Frame;
  await frame.waitForSelector(".kf-fact");
  mkdirSync(SHOTS, { recursive: true });
  await w.page.screenshot({ path: `${SHOTS}/iframe-embed.png`, fullPage: true, animations: "disabled" });
});

afterAll(async () => {
  await w?.close();
  await owner?.close();
});

describe("an article on another site that pastes the iframe snippet", () => {
  it("frames the summary's embed page, sandboxed so that nothing in it can run", async () => {
    expect(frame.url()).toBe(`${WORKER}/embed/${summary.slug}`);
    const sandbox = await w.page.locator("iframe").getAttribute("sandbox");
    expect(sandbox?.split(/\s+/)).not.toContain("allow-scripts");
    await expect(frame.evaluate(() => document.scripts.length)).resolves.toBe(0);
  });

  it("shows the reader the title, every key fact with its sources, the date and the publication", async () => {
    const text = (selector: string) =>
      frame
        .locator(selector)
        .allTextContents()
        .then((all) => all.map((t) => t.replace(/\s+/g, " ").trim()));
    await expect(text(".kf-title")).resolves.toEqual([summary.title]);
    await expect(text(".kf-text")).resolves.toEqual(summary.facts.map((f) => f.text));
    const sources = await text(".kf-sources");
    summary.facts.forEach((fact, i) => {
      for (const source of fact.sources) expect(sources[i]).toContain(source.name);
    });
    await expect(frame.locator("time").first().getAttribute("datetime")).resolves.toMatch(new RegExp(`^${summary.published.slice(0, 10)}`));
    await expect(frame.locator("body").textContent()).resolves.toContain(summary.publication.title);
  });

  it("opens its links in a new tab, leaving the article where it is", async () => {
    const links = await frame
      .locator("a")
      .evaluateAll((all) => all.map((a) => ({ href: (a as HTMLAnchorElement).href, target: (a as HTMLAnchorElement).target })));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link.target).toBe("_blank");
      expect(link.href).toMatch(/^https?:\/\//);
    }
    expect(links.map((l) => l.href)).toContain(summary.url);
  });

  it("holds the whole card: the snippet's height leaves nothing to scroll inside the frame", async () => {
    await expect(frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).resolves.toBe(true);
  });

  it("trips nothing on a host that allows no script: no CSP violation, console error or exception", async () => {
    await expect(w.cspViolations()).resolves.toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
  });
});
