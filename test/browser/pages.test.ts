import { HtmlValidate } from "html-validate";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, launchBrowser, watchPage } from "../support/browser";

const worker = inject("workerOrigin");

/**
 * The W3C-conformance rules of html-validate's recommended preset, minus three that judge
 * style or SEO rather than validity:
 * - `void-style`, `doctype-style`: `<meta>`/`<meta/>` and `<!doctype>`/`<!DOCTYPE>` are both
 *   valid; pages come from Hono JSX (which self-closes) and from template strings;
 * - `long-title`: titles are the editors' headlines, up to 140 characters by the content rules.
 * And `form-dup-name` counts checkboxes among the controls that may share a name, as HTML
 * (and the W3C validator) allows: the subscribe form's topics are one group, `topic`.
 */
const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    "void-style": "off",
    "doctype-style": "off",
    "long-title": "off",
    "form-dup-name": ["error", { shared: ["radio", "button", "reset", "submit", "checkbox"] }],
  },
});

async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}

interface Crawled {
  status: number;
  type: string;
  /** For HTML pages: their problems as html-validate and axe-core report them. */
  htmlProblems?: string[];
  axe?: string[];
}

let browser: Browser;
/** Every URL of ours reachable from `/`, by path and query. */
const site = new Map<string, Crawled>();
/** `#fragment` links, to check each names an element of its page. */
const fragments: { from: string; to: string; id: string }[] = [];
const ids = new Map<string, Set<string>>();

/**
 * Crawls from `/` like a reader clicking every link (and a browser fetching every
 * stylesheet, script, feed link and oEmbed discovery link), in real Chromium. External
 * links are not followed: the test machine has no network, and they are not ours.
 */
async function crawl(): Promise<void> {
  const queue = ["/"];
  const queued = new Set(queue);
  const push = (raw: string, from: string) => {
    const url = new URL(raw, worker + from);
    if (url.origin !== worker) return;
    const key = url.pathname + url.search;
    if (url.hash.length > 1) fragments.push({ from, to: key, id: decodeURIComponent(url.hash.slice(1)) });
    if (queued.has(key) || queued.size > 300) return;
    queued.add(key);
    queue.push(key);
  };
  const w = await watchPage(browser);
  while (queue.length > 0) {
    const path = queue.shift() as string;
    const res = await fetch(worker + path);
    const type = (res.headers.get("content-type") ?? "").split(";")[0] ?? "";
    const body = await res.text();
    const entry: Crawled = { status: res.status, type };
    site.set(path, entry);
    if (path.startsWith("/oembed?") && res.ok) {
      // The card an oEmbed consumer would frame.
      const src = /<iframe src="([^"]+)"/.exec((JSON.parse(body) as { html: string }).html)?.[1];
      if (src) push(src.replaceAll("&amp;", "&"), path);
    }
    if (type !== "text/html" || !res.ok) continue;
    entry.htmlProblems = await htmlProblems(body);
    await w.page.goto(worker + path);
    if (path === "/") {
      // Let the live widget render, so axe checks the card too.
      await w.page.waitForFunction(() => document.querySelector("key-facts")?.shadowRoot?.querySelector(".kf-card:not(.kf-loading)"));
    }
    entry.axe = (await axe(w.page)).map((v) => `${v.id} (${v.impact}): ${v.help} ${v.nodes.join(" ")}`);
    const found = await w.page.evaluate(() => ({
      links: [...document.querySelectorAll<HTMLAnchorElement | HTMLLinkElement>("a[href], link[href]")].map((a) => a.href),
      scripts: [...document.scripts].filter((s) => s.src).map((s) => s.src),
      ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
    }));
    ids.set(path, new Set(found.ids));
    for (const link of [...found.links, ...found.scripts]) push(link, path);
  }
  await w.close();
}

beforeAll(async () => {
  browser = await launchBrowser();
  await crawl();
}, 240_000);
afterAll(async () => {
  await browser?.close();
});

const htmlPages = () => [...site].filter(([, c]) => c.type === "text/html");

describe("crawling every link from the front page", () => {
  it("reaches every summary, topic, feed, embed and error-type page", async () => {
    const summaries = (await (await fetch(`${worker}/api/v1/summaries?limit=100`)).json()) as { items: { slug: string }[] };
    const tags = (await (await fetch(`${worker}/api/v1/tags`)).json()) as { tag: string }[];
    const paths = [...site.keys()];
    for (const s of summaries.items) {
      expect(paths).toContain(`/summaries/${s.slug}`);
      expect(paths).toContain(`/embed/${s.slug}`);
    }
    for (const t of tags) {
      expect(paths).toContain(`/tags/${t.tag}`);
      expect(paths).toContain(`/tags/${t.tag}/feed.xml`);
      expect(paths).toContain(`/embed/tags/${t.tag}`);
    }
    expect(paths).toEqual(
      expect.arrayContaining(["/feed.xml", "/atom.xml", "/feed.json", "/styles.css", "/widget.js", "/openapi.json", "/problems/not-found"]),
    );
  });

  it("finds no broken link: every address answers 200", () => {
    const broken = [...site].filter(([, c]) => c.status !== 200).map(([path, c]) => `${path} → ${c.status}`);
    expect(broken).toEqual([]);
  });

  it("finds every #fragment link pointing at an element of its page", () => {
    const missing = fragments.filter((f) => ids.get(f.to)?.has(f.id) === false).map((f) => `${f.from} → ${f.to}#${f.id}`);
    expect(missing).toEqual([]);
  });
});

