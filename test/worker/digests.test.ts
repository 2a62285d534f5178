/**
 * Digests against the real local D1 and send_email binding: at `DIGEST_HOUR` in the
 * publication's time zone the cron records one daily run (and on `DIGEST_WEEKDAY` one weekly),
 * however often it fires in that hour; each daily or weekly subscriber gets the summaries on
 * their topics that went live since their last digest, and nothing at all when there is none.
 * The cron queues on the real local queue, and the worker's own consumer mails through the
 * real send_email binding.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/worker/index";
import { archive } from "../../src/worker/lib/store";
import { localTime } from "../../src/worker/sending/digests";
import type { SendMessage } from "../../src/worker/sending/fanout";
import { emptyTables, type QueueWatch, watchQueue } from "./sending-support";
import { call, form, post, token } from "./subscribe-support";

/** Tuesday, after both summaries went live (2026-11-20 and 2026-11-23). */
const RUN = Date.parse("2026-11-24T12:00:00Z");
const DAY = 24 * 3600 * 1000;
const local = localTime(RUN, archive.publication.timezone);
const settings = { DIGEST_HOUR: String(local.hour), DIGEST_WEEKDAY: String(local.weekday) };

let watch: QueueWatch;

/**
 * Runs the cron at `time` and waits until the queue's consumer has handled what it queued,
 * a minute later by the consumer's clock (Date, faked for the whole isolate); returns what the queue carried.
 */
async function cron(time: number): Promise<SendMessage[]> {
  const before = watch.carried().length;
  vi.setSystemTime(time + 60_000);
  await worker.scheduled(createScheduledController({ scheduledTime: time }), { ...env, ...settings });
  await watch.drained();
  return watch.carried().slice(before);
}

const ids: Record<string, number> = {};

beforeAll(async () => {
  await emptyTables();
  watch = watchQueue();
  const confirmed = Date.parse("2026-11-19T00:00:00Z");
  for (const [name, cadence, all] of [
    ["daily", "daily", 1],
    ["daily-off-topic", "daily", 0],
    ["weekly", "weekly", 1],
    ["each", "each", 1],
  ] as const) {
    ids[name] = (await env.DB.prepare(
      "INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at, confirmed_at) VALUES (?1, ?1, 'confirmed', ?2, ?3, ?4, ?4, ?4) RETURNING id",
    )
      .bind(`${name}@example.com`, cadence, all, confirmed)
      .first<number>("id")) as number;
  }
  await env.DB.prepare("INSERT INTO subscriber_topics (subscriber_id, topic) VALUES (?1, 'climate')").bind(ids["daily-off-topic"]).run();
});

afterAll(() => {
  vi.useRealTimers();
});

describe("digests", () => {
  let queued: SendMessage[] = [];

  it("are recorded once at the digest hour, however often the cron fires in it", async () => {
    queued = [...(await cron(RUN)), ...(await cron(RUN + 5 * 60_000)), ...(await cron(RUN + 55 * 60_000))];
    const { results } = await env.DB.prepare("SELECT slug, kind FROM announcements WHERE kind IN ('daily', 'weekly') ORDER BY slug").all();
    expect(results).toEqual([
      { slug: `digest:daily:${local.date}`, kind: "daily" },
      { slug: `digest:weekly:${local.date}`, kind: "weekly" },
    ]);
    expect(await cron(RUN + 2 * 3600_000)).toEqual([]);
    // The daily run reaches both daily subscribers, the weekly run the weekly one; the "each" subscriber neither.
    expect(queued.map((m) => m.s).sort()).toEqual([ids.daily, ids["daily-off-topic"], ids.weekly].sort());
  });

  it("gather what went live since the subscriber's last digest, on their topics, newest first", async () => {
    // What the consumer mailed as the queue carried the runs above.
    const mails = watch.mails();
    expect(mails.map((m) => m.to).sort()).toEqual(["daily@example.com", "weekly@example.com"]);
    for (const mail of mails) {
      expect(mail.subject).toBe(
        "2 new summaries: Thousands of North Korean labourers sent to Russia in 2024, South Korea's intelligence agency says",
      );
      expect(mail.text.indexOf("Thousands of North Korean labourers")).toBeLessThan(
        mail.text.indexOf("North Korean workers sent to remote"),
      );
      expect(mail.html).toContain("via Radio Free Asia, cited by HNGN");
      expect(mail.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    }
    // A redelivered batch mails nobody again.
    expect(await watch.redeliver(queued)).toEqual([]);
    expect(watch.mails()).toHaveLength(mails.length);
  });

  it("are skipped when nothing went live since the last one", async () => {
    const mailed = watch.mails().length;
    const next = await cron(RUN + DAY);
    expect(next.map((m) => m.s).sort()).toEqual([ids.daily, ids["daily-off-topic"]].sort());
    expect(watch.mails()).toHaveLength(mailed);
    const { results } = await env.DB.prepare("SELECT COUNT(*) AS n FROM deliveries").all();
    expect(results).toEqual([{ n: 2 }]);
  });

  it("are in the subscriber's export, and gone with an erase", async () => {
    vi.useRealTimers();
    const manage = `/subscription?token=${await token("manage", ids.daily as number)}`;
    const data = (await (await post(manage, form({ action: "export" }))).json()) as { deliveries: unknown[] };
    expect(data.deliveries).toEqual([
      {
        mail: `digest:daily:${local.date}`,
        status: "sent",
        at: new Date(RUN + 60_000).toISOString(),
        sent_at: new Date(RUN + 60_000).toISOString(),
      },
    ]);
    expect((await post(manage, form({ action: "erase", sure: "yes" }))).status).toBe(200);
    const left = await env.DB.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE subscriber_id = ?1").bind(ids.daily).first("n");
    expect(left).toBe(0);
    expect((await call(manage)).status).not.toBe(200);
  });
});
