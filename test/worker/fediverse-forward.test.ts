/** The main worker hands the ActivityPub paths to the fediverse worker (its FEDIVERSE binding) and links them from its pages. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker/index";

const ORIGIN = "https://keyfacts.test";
const fetchWorker = (path: string, init?: RequestInit) => exports.default.fetch(`${ORIGIN}${path}`, init);

describe("the ActivityPub paths", () => {
  it.each([
    "/.well-known/webfinger?resource=acct:keyfacts@keyfacts.test",
    "/.well-known/nodeinfo",
    "/nodeinfo/2.1",
    "/ap/actors/keyfacts",
    "/ap/summaries/north-korean-workers-siberia-far-east",
  ])("GET %s goes to the fediverse worker as sent, with our security headers", async (path) => {
    const res = await fetchWorker(path, { headers: { Accept: "application/activity+json" } });
    expect(res.headers.get("X-Fediverse-Standin")).toBe("1");
    expect(await res.json()).toMatchObject({ method: "GET", url: `${ORIGIN}${path}`, accept: "application/activity+json" });
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("an inbox POST goes with its body (the site's routes answer POST elsewhere with 405)", async () => {
    const body = JSON.stringify({ type: "Follow" });
    const res = await fetchWorker("/ap/inbox", { method: "POST", body, headers: { "Content-Type": "application/activity+json" } });
    expect(await res.json()).toMatchObject({ method: "POST", url: `${ORIGIN}/ap/inbox`, body });
    expect((await fetchWorker("/feed.xml", { method: "POST", body })).status).toBe(405);
  });

  it("the path the cron asks the fediverse worker to publish on is never handed on from a request", async () => {
    const res = await fetchWorker("/.internal/fediverse/publish", { method: "POST" });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers.get("X-Fediverse-Standin")).toBeNull();
  });

  it("other paths stay with the site", async () => {
    for (const path of ["/", "/apx", "/.well-known/other", "/summaries/north-korean-workers-siberia-far-east"]) {
      const res = await fetchWorker(path);
      expect(res.headers.get("X-Fediverse-Standin"), path).toBeNull();
    }
  });

  it("pages link their ActivityPub object: a summary its Note, the others the publication's actor", async () => {
    const page = await (await fetchWorker("/summaries/north-korean-workers-siberia-far-east")).text();
    expect(page).toContain(
      `<link rel="alternate" type="application/activity+json" href="${ORIGIN}/ap/summaries/north-korean-workers-siberia-far-east"/>`,
    );
    const home = await (await fetchWorker("/")).text();
    expect(home).toContain(`<link rel="alternate" type="application/activity+json" href="${ORIGIN}/ap/actors/keyfacts"/>`);
  });
});

describe("the send queue", () => {
  it("hands the fediverse worker's tasks back to it and acks them; a mail message beside them is still the mail consumer's", async () => {
    const batch = createMessageBatch<unknown>("keyfacts-send", [
      { id: "task", timestamp: Date.now(), attempts: 1, body: { fediverse: { type: "outbox", id: "t1" } } },
      { id: "junk", timestamp: Date.now(), attempts: 1, body: "<script>" },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect([...result.explicitAcks].sort()).toEqual(["junk", "task"]);
    expect(result.retryMessages).toEqual([]);
  });
});
