/**
 * What a site owner does before embedding: opens a summary's page and copies its snippets,
 * and what the end-to-end tests read back: the card's text as a reader sees it.
 * @module
 */
import { createHash } from "node:crypto";
import type { Browser, Locator } from "playwright-core";
import type { Summary } from "../../src/shared/api-schema";
import { launchBrowser } from "../support/browser";
import { type Host, startHost } from "./host";

export interface Snippets {
  /** `<script src=…/widget.js>` + element */
  script: string;
  /** The same pinned to `/widget/<version>.js` with `integrity=` */
  pinned: string;
  iframe: string;
  link: string;
}

const unescapeHtml = (html: string) =>
  html.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e] as string);

/**
 * The embed snippets of `/summaries/<slug>`, as the page shows them for copying under "Embed
 * these key facts" (each fact's own snippets, under the fact, embed that fact alone).
 */
export async function copySnippets(worker: string, slug: string): Promise<Snippets> {
  const res = await fetch(`${worker}/summaries/${slug}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`/summaries/${slug} answered ${res.status}`);
  const page = await res.text();
  const section = page.slice(page.indexOf('id="embed-this"'));
  const blocks = [...section.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map((m) => unescapeHtml(m[1] ?? ""));
  const find = (test: (b: string) => boolean, what: string) => {
    const found = blocks.find(test);
    if (!found) throw new Error(`/summaries/${slug} shows no ${what} snippet`);
    return found;
  };
  return {
    script: find((b) => b.includes("/widget.js") && !b.includes("integrity="), "script"),
    pinned: find((b) => b.includes("integrity="), "pinned script"),
    iframe: find((b) => b.startsWith("<iframe"), "iframe"),
    link: find((b) => /^https?:\/\/\S+$/.test(b.trim()), "link"),
  };
}

export async function summaryOf(worker: string, slug: string): Promise<Summary> {
  const res = await fetch(`${worker}/api/v1/summaries/${slug}`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as Summary;
}

/** Where each end-to-end test starts: a browser, a site on its own origin, and the newest summary with the snippets its page offers. */
export interface SiteOwner {
  browser: Browser;
  host: Host;
  snippets: Snippets;
  summary: Summary;
  close(): Promise<void>;
}

export async function siteOwner(worker: string): Promise<SiteOwner> {
  const list = (await (await fetch(`${worker}/api/v1/summaries?limit=1`)).json()) as { items: { slug: string }[] };
  const slug = list.items[0]?.slug ?? "";
  const [browser, host, snippets, summary] = await Promise.all([
    launchBrowser(),
    startHost(worker),
    copySnippets(worker, slug),
    summaryOf(worker, slug),
  ]);
  return {
    browser,
    host,
    snippets,
    summary,
    close: async () => {
      await browser.close();
      await host.close();
    },
  };
}

/** Subresource Integrity of `bytes` as a browser computes it. */
export const sri = (bytes: ArrayBuffer) => `sha384-${createHash("sha384").update(Buffer.from(bytes)).digest("base64")}`;

export interface SeenCard {
  title: string;
  titleHref: string | null;
  facts: { text: string; sources: string }[];
  date: string;
  datetime: string | null;
  publication: string;
  follow: string | null;
}

/** What a reader sees in the `<key-facts>` card at `card` (shadow DOM pierced by the locators). */
export async function readCard(card: Locator): Promise<SeenCard> {
  await card.locator(".kf-fact").first().waitFor({ timeout: 20_000 });
  const text = async (l: Locator) => ((await l.textContent()) ?? "").replace(/\s+/g, " ").trim();
  const facts = [];
  for (const fact of await card.locator(".kf-fact").all()) {
    facts.push({ text: await text(fact.locator(".kf-text")), sources: await text(fact.locator(".kf-sources")) });
  }
  const follow = card.locator(".kf-follow");
  return {
    title: await text(card.locator(".kf-title")),
    titleHref: await card.locator(".kf-title a").getAttribute("href"),
    facts,
    date: await text(card.locator(".kf-date")),
    datetime: await card.locator(".kf-date").getAttribute("datetime"),
    publication: await text(card.locator(".kf-publication")),
    follow: (await follow.count()) > 0 ? await follow.getAttribute("href") : null,
  };
}