describe("every page", () => {
  it("is valid HTML", () => {
    const invalid = htmlPages().flatMap(([path, c]) => (c.htmlProblems ?? []).map((p) => `${path} ${p}`));
    expect(htmlPages().length).toBeGreaterThan(10);
    expect(invalid).toEqual([]);
  });

  it("has no axe-core violations", () => {
    const violations = htmlPages().flatMap(([path, c]) => (c.axe ?? []).map((v) => `${path} ${v}`));
    expect(violations).toEqual([]);
  });

  it("has no axe-core violations in dark mode either", async () => {
    const w = await watchPage(browser, { colorScheme: "dark" });
    const violations: string[] = [];
    for (const [path] of htmlPages().filter(([p]) => !p.startsWith("/problems/") && !p.startsWith("/tags/"))) {
      await w.page.goto(worker + path);
      for (const v of await axe(w.page)) violations.push(`${path} ${v.id}: ${v.help} ${v.nodes.join(" ")}`);
    }
    await w.close();
    expect(violations).toEqual([]);
  });

  it("fits a phone's width without sideways scrolling", async () => {
    const w = await watchPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const wide: string[] = [];
    for (const [path] of htmlPages()) {
      await w.page.goto(worker + path);
      const width = await w.page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) wide.push(`${path} is ${width}px wide`);
    }
    await w.close();
    expect(wide).toEqual([]);
  });

  it("loads without a CSP violation, console error or script error", async () => {
    const w = await watchPage(browser);
    for (const [path] of htmlPages()) {
      await w.page.goto(worker + path);
      if (path === "/") await w.page.waitForFunction(() => document.querySelector("key-facts")?.shadowRoot?.querySelector(".kf-card"));
      expect(await w.cspViolations(), path).toEqual([]);
    }
    expect(w.consoleErrors).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    await w.close();
  });
});

describe("a summary page", () => {
  const slugOf = () => [...site.keys()].find((p) => p.startsWith("/summaries/")) as string;

  it("reads whole with JavaScript off: title, key facts with sources, body", async () => {
    const w = await watchPage(browser, { javaScriptEnabled: false });
    const res = await w.page.goto(worker + slugOf());
    expect(res?.status()).toBe(200);
    expect(await w.page.locator("h1").count()).toBe(1);
    const facts = w.page.locator(".key-facts .facts > li");
    expect(await facts.count()).toBeGreaterThan(0);
    expect(await facts.first().locator(".fact-sources").textContent()).toMatch(/^Sources?: /);
    expect(((await w.page.locator(".body").textContent()) ?? "").length).toBeGreaterThan(200);
    await w.close();
  });

  it("prints the article and its key facts without the site's navigation or embed snippets", async () => {
    const w = await watchPage(browser);
    await w.page.goto(worker + slugOf());
    await w.page.emulateMedia({ media: "print" });
    expect(await w.page.locator(".site-nav").isVisible()).toBe(false);
    expect(await w.page.locator("#embed-this").isVisible()).toBe(false);
    expect(await w.page.locator(".key-facts").isVisible()).toBe(true);
    expect(await w.page.locator(".body").isVisible()).toBe(true);
    const pdf = await w.page.pdf({ format: "A4" });
    expect(pdf.length).toBeGreaterThan(1000);
    await w.close();
  });
});

describe("the front page", () => {
  it("runs the live widget demo under its own strict CSP", async () => {
    const w = await watchPage(browser);
    await w.page.goto(`${worker}/`);
    const title = await w.page.waitForFunction(
      () => document.querySelector("key-facts")?.shadowRoot?.querySelector(".kf-card:not(.kf-loading) .kf-title")?.textContent,
    );
    expect(await title.jsonValue()).toBeTruthy();
    expect(await w.cspViolations()).toEqual([]);
    await w.close();
  });

  it("tells readers without JavaScript where to find the card instead", async () => {
    const w = await watchPage(browser, { javaScriptEnabled: false });
    await w.page.goto(`${worker}/`);
    expect(await w.page.locator(".demo .fallback").isVisible()).toBe(true);
    expect(await w.page.locator(".summaries > li").count()).toBeGreaterThan(0);
    await w.close();
  });
});
