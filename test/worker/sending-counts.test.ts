/**
 * What one fan-out costs, in counts that do not vary from run to run: for 10,000 subscribers of
 * a realistic mix, the D1 queries one cron run makes, the messages it queues and the sendBatch
 * calls that carry them, on the real local D1 and queue.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { fanOut } from "../../src/worker/sending/fanout";
import { emptyTables, type QueueWatch, watchQueue } from "./sending-support";

const N = 10_000;
/** Subscriber `i`'s kind, cycling: three of eight are confirmed, on each summary and on a matching topic. */
const KINDS = [
  { status: "confirmed", cadence: "each", all: 1, topics: [] },
  { status: "confirmed", cadence: "each", all: 0, topics: ["russia"] },
  { status: "confirmed", cadence: "each", all: 0, topics: ["ukraine-war", "sanctions"] },
  { status: "confirmed", cadence: "each", all: 0, topics: ["forced-labour"] },
  { status: "confirmed", cadence: "daily", all: 1, topics: [] },
  { status: "pending", cadence: "each", all: 1, topics: [] },
  { status: "unsubscribed", cadence: "each", all: 0, topics: ["russia"] },
  { status: "suppressed", cadence: "each", all: 1, topics: [] },
] as const;
const MATCHING = (N / KINDS.length) * 3;
let watch: QueueWatch;

beforeAll(async () => {
  await emptyTables();
  for (let from = 0; from < N; from += 1000) {
    const rows = Array.from({ length: 1000 }, (_, k) => ({
      address: `count${from + k}@example.com`,
      ...(KINDS[(from + k) % KINDS.length] as (typeof KINDS)[number]),
    }));
    await env.DB.prepare(
      `INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at)
       SELECT json_extract(value, '$.address'), json_extract(value, '$.address'), json_extract(value, '$.status'),
              json_extract(value, '$.cadence'), json_extract(value, '$.all'), 0, 0 FROM json_each(?1)`,
    )
      .bind(JSON.stringify(rows))
      .run();
    await env.DB.prepare(
      `INSERT INTO subscriber_topics (subscriber_id, topic)
       SELECT s.id, json_extract(value, '$[1]') FROM json_each(?1) JOIN subscribers s ON s.address_key = json_extract(value, '$[0]')`,
    )
      .bind(JSON.stringify(rows.flatMap((r) => r.topics.map((t) => [r.address, t]))))
      .run();
  }
  // A summary this archive does not hold: queued for, and dropped by the consumer unmailed.
  await env.DB.prepare(
    "INSERT INTO announcements (slug, tags, kind, live_at, created_at) VALUES ('not-in-the-archive', '[\"russia\", \"sanctions\"]', 'summary', 0, 0)",
  ).run();
  watch = watchQueue();
}, 60_000);

describe("fanning one summary out to 10,000 subscribers", () => {
  it("takes one cron run of 11 D1 queries and 38 sendBatch calls, one message per matching subscriber", async () => {
    // The watch's spy, calling through to the real queue: its calls are the sendBatch calls.
    const sendBatch = vi.spyOn(env.SEND_QUEUE, "sendBatch");
    const before = sendBatch.mock.calls.length;
    const r = await fanOut(env.DB, env.SEND_QUEUE, Date.now());
    expect(r.done).toBe(true);
    expect(r.queued).toBe(MATCHING);
    // The list of announcements; a page of 1,000 and its cursor, four times; the empty page; fanned out.
    expect(r.queries).toBe(1 + 4 * 2 + 1 + 1);
    // 3,750 messages, 100 a call.
    expect(sendBatch.mock.calls.length - before).toBe(38);
    const sent = watch.sent();
    expect(sent).toHaveLength(MATCHING);
    expect(new Set(sent.map((m) => m.s)).size).toBe(MATCHING);
    // Each page walks on from the cursor: D1 reads a subscriber (and its topics) a few times in all, not once a page.
    expect(r.rowsRead).toBeLessThan(4 * N);
    await watch.drained();
    expect(watch.mails()).toEqual([]);
  }, 120_000);
});
