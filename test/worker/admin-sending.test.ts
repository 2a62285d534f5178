/**
 * The editor's sending tools in /admin, against the real local D1, queue and send_email
 * binding: a preview is the mail the consumer sends (links aside), a test send goes to the
 * editor within ten an hour and is no delivery, a held summary is not announced, a pending
 * announcement can be cancelled, and a fan-out paused mid-batch and resumed mails every
 * subscriber exactly once.
 */
import { env } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { beforeAll, describe, expect, it } from "vitest";
import { announce } from "../../src/worker/sending/announce";
import { fanOut } from "../../src/worker/sending/fanout";
import { adminGet, adminPost, EDITOR } from "./admin-support";
import { emptyTables, type QueueWatch, watchQueue } from "./sending-support";

/** The newest summary (live since 2026-11-23) and an older one. */
const NEWEST = "north-korean-labourers-russia-2024";
const OLDER = "north-korean-workers-siberia-far-east";
const N = 300;

let watch: QueueWatch;
const ids: number[] = [];

/** Links carry each subscriber's tokens: equal apart from them. */
const withoutTokens = (text: string) => text.replace(/token=[A-Za-z0-9._~%-]+/g, "token=…");

const count = (sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .first<number>("n");

/** A new announcement of `slug`, pending (an earlier one of it, and its deliveries, removed). */
async function announcementOf(slug: string, kind = "summary"): Promise<number> {
  await env.DB.batch([
    env.DB.prepare("DELETE FROM deliveries WHERE announcement_id IN (SELECT id FROM announcements WHERE slug = ?1)").bind(slug),
    env.DB.prepare("DELETE FROM announcements WHERE slug = ?1").bind(slug),
  ]);
  const row = await env.DB.prepare(
    "INSERT INTO announcements (slug, tags, kind, live_at, created_at) VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
  )
    .bind(slug, JSON.stringify(["russia"]), kind, Date.now())
    .first<{ id: number }>();
  return row?.id as number;
}

beforeAll(async () => {
  await emptyTables();
  await env.DB.batch(["mail_holds", "test_sends"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  watch = watchQueue();
  const rows = Array.from({ length: N }, (_, i) => `reader${i}@example.com`);
  const { results } = await env.DB.prepare(
    `INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at, confirmed_at)
     SELECT value, value, 'confirmed', 'each', 1, 0, 0, 0 FROM json_each(?1) RETURNING id`,
  )
    .bind(JSON.stringify(rows))
    .all<{ id: number }>();
  ids.push(...results.map((r) => r.id));
  // The archive as already announced: the cron's later runs announce only what is new.
  await announce(env.DB, Date.now());
});

describe("preview", () => {
  it("shows the announcement's subject, its text part and its HTML part framed at 600 and 375 px", async () => {
    const res = await adminGet(`/admin/preview/summary/${NEWEST}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-src 'self'");
    const page = await res.text();
    expect(page).toContain(`src="/admin/preview/summary/${NEWEST}/html" width="600"`);
    expect(page).toContain(`src="/admin/preview/summary/${NEWEST}/html" width="375"`);
    expect(page).toMatch(/<iframe[^>]*sandbox=""/);
    expect(page).toContain("subscriber@example.invalid");
    const frame = await adminGet(`/admin/preview/summary/${NEWEST}/html`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get("Content-Security-Policy")).toMatch(/^sandbox;.*frame-ancestors 'self'/);
    expect(frame.headers.get("Cache-Control")).toBe("no-store");
  });

  it("shows the confirmation, welcome and digest mails", async () => {
    for (const kind of ["confirm", "welcome", "daily", "weekly"]) {
      const res = await adminGet(`/admin/preview/${kind}`);
      expect(res.status).toBe(200);
    }
  });

  it("is, links aside, the mail the queue's consumer sends", async () => {
    const eml = await adminGet(`/admin/preview/summary/${NEWEST}/eml`);
    expect(eml.status).toBe(200);
    expect(eml.headers.get("Content-Type")).toBe("message/rfc822");
    const preview = await PostalMime.parse(await eml.text());
    const id = await announcementOf(NEWEST);
    await fanOut(env.DB, env.SEND_QUEUE, Date.now());
    await watch.drained();
    const sent = watch.mails().filter((m) => m.to === "reader0@example.com");
    expect(sent).toHaveLength(1);
    expect(preview.subject).toBe(sent[0]?.subject);
    expect(withoutTokens(preview.text ?? "")).toBe(withoutTokens(sent[0]?.text ?? ""));
    expect(withoutTokens(preview.html ?? "")).toBe(withoutTokens(sent[0]?.html ?? ""));
    expect(await count("SELECT COUNT(*) AS n FROM deliveries WHERE announcement_id = ?1 AND status = 'sent'", id)).toBe(N);
  }, 60_000);
});

describe("test send", () => {
  it("mails the editor, ten an hour site-wide, and never records a delivery", async () => {
    const before = watch.mails().length;
    const deliveries = await count("SELECT COUNT(*) AS n FROM deliveries");
    for (let i = 0; i < 10; i++) {
      const res = await adminPost("/admin/test-send", { mail: "summary", slug: OLDER, to: EDITOR });
      expect(res.status).toBe(303);
      expect(res.headers.get("Location")).toBe(`/admin/preview/summary/${OLDER}?done=sent`);
    }
    const eleventh = await adminPost("/admin/test-send", { mail: "welcome", to: EDITOR });
    expect(eleventh.headers.get("Location")).toBe("/admin/preview/welcome?done=limited");
    const mails = watch.mails().slice(before);
    expect(mails).toHaveLength(10);
    expect(mails.every((m) => m.to === EDITOR)).toBe(true);
    expect(await count("SELECT COUNT(*) AS n FROM deliveries")).toBe(deliveries);
  });

  it("goes to no address but the editor's and the configured ones", async () => {
    const res = await adminPost("/admin/test-send", { mail: "welcome", to: "someone@example.net" });
    expect(res.status).toBe(400);
  });
});

describe("hold, cancel, pause", () => {
  it("a held summary is not announced until it is released", async () => {
    await env.DB.prepare("DELETE FROM deliveries").run();
    await env.DB.prepare("DELETE FROM announcements WHERE slug = ?1").bind(OLDER).run();
    expect((await adminPost("/admin/hold", { slug: OLDER, action: "hold" })).status).toBe(303);
    expect(await announce(env.DB, Date.now())).toBe(0);
    expect(await adminGet("/admin").then((r) => r.text())).toContain("Release");
    await adminPost("/admin/hold", { slug: OLDER, action: "release" });
    expect(await announce(env.DB, Date.now())).toBe(1);
    await env.DB.prepare("UPDATE announcements SET fanned_out_at = 0 WHERE slug = ?1").bind(OLDER).run();
  });

  it("a pending announcement cancelled before it starts queues nothing", async () => {
    const id = await announcementOf("digest:daily:2026-12-01", "daily");
    const res = await adminPost(`/admin/announcements/${id}/cancel`, {});
    expect(res.headers.get("Location")).toBe("/admin?done=cancelled");
    const queued = watch.sent().length;
    await fanOut(env.DB, env.SEND_QUEUE, Date.now());
    expect(watch.sent().length).toBe(queued);
  });

  it("a fan-out paused mid-batch and resumed mails every subscriber exactly once", async () => {
    const id = await announcementOf(NEWEST);
    const before = watch.mails().length;
    // The first page (100) is queued, then the editor pauses while the consumer is at it.
    await fanOut(env.DB, env.SEND_QUEUE, Date.now(), { page: 100, budget: 4 });
    expect((await adminPost(`/admin/announcements/${id}/pause`, {})).headers.get("Location")).toBe("/admin?done=paused");
    expect((await fanOut(env.DB, env.SEND_QUEUE, Date.now())).queued).toBe(0);
    await watch.drained();
    const whilePaused = await count("SELECT COUNT(*) AS n FROM deliveries WHERE announcement_id = ?1", id);
    expect(whilePaused).toBeLessThanOrEqual(100);
    expect((await adminPost(`/admin/announcements/${id}/resume`, {})).headers.get("Location")).toBe("/admin?done=resumed");
    await fanOut(env.DB, env.SEND_QUEUE, Date.now());
    await watch.drained();
    const { results } = await env.DB.prepare(
      "SELECT subscriber_id, status FROM deliveries WHERE announcement_id = ?1 ORDER BY subscriber_id",
    )
      .bind(id)
      .all<{ subscriber_id: number; status: string }>();
    expect(results.map((r) => r.subscriber_id)).toEqual(ids);
    expect(results.every((r) => r.status === "sent")).toBe(true);
    const mails = watch.mails().slice(before);
    expect(mails).toHaveLength(N);
    expect(new Set(mails.map((m) => m.to)).size).toBe(N);
  }, 60_000);
});
