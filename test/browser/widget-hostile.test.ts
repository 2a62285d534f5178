/** `<key-facts>` fed hostile JSON: markup stays text, unsafe URLs never become links, nothing runs. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Watched } from "../support/browser";
import { addCard, blankHost, PAGES, settled } from "./widget-support";

let browser: Browser;
let w: Watched;
beforeAll(async () => {
  ({ browser, w } = await blankHost());
  await addCard(w.page, { summary: "hostile", api: `${PAGES}/fake-api/fixture/` });
  const event = await settled(w.page);
  expect(event.type).toBe("key-facts-load");
  // Hover everything, in case an injected handler waits for the pointer.
  for (const el of await w.page.locator("key-facts [part~=base] *").all()) await el.hover({ force: true }).catch(() => {});
});
afterAll(async () => {
  await w?.close();
  await browser?.close();
});

const shadow = <T>(fn: (root: ShadowRoot) => T) => w.page.evaluate(fn as never) as Promise<T>;

describe("a summary whose fields hold markup and script URLs", () => {
  it("shows the markup as literal text", async () => {
    await expect(w.page.locator("key-facts .kf-title").textContent()).resolves.toBe(
      "\"><script>window.__pwned='title'</script><img src=x onerror=\"window.__pwned='title-img'\">",
    );
    await expect(w.page.locator("key-facts .kf-text").first().textContent()).resolves.toBe(
      "<img src=x onerror=\"window.__pwned='fact'\"> was in the text",
    );
    await expect(w.page.locator("key-facts .kf-figure").textContent()).resolves.toBe(
      "≈ 13,221 <i onmouseover=\"window.__pwned='unit'\">people</i> · </p><script>window.__pwned='period'</script>",
    );
    await expect(w.page.locator("key-facts .kf-publication").textContent()).resolves.toBe(
      "<svg onload=\"window.__pwned='publication'\"></svg>",
    );
    await expect(w.page.locator("key-facts .kf-text").nth(1).textContent()).resolves.toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text of a template-injection attempt
      "${window.__pwned='template'} {{constructor.constructor('window.__pwned=1')()}}",
    );
  });

  it("creates no element from the data: no script, img, svg, i or b in the card", async () => {
    const tags = await w.page.evaluate(() =>
      [...document.querySelector("key-facts")!.shadowRoot!.querySelectorAll("*")].map((el) => el.localName),
    );
    expect(tags.filter((t) => ["script", "img", "svg", "i", "b", "iframe", "object"].includes(t))).toEqual([]);
    expect(new Set(tags)).toEqual(new Set(["section", "header", "p", "div", "span", "ul", "li", "a", "footer", "time"]));
  });

  it("links only http(s) URLs: javascript:, data: and relative URLs stay plain text", async () => {
    const links = await w.page.evaluate(() =>
      [...document.querySelector("key-facts")!.shadowRoot!.querySelectorAll("a")].map((a) => [a.textContent, a.getAttribute("href")]),
    );
    expect(links).toEqual([["BBC", "https://www.bbc.com/news"]]);
    const sources = await w.page.locator("key-facts .kf-sources").first().textContent();
    // Sources are separated by semicolons: a source's own chain ("A, via B") has the commas. This payload is
    // from before chains (no via, no count), which the card still shows.
    expect(sources?.replace(/\s+/g, " ").trim()).toBe("Sources: <b>Bold source</b>; Data URL source; VBScript source; BBC");
    await expect(w.page.locator("key-facts .kf-follow").count()).resolves.toBe(0);
  });

  it("runs nothing: no injected code executed, no CSP or Trusted Types violation, no error", async () => {
    await expect(w.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
    await expect(w.cspViolations()).resolves.toEqual([]);
    expect(w.pageErrors).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });

  it("keeps the hostile language tag an inert attribute value", async () => {
    const attrs = await shadow(() => {
      const base = document.querySelector("key-facts")!.shadowRoot!.querySelector("[part~=base]")!;
      return base.getAttributeNames();
    });
    expect(attrs).not.toContain("onmouseover");
    await expect(w.page.locator("key-facts [part~=base]").getAttribute("lang")).resolves.toBe("en\" onmouseover=\"window.__pwned='lang'");
  });
});
