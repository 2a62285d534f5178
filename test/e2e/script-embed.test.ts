/**
 * End to end, as a site owner embeds the card by script: copy the pinned snippet from a
 * summary's page, paste it into an article on another origin under a strict CSP with
 * Trusted Types, and see what a reader sees. Subresource Integrity is really enforced.
 */
import { mkdirSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Summary } from "../../src/shared/api-schema";
import { type Watched, watchPage } from "../support/browser";
import { type Host, strictCsp } from "./host";
import { readCard, type SeenCard, type SiteOwner, type Snippets, siteOwner, sri } from "./site-owner";

const WORKER = inject("workerOrigin");
const SHOTS = "test-results/screenshots";

let owner: SiteOwner;
let browser: Browser;
let host: Host;
let snippets: Snippets;
let summary: Summary;
let w: Watched;
let seen: SeenCard;

beforeAll(async () => {
  owner = await siteOwner(WORKER);
  ({ browser, host, snippets, summary } = owner);
  w = await watchPage(browser);
  await w.page.goto(await host.page("pinned", "article", strictCsp(WORKER), { SNIPPET: snippets.pinned }));
  seen = await readCard(w.page.locator("key-facts"));
  mkdirSync(SHOTS, { recursive: true });
  await w.page.locator("key-facts").screenshot({ path: `${SHOTS}/script-embed.png`, animations: "disabled" });
});

afterAll(async () => {
  await w?.close();
  await owner?.close();
});

describe("an article on another site that pastes the pinned script snippet", () => {
  it("pins an immutable, versioned widget URL whose bytes match the snippet's integrity hash", async () => {
    const src = /src="([^"]+)"/.exec(snippets.pinned)?.[1] ?? "";
    const integrity = /integrity="([^"]+)"/.exec(snippets.pinned)?.[1] ?? "";
    expect(src).toMatch(new RegExp(`^${WORKER}/widget/[0-9a-f]+\\.js$`));
    const res = await fetch(src);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const bytes = await res.arrayBuffer();
    expect(sri(bytes)).toBe(integrity);
    expect(sri(await (await fetch(`${WORKER}/widget.js`)).arrayBuffer())).toBe(integrity);
  });

  it("shows the reader the title, every key fact with its sources, the date, the publication and a follow link", () => {
    expect(seen.title).toBe(summary.title);
    expect(seen.titleHref).toBe(summary.url);
    expect(seen.facts.map((f) => f.text)).toEqual(summary.facts.map((f) => f.text));
    summary.facts.forEach((fact, i) => {
      for (const source of fact.sources) expect(seen.facts[i]?.sources).toContain(source.name);
    });
    expect(seen.datetime?.slice(0, 10)).toBe(summary.published.slice(0, 10));
    expect(seen.date).toMatch(/\d{4}/);
    expect(seen.publication).toBe(summary.publication.title);
    const tag = /\/tags\/([^/]+)\/feed\.xml$/.exec(seen.follow ?? "")?.[1] ?? "";
    expect(seen.follow).toBe(`${WORKER}/tags/${tag}/feed.xml`);
    expect(summary.tags).toContain(tag);
  });

  it("leads the reader on: the title opens the summary's page, the follow link is its tag's feed", async () => {
    const page = await fetch(seen.titleHref ?? "");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain(summary.facts[0]?.text.replaceAll("'", "&#39;").slice(0, 40) ?? "");
    const feed = await fetch(seen.follow ?? "");
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toMatch(/^application\/rss\+xml/);
    expect(await feed.text()).toContain(`<guid isPermaLink="true">${summary.url}</guid>`);
  });

  it("lives under the host's CSP and Trusted Types with no violation, console error or exception, in two requests", async () => {
    await expect(w.cspViolations()).resolves.toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    const toWorker = w.requests.filter((r) => r.includes(WORKER));
    expect(toWorker).toEqual([`GET ${/src="([^"]+)"/.exec(snippets.pinned)?.[1]}`, `GET ${WORKER}/api/v1/summaries/${summary.slug}`]);
    await expect(w.page.locator("#after").isVisible()).resolves.toBe(true);
  });

  it("refuses a tampered script: with another integrity hash nothing runs and the article stays whole", async () => {
    const forged = snippets.pinned.replace(
      /integrity="sha384-[^"]+"/,
      `integrity="${sri(new TextEncoder().encode("other bytes").buffer as ArrayBuffer)}"`,
    );
    const t = await watchPage(browser);
    try {
      await t.page.goto(await host.page("forged", "article", strictCsp(WORKER), { SNIPPET: forged }));
      await t.page.waitForLoadState("load");
      await expect(t.page.evaluate(() => customElements.get("key-facts") === undefined)).resolves.toBe(true);
      expect(t.consoleErrors.join("\n")).toMatch(/integrity/i);
      expect(t.requests.some((r) => r.includes("/api/v1/"))).toBe(false);
      await expect(t.page.locator("#after").isVisible()).resolves.toBe(true);
    } finally {
      await t.close();
    }
  });
});
