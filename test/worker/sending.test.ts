/**
 * Sending against the real local D1, the real local queue and the real local
 * send_email binding: the cron records each summary that went live once (the first run marks
 * the archive as already announced), the producer queues one message per matching subscriber
 * by keyset and resumes a fan-out cut short, and the worker's own queue consumer mails each
 * exactly once through a batch failing half-way, its retry, deliveries queued twice, a
 * redelivered batch and a second cron run; and the producer's pages read each subscriber a few
 * times in all, not once a page.
 */
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../src/worker/index";
import { mailerFor } from "../../src/worker/mail/mailer";
import { MailError, type Mailer } from "../../src/worker/mail/types";
import { announce } from "../../src/worker/sending/announce";
import { deliverBatch } from "../../src/worker/sending/deliver";
import { fanOut, type SendMessage } from "../../src/worker/sending/fanout";
import { batchOf, emptyTables, type QueueWatch, watchQueue } from "./sending-support";

/** The newest summary: live at 2026-11-23T00:00:00Z, tagged north-korea, russia, labour-exports, sanctions, ukraine-war. */
const NEWEST = "north-korean-labourers-russia-2024";
const OLDER = "north-korean-workers-siberia-far-east";
const GOES_LIVE = Date.parse("2026-11-23T00:00:00Z");
const N = 2000;

/** What subscriber `i` is, cycling through every case the fan-out must tell apart. */
const KINDS = [
  { status: "confirmed", cadence: "each", all: 1, topics: [], gets: true },
  { status: "confirmed", cadence: "each", all: 0, topics: ["russia"], gets: true },
  { status: "confirmed", cadence: "each", all: 0, topics: ["ukraine-war", "sanctions"], gets: true },
  { status: "confirmed", cadence: "each", all: 0, topics: ["forced-labour"], gets: false },
  { status: "confirmed", cadence: "daily", all: 1, topics: [], gets: false },
  { status: "pending", cadence: "each", all: 1, topics: [], gets: false },
  { status: "unsubscribed", cadence: "each", all: 0, topics: ["russia"], gets: false },
  { status: "suppressed", cadence: "each", all: 1, topics: [], gets: false },
] as const;

const expected = new Set<number>();
const addressOf = new Map<number, string>();
let watch: QueueWatch;

async function deliveries(): Promise<{ subscriber_id: number; status: string; message_id: string | null }[]> {
  const { results } = await env.DB.prepare("SELECT subscriber_id, status, message_id FROM deliveries ORDER BY subscriber_id").all<{
    subscriber_id: number;
    status: string;
    message_id: string | null;
  }>();
  return results;
}

/** How many mails the send_email binding was given for each address. */
function mailsPerAddress(): Map<string, number> {
  const count = new Map<string, number>();
  for (const m of watch.mails()) count.set(m.to, (count.get(m.to) ?? 0) + 1);
  return count;
}

beforeAll(async () => {
  await emptyTables();
  watch = watchQueue();
  const now = Date.now();
  for (let from = 0; from < N; from += 100) {
    const rows = Array.from({ length: 100 }, (_, k) => {
      const i = from + k;
      const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
      return { address: `reader${i}@example.com`, ...kind };
    });
    const { results } = await env.DB.prepare(
      `INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at)
       SELECT json_extract(value, '$.address'), json_extract(value, '$.address'), json_extract(value, '$.status'),
              json_extract(value, '$.cadence'), json_extract(value, '$.all'), ?2, ?2 FROM json_each(?1) RETURNING id, address`,
    )
      .bind(JSON.stringify(rows), now)
      .all<{ id: number; address: string }>();
    const byAddress = new Map(results.map((r) => [r.address, r.id]));
    const topics: [number, string][] = [];
    for (const r of rows) {
      const id = byAddress.get(r.address) as number;
      addressOf.set(id, r.address);
      if (r.gets) expected.add(id);
      for (const t of r.topics) topics.push([id, t]);
    }
    await env.DB.prepare(
      "INSERT INTO subscriber_topics (subscriber_id, topic) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1)",
    )
      .bind(JSON.stringify(topics))
      .run();
  }
});

