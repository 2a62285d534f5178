/**
 * The fan-out when the queue refuses a batch (Queues takes at most 5,000 messages a second per
 * queue; a producer faster than that gets errors): the run stops where it was, keeps what it
 * queued, and the next cron run queues the rest; nobody is queued twice and nobody is left out.
 * The real local queue carries every message; one refusal is injected in front of it.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { fanOut, type SendMessage } from "../../src/worker/sending/fanout";
import { emptyTables } from "./sending-support";

const NEWEST = "north-korean-labourers-russia-2024";
const N = 250;
const ids: number[] = [];
let announcement = 0;

beforeAll(async () => {
  await emptyTables();
  const rows = Array.from({ length: N }, (_, i) => `refused${i}@example.com`);
  const { results } = await env.DB.prepare(
    `INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at)
     SELECT value, value, 'confirmed', 'each', 1, 0, 0 FROM json_each(?1) RETURNING id`,
  )
    .bind(JSON.stringify(rows))
    .all<{ id: number }>();
  ids.push(...results.map((r) => r.id).sort((a, b) => a - b));
  announcement = (await env.DB.prepare(
    "INSERT INTO announcements (slug, tags, kind, live_at, created_at) VALUES (?1, '[\"russia\"]', 'summary', 0, 0) RETURNING id",
  )
    .bind(NEWEST)
    .first<number>("id")) as number;
});

describe("a fan-out whose queue refuses a batch", () => {
  it("stops after what was queued, and the next run queues the rest, each subscriber once", async () => {
    const queued: SendMessage[] = [];
    const sendBatch = env.SEND_QUEUE.sendBatch;
    let calls = 0;
    vi.spyOn(env.SEND_QUEUE, "sendBatch").mockImplementation(async (messages, options) => {
      // The second batch of the first run is refused, as the platform refuses a producer over its rate.
      if (++calls === 2) throw new Error("Too Many Requests");
      const list = [...messages];
      const sent = (await Reflect.apply(sendBatch, env.SEND_QUEUE, [list, options])) as QueueSendBatchResponse;
      for (const m of list) queued.push(m.body as SendMessage);
      return sent;
    });

    const first = await fanOut(env.DB, env.SEND_QUEUE, 1, { page: N });
    expect(first).toMatchObject({ queued: 100, done: false });
    const row = await env.DB.prepare("SELECT cursor, fanned_out_at FROM announcements WHERE id = ?1").bind(announcement).first();
    expect(row).toEqual({ cursor: ids[99], fanned_out_at: null });

    const second = await fanOut(env.DB, env.SEND_QUEUE, 2, { page: N });
    expect(second).toMatchObject({ queued: N - 100, done: true });
    expect(queued.map((m) => m.s)).toEqual(ids);
    expect(new Set(queued.map((m) => m.a))).toEqual(new Set([announcement]));
    vi.restoreAllMocks();
  });
});
