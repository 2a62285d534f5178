/**
 * Sending (SPEC §4) against the real local D1 and the real local send_email binding: the
 * cron records each summary that went live once (the first run marks the archive as already
 * announced), the producer queues one message per matching subscriber by keyset and resumes
 * a fan-out cut short, and the consumer delivers each exactly once through a batch failing
 * half-way, its retry, a re-delivered batch and a second cron run.
 */
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/worker/index";
import { MailError, type Mailer, mailerFor } from "../../src/worker/mail/mailer";
import { announce } from "../../src/worker/sending/announce";
import { deliverBatch } from "../../src/worker/sending/deliver";
import { fanOut, type SendMessage } from "../../src/worker/sending/fanout";
import { emptyTables, recordingQueue } from "./sending-support";

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

let batchNo = 0;
const batchOf = (messages: readonly SendMessage[], attempts = 1) =>
  createMessageBatch<SendMessage>(
    "keyfacts-send",
    messages.map((body) => ({ id: `m-${body.a}-${body.s}-${batchNo++}`, timestamp: Date.now(), attempts, body })),
  );

const expected = new Set<number>();
const ids: number[] = [];

async function deliveries(): Promise<{ subscriber_id: number; status: string; message_id: string | null }[]> {
  const { results } = await env.DB.prepare("SELECT subscriber_id, status, message_id FROM deliveries ORDER BY subscriber_id").all<{
    subscriber_id: number;
    status: string;
    message_id: string | null;
  }>();
  return results;
}

beforeAll(async () => {
  await emptyTables();
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
      ids.push(id);
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
    const queue = recordingQueue();
    await worker.scheduled(createScheduledController({ scheduledTime: GOES_LIVE - 1 }), { ...env, SEND_QUEUE: queue });
    const { results } = await env.DB.prepare("SELECT slug, kind, fanned_out_at FROM announcements").all();
    expect(results).toEqual([{ slug: OLDER, kind: "baseline", fanned_out_at: GOES_LIVE - 1 }]);
    expect(queue.sent).toEqual([]);
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

  let queued: SendMessage[] = [];

  it("the producer queues every matching subscriber once, resuming a fan-out cut short", async () => {
    const first = recordingQueue();
    // A budget of 4 queries: the list of announcements, one page of 200 and its cursor; then the run stops.
    const cut = await fanOut(env.DB, first, GOES_LIVE + 1, { budget: 4, page: 200 });
    expect(cut.done).toBe(false);
    expect(first.sent.length).toBeGreaterThan(0);
    expect(first.sent.length).toBeLessThan(expected.size);

    const rest = recordingQueue();
    await worker.scheduled(createScheduledController({ scheduledTime: GOES_LIVE + 1 }), { ...env, SEND_QUEUE: rest });
    queued = [...first.sent, ...rest.sent];
    const subscribers = queued.map((m) => m.s);
    expect(new Set(subscribers).size).toBe(subscribers.length);
    expect(new Set(subscribers)).toEqual(expected);
    expect(new Set(queued.map((m) => m.a)).size).toBe(1);
  });

  it("the consumer delivers once each, through a batch failing half-way, its retry and a batch delivered twice", async () => {
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
    const firstBatch = queued.slice(0, 50);
    const batch = batchOf(firstBatch);
    const ctx = createExecutionContext();
    await deliverBatch(batch, env, flaky, Date.now());
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toHaveLength(25);
    expect(result.retryMessages).toHaveLength(25);
    expect((await deliveries()).filter((d) => d.status === "retry")).toHaveLength(25);

    // The whole batch again (a redelivery), then everything else, through the worker's queue handler.
    for (let i = 0; i < queued.length; i += 50) {
      const again = batchOf(queued.slice(i, i + 50), i === 0 ? 2 : 1);
      const ctx2 = createExecutionContext();
      await worker.queue(again, env);
      const r = await getQueueResult(again, ctx2);
      expect(r.retryMessages).toEqual([]);
    }
    const rows = await deliveries();
    expect(rows).toHaveLength(expected.size);
    expect(new Set(rows.map((d) => d.subscriber_id))).toEqual(expected);
    for (const d of rows) {
      expect(d.status).toBe("sent");
      expect(d.message_id).toBeTruthy();
    }
  }, 60_000);

  it("a second cron run and a message queued twice mail nobody again", async () => {
    const queue = recordingQueue();
    await worker.scheduled(createScheduledController({ scheduledTime: GOES_LIVE + 5 * 60_000 }), { ...env, SEND_QUEUE: queue });
    expect(queue.sent).toEqual([]);
    const real = mailerFor(env);
    let sends = 0;
    const counting: Mailer = {
      send(mail) {
        sends++;
        return real.send(mail);
      },
    };
    await deliverBatch(batchOf(queued.slice(0, 100)), env, counting, Date.now());
    expect(sends).toBe(0);
    expect(await deliveries()).toHaveLength(expected.size);
  });

  it("a permanent refusal suppresses the address and records the failure", async () => {
    const { id } = (await env.DB.prepare(
      "INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at) VALUES ('gone@example.com', 'gone@example.com', 'confirmed', 'each', 1, 0, 0) RETURNING id",
    ).first<{ id: number }>()) as { id: number };
    const a = queued[0]?.a as number;
    const refusing: Mailer = { send: () => Promise.reject(new MailError("mailbox does not exist", true)) };
    const batch = batchOf([{ a, s: id }]);
    const ctx = createExecutionContext();
    await deliverBatch(batch, env, refusing, Date.now());
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(1);
    expect(await env.DB.prepare("SELECT status FROM subscribers WHERE id = ?1").bind(id).first("status")).toBe("suppressed");
    expect(await env.DB.prepare("SELECT status FROM deliveries WHERE subscriber_id = ?1").bind(id).first("status")).toBe("failed");
  });

  it("a message that is not a delivery is dropped, not retried for ever", async () => {
    const batch = createMessageBatch("keyfacts-send", [{ id: "junk", timestamp: Date.now(), attempts: 1, body: "<script>" }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["junk"]);
  });
});
