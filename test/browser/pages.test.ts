import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, launchBrowser, type Watched, watchPage } from "../support/browser";
import { htmlProblems } from "../support/html";

const worker = inject("workerOrigin");

interface Crawled {
  status: number;
  type: string;
  /** For HTML pages: their problems as html-validate and axe-core report them, and the CSP violations of their loading. */
  htmlProblems?: string[];
  axe?: string[];
  csp?: unknown[];
}

/** Pages open at once: a crawl or a pass over every page keeps both cores busy while one page waits on the worker. */
const AT_ONCE = 3;

/** Runs `visit` for every item on `AT_ONCE` pages of `options`, each page taking the next item when done. */
async function onPages<T>(items: readonly T[], options: Parameters<typeof watchPage>[1], visit: (w: Watched, item: T) => Promise<void>) {
  const pages = await Promise.all(Array.from({ length: AT_ONCE }, () => watchPage(browser, options)));
  let next = 0;
  await Promise.all(
    pages.map(async (w) => {
      while (next < items.length) await visit(w, items[next++] as T);
    }),
  );
  await Promise.all(pages.map((w) => w.close()));
}

/** Scrolls the front page's live card into view, which loads it, and waits until it shows its facts. */
async function showDemo(page: Page): Promise<void> {
  await page.locator(".demo").scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector("key-facts")?.shadowRoot?.querySelector(".kf-card:not(.kf-loading)"));
}

let browser: Browser;
/** Every URL of ours reachable from `/`, by path and query. */
const site = new Map<string, Crawled>();
/** `#fragment` links, to check each names an element of its page. */
const fragments: { from: string; to: string; id: string }[] = [];
const ids = new Map<string, Set<string>>();
/** Console and script errors of the crawl's pages. */
const crawlErrors: string[] = [];

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
  const visit = async (w: Watched, path: string) => {
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
    if (type !== "text/html" || !res.ok) return;
    entry.htmlProblems = await htmlProblems(body);
    await w.page.goto(worker + path);
    if (path === "/") {
      // Let the live widget render (it loads when scrolled to), so axe checks the card too.
      await showDemo(w.page);
    }
    entry.csp = await w.cspViolations();
    entry.axe = (await axe(w.page)).map((v) => `${v.id} (${v.impact}): ${v.help} ${v.nodes.join(" ")}`);
    const found = await w.page.evaluate(() => ({
      links: [...document.querySelectorAll<HTMLAnchorElement | HTMLLinkElement>("a[href], link[href]")].map((a) => a.href),
      scripts: [...document.scripts].filter((s) => s.src).map((s) => s.src),
      ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
    }));
    ids.set(path, new Set(found.ids));
    for (const link of [...found.links, ...found.scripts]) push(link, path);
  };
  // Breadth first on AT_ONCE pages: a page out of work waits while the others may still find links.
  const pages = await Promise.all(Array.from({ length: AT_ONCE }, () => watchPage(browser)));
  let busy = 0;
  await Promise.all(
    pages.map(async (w) => {
      for (;;) {
        const path = queue.shift();
        if (path === undefined) {
          if (busy === 0) return;
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        busy++;
        await visit(w, path).finally(() => busy--);
      }
    }),
  );
  for (const w of pages) {
    crawlErrors.push(...w.consoleErrors, ...w.pageErrors);
    await w.close();
  }
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
      expect.arrayContaining(["/feed.xml", "/atom.xml", "/feed.json", "/feeds", "/demo.js", "/openapi.json", "/problems/not-found"]),
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
    const violations: string[] = [];
    const paths = htmlPages()
      .map(([p]) => p)
      .filter((p) => !p.startsWith("/problems/") && !p.startsWith("/tags/"));
    await onPages(paths, { colorScheme: "dark" }, async (w, path) => {
      await w.page.goto(worker + path);
      for (const v of await axe(w.page)) violations.push(`${path} ${v.id}: ${v.help} ${v.nodes.join(" ")}`);
    });
    expect(violations).toEqual([]);
  });

  it("fits a phone's width without sideways scrolling", async () => {
    const wide: string[] = [];
    const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
    await onPages(
      htmlPages().map(([p]) => p),
      phone,
      async (w, path) => {
        await w.page.goto(worker + path);
        const width = await w.page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 360) wide.push(`${path} is ${width}px wide`);
      },
    );
    expect(wide).toEqual([]);
  });

  it("loads without a CSP violation, console error or script error", () => {
    // As the crawl loaded each page (the front page with its live card).
    const violations = htmlPages().flatMap(([path, c]) => (c.csp ?? []).map((v) => `${path} ${JSON.stringify(v)}`));
    expect(htmlPages().every(([, c]) => c.csp !== undefined)).toBe(true);
    expect(violations).toEqual([]);
    expect(crawlErrors).toEqual([]);
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
    await w.page.locator(".demo").scrollIntoViewIfNeeded();
    const title = await w.page.waitForFunction(
      () => document.querySelector("key-facts")?.shadowRoot?.querySelector(".kf-card:not(.kf-loading) .kf-title")?.textContent,
    );
    expect(await title.jsonValue()).toBeTruthy();
    expect(await w.cspViolations()).toEqual([]);
    await w.close();
  });

  it("loads the live card only when it scrolls into view, into space held for it: nothing below it moves", async () => {
    const w = await watchPage(browser, { viewport: { width: 1280, height: 720 } });
    const widget: string[] = [];
    w.page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/widget.js") widget.push(r.url());
    });
    await w.page.goto(`${worker}/`, { waitUntil: "networkidle" });
    expect(widget).toEqual([]);
    const below = () => w.page.locator("#developers").evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    const before = await below();
    await showDemo(w.page);
    expect(widget).toHaveLength(1);
    expect(Math.abs((await below()) - before)).toBeLessThan(1);
    await w.close();
  });

  it("holds the card's space at a phone's width too", async () => {
    const w = await watchPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await w.page.goto(`${worker}/`, { waitUntil: "networkidle" });
    const below = () => w.page.locator("#developers").evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    const before = await below();
    await showDemo(w.page);
    expect(Math.abs((await below()) - before)).toBeLessThan(1);
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