describe("sending one summary to 2,000 subscribers", () => {
  it("the first cron run marks the live archive as announced and queues nothing", async () => {
    await worker.scheduled(createScheduledController({ scheduledTime: GOES_LIVE - 1 }), env);
    const { results } = await env.DB.prepare("SELECT slug, kind, fanned_out_at FROM announcements").all();
    expect(results).toEqual([{ slug: OLDER, kind: "baseline", fanned_out_at: GOES_LIVE - 1 }]);
    expect(watch.sent()).toEqual([]);
  });

  it("a summary going live is announced once, even by overlapping runs", async () => {
    const added = await Promise.all([announce(env.DB, GOES_LIVE + 1), announce(env.DB, GOES_LIVE + 1), announce(env.DB, GOES_LIVE + 2)]);
    expect(added.reduce((a, b) => a + b, 0)).toBe(1);
    const { results } = await env.DB.prepare("SELECT slug, kind FROM announcements ORDER BY id").all();
    expect(results).toEqual([
      { slug: OLDER, kind: "baseline" },
      { slug: NEWEST, kind: "summary" },
    ]);
  });

  let announcement = 0;

  it("a fan-out cut short queues its first subscribers, whom the queue's consumer mails", async () => {
    // A budget of 4 queries: the list of announcements, one page of 200 and its cursor; then the run stops.
    const cut = await fanOut(env.DB, env.SEND_QUEUE, GOES_LIVE + 1, { budget: 4, page: 200 });
    expect(cut.done).toBe(false);
    expect(cut.queued).toBeGreaterThan(0);
    expect(cut.queued).toBeLessThan(expected.size);
    await watch.drained();
    const carried = watch.carried();
    expect(carried).toHaveLength(cut.queued);
    announcement = carried[0]?.a as number;
    const rows = await deliveries();
    expect(rows.map((d) => d.subscriber_id)).toEqual(carried.map((m) => m.s).sort((x, y) => x - y));
    for (const d of rows) {
      expect(expected.has(d.subscriber_id)).toBe(true);
      expect(d.status).toBe("sent");
      expect(d.message_id).toBeTruthy();
    }
  }, 60_000);

  let failing: SendMessage[] = [];

  it("a batch failing half-way is retried, and mails each of its subscribers once", async () => {
    // The next 50 matching subscribers after the stored cursor: what the resumed fan-out queues first.
    const cursor = (await env.DB.prepare("SELECT cursor FROM announcements WHERE id = ?1")
      .bind(announcement)
      .first<number>("cursor")) as number;
    failing = [...expected]
      .filter((id) => id > cursor)
      .sort((x, y) => x - y)
      .slice(0, 50)
      .map((s) => ({ a: announcement, s }));
    const before = watch.mails().length;
    const real = mailerFor(env);
    let sends = 0;
    // The provider starts refusing (rate limit) after the 25th mail of the first batch.
    const flaky: Mailer = {
      send(mail) {
        sends++;
        if (sends > 25) return Promise.reject(new MailError("rate limited", false));
        return real.send(mail);
      },
    };
    const batch = batchOf(failing);
    const ctx = createExecutionContext();
    await deliverBatch(batch, env, flaky, Date.now());
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toHaveLength(25);
    expect(result.retryMessages).toHaveLength(25);
    expect((await deliveries()).filter((d) => d.status === "retry")).toHaveLength(25);

    // The whole batch again, as the queue redelivers it, through the worker's queue handler.
    expect(await watch.redeliver(failing)).toEqual([]);
    const mailed = watch
      .mails()
      .slice(before)
      .map((m) => m.to);
    expect(mailed.sort()).toEqual(failing.map((m) => addressOf.get(m.s)).sort());
    expect((await deliveries()).filter((d) => d.status !== "sent")).toEqual([]);
  }, 60_000);

  it("the next cron run resumes the fan-out: every matching subscriber gets exactly one mail, nobody else any", async () => {
    await worker.scheduled(createScheduledController({ scheduledTime: GOES_LIVE + 1 }), env);
    await watch.drained();
    // The queue carried each matching subscriber once, the 50 of the failed batch included.
    const subscribers = watch.carried().map((m) => m.s);
    expect(new Set(subscribers).size).toBe(subscribers.length);
    expect(new Set(subscribers)).toEqual(expected);
    expect(new Set(watch.carried().map((m) => m.a))).toEqual(new Set([announcement]));
    const rows = await deliveries();
    expect(rows).toHaveLength(expected.size);
    expect(new Set(rows.map((d) => d.subscriber_id))).toEqual(expected);
    for (const d of rows) {
      expect(d.status).toBe("sent");
      expect(d.message_id).toBeTruthy();
    }
    expect(mailsPerAddress()).toEqual(new Map([...expected].map((id) => [addressOf.get(id), 1])));
  }, 120_000);

  it("a second cron run and a redelivered batch mail nobody again", async () => {
    const queued = watch.sent().length;
    const mailed = watch.mails().length;
    await worker.scheduled(createScheduledController({ scheduledTime: GOES_LIVE + 5 * 60_000 }), env);
    expect(watch.sent()).toHaveLength(queued);
    expect(await watch.redeliver(watch.carried().slice(0, 100))).toEqual([]);
    expect(watch.mails()).toHaveLength(mailed);
    expect(await deliveries()).toHaveLength(expected.size);
  });

  it("a permanent refusal suppresses the address and records the failure", async () => {
    const { id } = (await env.DB.prepare(
      "INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at) VALUES ('gone@example.com', 'gone@example.com', 'confirmed', 'each', 1, 0, 0) RETURNING id",
    ).first<{ id: number }>()) as { id: number };
    const refusing: Mailer = { send: () => Promise.reject(new MailError("mailbox does not exist", true)) };
    const batch = batchOf([{ a: announcement, s: id }]);
    const ctx = createExecutionContext();
    await deliverBatch(batch, env, refusing, Date.now());
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare("SELECT status FROM subscribers WHERE id = ?1").bind(id).first("status")).toBe("suppressed");
    expect(await env.DB.prepare("SELECT status FROM deliveries WHERE subscriber_id = ?1").bind(id).first("status")).toBe("failed");
  });

  it("without SUBSCRIPTION_SECRET, the consumer puts every message off and sends, claims and suppresses nothing", async () => {
    const { id } = (await env.DB.prepare(
      "INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at) VALUES ('nosecret@example.com', 'nosecret@example.com', 'confirmed', 'each', 1, 0, 0) RETURNING id",
    ).first<{ id: number }>()) as { id: number };
    let sends = 0;
    const counting: Mailer = {
      send: () => {
        sends++;
        return Promise.resolve({ messageId: "never" });
      },
    };
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const batch = batchOf([{ a: announcement, s: id }, { c: id } as unknown as SendMessage]);
    const ctx = createExecutionContext();
    await deliverBatch(batch, { ...env, SUBSCRIPTION_SECRET: "" }, counting, Date.now());
    errors.mockRestore();
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(2);
    expect(sends).toBe(0);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE subscriber_id = ?1").bind(id).first("n")).toBe(0);
    expect(await env.DB.prepare("SELECT status FROM subscribers WHERE id = ?1").bind(id).first("status")).toBe("confirmed");
  });

  it("the pages of a fan-out read each subscriber a few times in all, however small the pages", async () => {
    // An announcement of a summary this archive does not hold: queued for, and dropped by the consumer unmailed.
    const { id } = (await env.DB.prepare(
      "INSERT INTO announcements (slug, tags, kind, live_at, created_at) VALUES ('not-in-the-archive', '[\"russia\"]', 'summary', ?1, ?1) RETURNING id",
    )
      .bind(GOES_LIVE)
      .first<{ id: number }>()) as { id: number };
    const mailed = watch.mails().length;
    let rowsRead = 0;
    for (let run = 0; run < 100; run++) {
      const r = await fanOut(env.DB, env.SEND_QUEUE, GOES_LIVE + 10 * 60_000, { page: 20 });
      rowsRead += r.rowsRead;
      if (r.done) break;
    }
    expect(await env.DB.prepare("SELECT fanned_out_at FROM announcements WHERE id = ?1").bind(id).first("fanned_out_at")).not.toBeNull();
    // Each page walks on from the cursor: D1 reads a subscriber (and its topics) once in all, not once a page.
    expect(rowsRead).toBeLessThan(4 * (N + 1));
    await watch.drained();
    expect(watch.mails()).toHaveLength(mailed);
  }, 60_000);

  it("a message that is not a delivery is dropped, not retried for ever", async () => {
    const batch = createMessageBatch("keyfacts-send", [{ id: "junk", timestamp: Date.now(), attempts: 1, body: "<script>" }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["junk"]);
  });
});
