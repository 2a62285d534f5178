import { readFileSync } from "node:fs";
import type { Browser, Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { axe, launchBrowser, watchPage } from "../support/browser";

const worker = inject("workerOrigin");
const pages = inject("pagesOrigin");

/** A host page of the second origin under `csp` (placeholders %WORKER% and %PAGES% filled in by the server). */
const hostPage = (name: string, csp: string) => `${pages}/pages/${name}.html?csp=${encodeURIComponent(csp)}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** What a reader sees in a framed card. */
async function cardIn(frame: Frame) {
  await frame.waitForSelector(".kf-card");
  return frame.evaluate(() => {
    const card = document.querySelector(".kf-card") as HTMLElement;
    const style = getComputedStyle(card);
    return {
      title: document.querySelector(".kf-title")?.textContent ?? "",
      facts: document.querySelectorAll(".kf-fact").length,
      accent: style.borderTopColor,
      background: style.backgroundColor,
      links: [...document.querySelectorAll("a")].map((a) => ({ target: a.target, rel: a.rel })),
      scripts: document.scripts.length,
      // Whether the reader would have to scroll inside the frame to see the whole card.
      overflows: document.documentElement.scrollHeight > innerHeight,
    };
  });
}

describe("a third-party page that frames the embed card", () => {
  it("shows the styled card, with links that open a new tab, and no script", async () => {
    const slug = "north-korean-labourers-russia-2024";
    const summary = (await (await fetch(`${worker}/api/v1/summaries/${slug}`)).json()) as { title: string; facts: unknown[] };
    const w = await watchPage(browser);
    const res = await w.page.goto(hostPage("embed-iframe", "default-src 'none'; style-src 'self'; frame-src %WORKER%; base-uri 'none'"));
    expect(res?.status()).toBe(200);
    const frame = (await (await w.page.$("#card"))?.contentFrame()) as Frame;
    // The snippet's iframe is loading="lazy", so the host page's load event does not wait
    // for it: it may not have started its navigation yet.
    await frame.waitForURL(`${worker}/embed/${slug}`);
    expect(frame.url()).toBe(`${worker}/embed/${slug}`);
    const card = await cardIn(frame);
    expect(card.title).toBe(summary.title);
    expect(card.facts).toBe(summary.facts.length);
    // The shared stylesheet applied: the accent rule on top, a white card in the light theme.
    expect(card.accent).toBe("rgb(179, 38, 30)");
    expect(card.scripts).toBe(0);
    expect(card.links.length).toBeGreaterThan(2);
    for (const link of card.links) expect(link).toEqual({ target: "_blank", rel: "noopener" });
    // The snippet's height holds the whole card: nothing cut off, nothing to scroll.
    expect(card.overflows).toBe(false);
    expect(await axe(w.page)).toEqual([]);
    // Nothing in the snippet trips the host's strict CSP.
    expect(await w.cspViolations()).toEqual([]);
    await w.close();
  });

  it("shows the dark theme when the iframe asks for it", async () => {
    const w = await watchPage(browser);
    await w.page.goto(hostPage("embed-iframe", "default-src 'none'; style-src 'self'; frame-src %WORKER%"));
    const frame = (await (await w.page.$("#dark"))?.contentFrame()) as Frame;
    const card = await cardIn(frame);
    expect(card.background).toBe("rgb(23, 25, 28)");
    expect(card.facts).toBeGreaterThan(0);
    await w.close();
  });

  it("cannot frame any page other than an embed", async () => {
    const w = await watchPage(browser);
    await w.page.goto(hostPage("embed-iframe", "default-src 'none'; style-src 'self'; frame-src %WORKER%"));
    const frame = (await (await w.page.$("#page"))?.contentFrame()) as Frame;
    await frame.waitForLoadState().catch(() => {});
    // Chromium replaces a refused frame with its own error page: the summary never renders.
    const h1 = await frame.evaluate(() => document.querySelector("main h1")?.textContent ?? null).catch(() => null);
    expect(h1).toBeNull();
    await w.close();
  });
});

describe("a third-party page that pastes links through an oEmbed consumer", () => {
  const csp = "default-src 'none'; script-src 'self'; connect-src %WORKER%; style-src 'self'; frame-src %WORKER%; base-uri 'none'";

  it("runs the consumer exactly as docs/embedding.md shows it", () => {
    const docs = readFileSync(new URL("../../docs/embedding.md", import.meta.url), "utf8");
    const fn = /async function embedKeyFacts[\s\S]*?\n}\n/.exec(docs)?.[0];
    expect(fn).toBeDefined();
    expect(readFileSync(new URL("./pages/embed-oembed.js", import.meta.url), "utf8")).toContain(fn);
  });

  it("turns a summary link and a topic link into cards, sized to the column, and leaves other links alone", async () => {
    const w = await watchPage(browser);
    const res = await w.page.goto(hostPage("embed-oembed", csp));
    expect(res?.status()).toBe(200);
    await w.page.waitForSelector("#summary[data-embedded]");
    await w.page.waitForSelector("#tag[data-embedded]");
    await w.page.waitForSelector("#other[data-embedded]");
    expect(await w.page.getAttribute("#summary", "data-embedded")).toBe("true");
    expect(await w.page.getAttribute("#tag", "data-embedded")).toBe("true");
    expect(await w.page.getAttribute("#other", "data-embedded")).toBe("false");
    expect(await w.page.$("#other a")).not.toBeNull();

    const column = await w.page.evaluate(() => (document.querySelector("#summary") as HTMLElement).clientWidth);
    const iframe = await w.page.$("#summary iframe");
    expect(Number(await iframe?.getAttribute("width"))).toBeLessThanOrEqual(column);
    const summaryCard = await cardIn((await iframe?.contentFrame()) as Frame);
    expect(summaryCard.title).toContain("North Korean labourers");
    expect(summaryCard.overflows).toBe(false);
    const tagCard = await cardIn((await (await w.page.$("#tag iframe"))?.contentFrame()) as Frame);
    expect(tagCard.facts).toBeGreaterThan(0);
    expect(tagCard.overflows).toBe(false);

    expect(w.requests).toContain(
      `GET ${worker}/oembed?url=${encodeURIComponent(`${worker}/summaries/north-korean-labourers-russia-2024`)}&format=json&maxwidth=${column}`,
    );
    expect(await w.cspViolations()).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    await w.close();
  });
});

describe("the frame height oEmbed gives", () => {
  it("holds the whole card at every width asked, with little to spare", async () => {
    const summaries = (await (await fetch(`${worker}/api/v1/summaries?limit=100`)).json()) as { items: { url: string }[] };
    const tags = (await (await fetch(`${worker}/api/v1/tags`)).json()) as { tag: string }[];
    const urls = [...summaries.items.map((s) => s.url), ...tags.map((t) => `${worker}/tags/${t.tag}`)];
    const report: string[] = [];
    for (const width of [560, 400, 320]) {
      const w = await watchPage(browser, { viewport: { width, height: 200 } });
      for (const url of urls) {
        const answer = (await (await fetch(`${worker}/oembed?${new URLSearchParams({ url, maxwidth: String(width) })}`)).json()) as {
          html: string;
          width: number;
          height: number;
        };
        const src = /src="([^"]+)"/.exec(answer.html)?.[1] as string;
        await w.page.goto(src.replaceAll("&amp;", "&"));
        // The card's own height, without the stretch to the frame's height it gets when framed.
        const natural = await w.page.evaluate(() => {
          (document.querySelector(".kf-host") as HTMLElement).style.setProperty("--key-facts-min-height", "0px");
          return document.documentElement.scrollHeight;
        });
        if (answer.height < natural || answer.height > natural * 1.3)
          report.push(`${url} at ${width}px: frame ${answer.height}px, card ${natural}px`);
      }
      await w.close();
    }
    expect(report).toEqual([]);
  });
});
