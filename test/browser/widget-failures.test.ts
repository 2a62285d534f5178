/** `<key-facts>` when the API lets it down: each failure shows a message and a Retry, and the host page carries on. */
import { createServer } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type Watched, watchPage } from "../support/browser";
import { addCard, cspWith, hostStillWorks, PAGES, pageUrl, SLUG, settled, WORKER } from "./widget-support";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Only the browser's own network log lines, never anything thrown. */
const onlyFailedLoads = (errors: string[]) => errors.filter((e) => !/^Failed to load resource: /.test(e));

async function expectFailure(w: Watched, reason: string, status: number | null, message: RegExp): Promise<void> {
  const event = await settled(w.page);
  expect(event).toMatchObject({ type: "key-facts-error", composed: true, detail: { reason, status } });
  const alert = w.page.locator("key-facts [role=alert]");
  await expect(alert.textContent()).resolves.toMatch(message);
  await expect(w.page.getByRole("button", { name: "Retry" }).isVisible()).resolves.toBe(true);
  await expect(w.page.locator("key-facts [part~=base]").getAttribute("aria-label")).resolves.toBe("Key facts");
  await expect(hostStillWorks(w.page)).resolves.toBe(true);
  expect(w.pageErrors).toEqual([]);
  expect(onlyFailedLoads(w.consoleErrors)).toEqual([]);
  await expect(w.cspViolations()).resolves.toEqual([]);
}

const fake = (mode: string) => `${PAGES}/fake-api/${mode}/`;

describe("each failure shows a short message and a Retry button", () => {
  const cases: [string, Record<string, string>, string, number | null, RegExp][] = [
    ["a server error (500)", { summary: SLUG, api: fake("status-500") }, "http", 500, /^The key facts could not be loaded\.$/],
    ["a response slower than the time-out", { summary: SLUG, api: fake("hang"), timeout: "500" }, "timeout", null, /took too long/],
    ["an HTML page instead of JSON", { summary: SLUG, api: fake("html") }, "payload", 200, /could not be read/],
    ["truncated JSON", { summary: SLUG, api: fake("truncated") }, "payload", 200, /could not be read/],
    ["JSON of the wrong shape", { summary: SLUG, api: fake("wrong-shape") }, "payload", null, /could not be read/],
    ["an unknown summary (404 from the real API)", { summary: "no-such-summary" }, "not-found", 404, /^This summary could not be found\.$/],
    ["a fact the summary does not have", { summary: SLUG, fact: "no-such-fact" }, "not-found", null, /^This fact could not be found\.$/],
    [
      "an unknown tag (from the real API)",
      { tag: "no-such-tag" },
      "not-found",
      null,
      /^No key facts have been published under this tag yet\.$/,
    ],
    ["neither summary nor tag", {}, "config", null, /^Set a summary or tag attribute/],
    ["an api attribute that is not a URL", { summary: SLUG, api: "http://[broken" }, "config", null, /http\(s\) api URL/],
    ["an api attribute that is not http(s)", { summary: SLUG, api: "javascript:alert(1)//" }, "config", null, /http\(s\) api URL/],
  ];

  for (const [what, attrs, reason, status, message] of cases) {
    it(`on ${what}`, async () => {
      const w = await watchPage(browser);
      try {
        await w.page.goto(pageUrl("blank", cspWith(PAGES)));
        await addCard(w.page, attrs);
        if (reason === "not-found" && attrs.tag) {
          // The real API answers an unknown tag either with 404 or an empty list; both say so.
          const event = await settled(w.page);
          expect(event.detail.reason).toBe("not-found");
          await expectFailure(w, reason, event.detail.status ?? null, message);
        } else {
          await expectFailure(w, reason, status, message);
        }
      } finally {
        await w.close();
      }
    });
  }

  it("on a refused connection", async () => {
    const refused = `http://127.0.0.1:${await closedPort()}`;
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("blank", cspWith(refused)));
      await addCard(w.page, { summary: SLUG, api: `${refused}/api/v1/` });
      await expectFailure(w, "network", null, /Check your connection/);
    } finally {
      await w.close();
    }
  });

  it("when the reader is offline, and Retry recovers once they are back", async () => {
    const w = await watchPage(browser);
    try {
      await w.page.goto(pageUrl("blank"));
      await w.page.context().setOffline(true);
      await addCard(w.page, { summary: SLUG });
      await expectFailure(w, "network", null, /Check your connection/);
      await w.page.context().setOffline(false);
      await w.page.getByRole("button", { name: "Retry" }).click();
      await w.page.locator("key-facts .kf-fact").first().waitFor();
      await expect(w.page.locator("key-facts .kf-fact").count()).resolves.toBe(6);
      const loads = await w.page.evaluate(() => (window as unknown as { __events: { type: string }[] }).__events.map((e) => e.type));
      expect(loads).toEqual(["key-facts-error", "key-facts-load"]);
      const apiCalls = w.requests.filter((r) => r === `GET ${WORKER}/api/v1/summaries/${SLUG}`);
      expect(apiCalls).toHaveLength(2);
    } finally {
      await w.close();
    }
  });
});
