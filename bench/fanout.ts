/**
 * The fan-out's figures: the real producer (src/worker/sending/fanout.ts,
 * its real 900-query budget) and the real consumer, in one Miniflare with the worker's local
 * D1, Queues and send_email binding, as `wrangler dev` runs them.
 * - For 10,000 and 100,000 local subscribers (a mix of statuses, cadences and topics), one
 *   announcement going live: D1 queries per 1,000 subscribers, queue messages and `sendBatch`
 *   calls per 1,000 matching subscribers, the producer's wall time per 1,000 subscribers, and
 *   how many cron invocations the fan-out takes. An empty sink consumes these big fan-outs:
 *   Miniflare mails nobody 100,000 times.
 * - The consumer's CPU per message as a ratio to that empty consumer (a queue handler that
 *   only acks), on the same messages (the first the 10,000 fan-out queued), from the workerd
 *   process's CPU time; the real consumer mails through the local send_email binding.
 * Run alone: `npm run bench -- --fanout`.
 * @module
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Plugin } from "esbuild";
import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from "../scripts/wrangler-config";
import { BUILD_DIR, BUNDLE_SETTINGS, ROOT } from "./bundle";
import { heading, int, ms, table, times } from "./report";
import { cpuMs } from "./workerd";

/** Subscriber counts the fan-out runs for. */
export const FANOUT_SIZES = [10_000, 100_000];
/** Messages each consumer handles for the CPU ratio, after `WARM` that the real one handles first (its code's first run). */
const SAMPLE = 2000;
const WARM = 50;
/** The query budget of one invocation, as the producer has it (`QUERY_BUDGET`); the bench names it in its table. */
const BUDGET = 900;

export interface FanOutSize {
  subscribers: number;
  /** Confirmed, each-summary subscribers on the announcement's topics: what it is queued for. */
  matching: number;
  queued: number;
  /** D1 queries the producer made (FanOutResult.queries), over all its invocations. */
  queries: number;
  /** Rows D1 read for the producer's pages of subscribers (FanOutResult.rowsRead). */
  rowsRead: number;
  sendBatches: number;
  /** Cron invocations until the announcement was fanned out. */
  invocations: number;
  /** The producer's wall time over all invocations (the sink consuming meanwhile, in the same workerd). */
  producerMs: number;
}

export interface ConsumerCpu {
  messages: number;
  /** The workerd process's CPU ms while the real consumer handled `messages` (mailing each through the local send_email binding). */
  realMs: number;
  /** The same while the empty consumer acked the same messages. */
  emptyMs: number;
  /** Errors the real consumer logged (each a message it retried). */
  errors: number;
}

export interface FanOutResults {
  budget: number;
  sizes: FanOutSize[];
  consumer: ConsumerCpu;
  elapsedS: number;
}

/**
 * The worker with one more route, for the bench only: `/bench/fan-out?now=` runs the producer
 * once, as one cron invocation does, and answers its FanOutResult and how many `sendBatch`
 * calls it made (counted on the way to the real queue binding).
 */
const HARNESS = `
import worker from "./src/worker/index";
import { fanOut } from "./src/worker/sending/fanout";
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== "/bench/fan-out") return worker.fetch(request, env, ctx);
    let sendBatches = 0;
    const queue = {
      send: (body, options) => env.SEND_QUEUE.send(body, options),
      sendBatch: (messages, options) => (sendBatches++, env.SEND_QUEUE.sendBatch(messages, options)),
    };
    const result = await fanOut(env.DB, queue, Number(url.searchParams.get("now")));
    return Response.json({ ...result, sendBatches });
  },
  queue: (batch, env, ctx) => worker.queue(batch, env, ctx),
};
`;

/**
 * The empty consumer, which also takes the big fan-outs: it acks and counts, and keeps the
 * first bodies the fan-out queue carried (the consumers' sample). `SAMPLE_QUEUE` and
 * `EMPTY_QUEUE` let the bench send that sample to the real consumer and to itself.
 */
const SINK = `
let consumed = 0;
const kept = [];
export default {
  async queue(batch) {
    for (const m of batch.messages) {
      if (batch.queue === "fanout-big" && kept.length < ${SAMPLE + WARM}) kept.push(m.body);
      m.ack();
    }
    consumed += batch.messages.length;
  },
  async fetch(request) {
    const path = new URL(request.url).pathname;
    return Response.json(path === "/kept" ? kept : { consumed });
  },
};
`;

/** The harness bundled like the worker; `build/docs.bin` stays a Data module beside it. */
async function bundleHarness(): Promise<{ code: string; data: Record<string, Uint8Array> }> {
  const data: Record<string, Uint8Array> = {};
  const bins: Plugin = {
    name: "bench-data-modules",
    setup(b) {
      b.onResolve({ filter: /\.bin$/ }, (args) => {
        const file = join(args.resolveDir, args.path);
        const name = file.slice(file.lastIndexOf("/") + 1);
        data[name] = readFileSync(file);
        return { path: `./${name}`, external: true };
      });
    },
  };
  const result = await build({
    ...BUNDLE_SETTINGS,
    stdin: { contents: HARNESS, resolveDir: ROOT, sourcefile: "fanout-harness.ts", loader: "ts" },
    plugins: [bins],
  });
  const code = result.outputFiles?.[0]?.text;
  if (code === undefined) throw new Error("esbuild produced no harness");
  return { code, data };
}

/** The vars wrangler.toml gives the worker (`KEY = "value"` lines of its [vars]). */
function wranglerVars(): Record<string, string> {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const vars = toml.slice(toml.indexOf("[vars]"), toml.indexOf("\n[", toml.indexOf("[vars]") + 1));
  return Object.fromEntries([...vars.matchAll(/^([A-Z_]+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1] as string, m[2] as string]));
}

/** The migrations' statements, in order (no triggers: a `;` at a line's end ends each). */
function migrationStatements(): string[] {
  const dir = join(ROOT, "migrations");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), "utf8")
        .split("\n")
        .filter((line) => !line.trimStart().startsWith("--"))
        .join("\n")
        .split(/;\s*$/m)
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    );
}

/** The workerd processes that are children of this one. */
function workerdChildren(): Set<number> {
  const pids = new Set<number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && comm.startsWith("workerd")) pids.add(Number(name));
    } catch {
      // The process ended while we read.
    }
  }
  return pids;
}

/** A deterministic generator in [0, 1) (mulberry32): the same mix of subscribers every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  address: string;
  status: string;
  cadence: string;
  all: number;
  topics: string[];
}

/**
 * `n` subscribers of a realistic mix: 85% confirmed (6% pending, 6% unsubscribed, 3%
 * suppressed), 70% on each summary (20% daily, 10% weekly), a quarter on every topic and
 * the rest on one to three of `pool` (the announcement's tags among others).
 */
function subscribersOf(n: number, pool: readonly string[], seed: number): Row[] {
  const r = random(seed);
  const pick = <T>(choices: readonly [T, number][]): T => {
    let x = r();
    for (const [value, p] of choices) {
      if (x < p) return value;
      x -= p;
    }
    return (choices.at(-1) as [T, number])[0];
  };
  return Array.from({ length: n }, (_, i) => {
    const all = r() < 0.25 ? 1 : 0;
    const topics = new Set<string>();
    if (all === 0) for (let k = 1 + Math.floor(r() * 3); k > 0; k--) topics.add(pool[Math.floor(r() * pool.length)] as string);
    return {
      address: `reader${i}@example.com`,
      status: pick([
        ["confirmed", 0.85],
        ["pending", 0.06],
        ["unsubscribed", 0.06],
        ["suppressed", 0.03],
      ]),
      cadence: pick([
        ["each", 0.7],
        ["daily", 0.2],
        ["weekly", 0.1],
      ]),
      all,
      topics: [...topics],
    };
  });
}

const INSERT_SUBSCRIBERS = `INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at, confirmed_at)
  SELECT json_extract(value, '$.address'), json_extract(value, '$.address'), json_extract(value, '$.status'),
         json_extract(value, '$.cadence'), json_extract(value, '$.all'), ?2, ?2, ?2 FROM json_each(?1)`;
const INSERT_TOPICS = `INSERT INTO subscriber_topics (subscriber_id, topic)
  SELECT s.id, json_extract(value, '$[1]') FROM json_each(?1) JOIN subscribers s ON s.address_key = json_extract(value, '$[0]')`;
/** Rows a statement (about 80 KB of JSON, under D1's 100 KB), and statements a batch. */
const ROWS = 1000;
const STATEMENTS = 10;

type Message = { a: number; s: number };
/** What the bench uses of a queue producer binding, reached from Node. */
interface Producer {
  sendBatch(messages: { body: Message; contentType: "json" }[]): Promise<unknown>;
}

/** Polls `done` every 50 ms until it holds, failing after `limitMs`. */
async function until(what: string, done: () => Promise<boolean>, limitMs = 120_000): Promise<void> {
  const end = performance.now() + limitMs;
  while (!(await done())) {
    if (performance.now() > end) throw new Error(`fan-out bench: ${what} did not happen within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Measures the fan-out; `log` gets progress lines. Starts and stops its own Miniflare. */
export async function benchFanOut(log: (msg: string) => void): Promise<FanOutResults> {
  const began = performance.now();
  if (!existsSync(join(BUILD_DIR, "archive.js"))) throw new Error("fan-out bench: build/ is missing (npm test or npm run bench builds it)");
  const harness = await bundleHarness();
  const before = workerdChildren();
  let errors = 0;
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      log: new Log(LogLevel.WARN),
      // No Request.cf from the network: the bench needs none, and runs offline.
      cf: false,
      // The consumer's console.error lines: each a message it could not deliver.
      handleStructuredLogs: ({ level }) => {
        if (level === "error") errors++;
      },
      workers: [
        {
          name: "app",
          modules: [
            { type: "ESModule", path: "worker.js", contents: harness.code },
            ...Object.entries(harness.data).map(([name, bytes]) => ({
              type: "Data" as const,
              path: name,
              contents: new Uint8Array(bytes),
            })),
          ],
          compatibilityDate: COMPATIBILITY_DATE,
          compatibilityFlags: COMPATIBILITY_FLAGS,
          bindings: { ...wranglerVars(), SUBSCRIPTION_SECRET: "bench-secret-0123456789abcdef0123456789abcdef", DEV_MAIL_LOG: "" },
          d1Databases: { DB: "keyfacts-bench" },
          email: { send_email: [{ name: "EMAIL" }] },
          serviceBindings: { ASSETS: "documents" },
          queueProducers: { SEND_QUEUE: { queueName: "fanout-big" } },
          // The real consumer, with wrangler.toml's batch size.
          queueConsumers: { "fanout-sample": { maxBatchSize: 50, maxBatchTimeout: 0.05, maxRetries: 0 } },
        },
        {
          name: "documents",
          modules: [
            { type: "ESModule", path: "documents.js", contents: "export default { fetch: () => new Response(null, { status: 404 }) };" },
          ],
          compatibilityDate: COMPATIBILITY_DATE,
          assets: { directory: join(BUILD_DIR, "documents"), binding: "ASSETS" },
        },
        {
          name: "sink",
          modules: [{ type: "ESModule", path: "sink.js", contents: SINK }],
          compatibilityDate: COMPATIBILITY_DATE,
          queueProducers: { SAMPLE_QUEUE: { queueName: "fanout-sample" }, EMPTY_QUEUE: { queueName: "fanout-empty" } },
          queueConsumers: {
            "fanout-big": { maxBatchSize: 100, maxBatchTimeout: 0.05, maxRetries: 0 },
            "fanout-empty": { maxBatchSize: 50, maxBatchTimeout: 0.05, maxRetries: 0 },
          },
        },
      ],
    }),
  );
  try {
    await mf.ready;
    const pid = [...workerdChildren()].find((p) => !before.has(p));
    if (pid === undefined) throw new Error("fan-out bench: Miniflare's workerd process was not found");
    const db = await mf.getD1Database("DB", "app");
    for (const sql of migrationStatements()) await db.prepare(sql).run();
    const app = await mf.getWorker("app");
    const sink = await mf.getWorker("sink");
    const consumed = async () => ((await (await sink.fetch("http://sink/count")).json()) as { consumed: number }).consumed;

    // The announcement: the newest summary, with its tags.
    const newest = (await (await app.fetch("http://localhost/api/v1/summaries?limit=1")).json()) as {
      items: { slug: string; tags: string[] }[];
    };
    const summary = newest.items[0];
    if (summary === undefined) throw new Error("fan-out bench: the archive has no summary");
    const pool = [...summary.tags, ...Array.from({ length: 15 }, (_, i) => `other-topic-${i + 1}`)];

    const sizes: FanOutSize[] = [];
    let consumer: ConsumerCpu | undefined;
    for (const n of FANOUT_SIZES) {
      await db.batch(["deliveries", "announcements", "subscriber_topics", "subscribers"].map((t) => db.prepare(`DELETE FROM ${t}`)));
      log(`fan-out: ${int(n)} subscribers`);
      const rows = subscribersOf(n, pool, n);
      const now = Date.now();
      for (let from = 0; from < n; from += ROWS * STATEMENTS) {
        const chunks = Array.from({ length: STATEMENTS }, (_, k) => rows.slice(from + k * ROWS, from + (k + 1) * ROWS)).filter(
          (c) => c.length > 0,
        );
        await db.batch(chunks.map((c) => db.prepare(INSERT_SUBSCRIBERS).bind(JSON.stringify(c), now)));
        await db.batch(
          chunks.map((c) => db.prepare(INSERT_TOPICS).bind(JSON.stringify(c.flatMap((r) => r.topics.map((t) => [r.address, t]))))),
        );
      }
      const tags = new Set(summary.tags);
      const matching = rows.filter(
        (r) => r.status === "confirmed" && r.cadence === "each" && (r.all === 1 || r.topics.some((t) => tags.has(t))),
      ).length;
      const { id: announcement } = (await db
        .prepare("INSERT INTO announcements (slug, tags, kind, live_at, created_at) VALUES (?1, ?2, 'summary', ?3, ?3) RETURNING id")
        .bind(summary.slug, JSON.stringify(summary.tags), now)
        .first<{ id: number }>()) as { id: number };

      const size: FanOutSize = {
        subscribers: n,
        matching,
        queued: 0,
        queries: 0,
        rowsRead: 0,
        sendBatches: 0,
        invocations: 0,
        producerMs: 0,
      };
      const consumedBefore = await consumed();
      for (;;) {
        const t = performance.now();
        const res = await app.fetch(`http://localhost/bench/fan-out?now=${Date.now()}`);
        size.producerMs += performance.now() - t;
        const r = (await res.json()) as { queued: number; queries: number; rowsRead: number; done: boolean; sendBatches: number };
        size.invocations++;
        size.queued += r.queued;
        size.queries += r.queries;
        size.rowsRead += r.rowsRead;
        size.sendBatches += r.sendBatches;
        if (r.done) break;
        if (size.invocations > 1000) throw new Error("fan-out bench: the producer never finished");
      }
      sizes.push(size);
      log(`  ${int(size.queued)} queued in ${size.invocations} invocation(s), ${size.queries} queries; the sink is consuming them`);
      await until("the sink's consuming the fan-out", async () => (await consumed()) - consumedBefore >= size.queued);

      if (consumer !== undefined) continue;
      // The consumers' CPU, on the first messages this fan-out queued (the sink kept them).
      const kept = (await (await sink.fetch("http://sink/kept")).json()) as Message[];
      if (kept.length < SAMPLE + WARM || kept.some((m) => m.a !== announcement))
        throw new Error("fan-out bench: the sink kept too few messages");
      const sampleQueue = await mf.getQueueProducer<Message>("SAMPLE_QUEUE", "sink");
      const emptyQueue = await mf.getQueueProducer<Message>("EMPTY_QUEUE", "sink");
      const sent = async () =>
        (await db
          .prepare("SELECT COUNT(*) AS n FROM deliveries WHERE announcement_id = ?1 AND status = 'sent'")
          .bind(announcement)
          .first<number>("n")) ?? 0;
      const enqueue = async (queue: Producer, messages: Message[]) => {
        for (let i = 0; i < messages.length; i += 100)
          await queue.sendBatch(messages.slice(i, i + 100).map((body) => ({ body, contentType: "json" as const })));
      };
      // Each phase polls both counts, so both pay the same for being watched.
      const phase = async (queue: Producer, messages: Message[], done: (c: number, s: number) => boolean) => {
        const c0 = cpuMs(pid);
        await enqueue(queue, messages);
        await until("a consumer's handling its sample", async () => done(await consumed(), await sent()));
        return cpuMs(pid) - c0;
      };
      log(`fan-out: the consumers' CPU on ${int(SAMPLE)} messages, the empty one then the real one (mailing through the local send_email)`);
      const c = await consumed();
      const emptyMs = await phase(emptyQueue, kept.slice(WARM), (now) => now - c >= SAMPLE);
      await phase(sampleQueue, kept.slice(0, WARM), (_, s) => s >= WARM);
      const errorsBefore = errors;
      const realMs = await phase(sampleQueue, kept.slice(WARM), (_, s) => s >= WARM + SAMPLE);
      consumer = { messages: SAMPLE, realMs, emptyMs, errors: errors - errorsBefore };
    }
    if (consumer === undefined) throw new Error("fan-out bench: no consumer figures");
    return { budget: BUDGET, sizes, consumer, elapsedS: (performance.now() - began) / 1000 };
  } finally {
    await mf.dispose();
  }
}

/** Figures per 1,000 subscribers (or matching subscribers). */
const per1000 = (value: number, of: number) => (of === 0 ? Number.NaN : (value * 1000) / of);

/** The printed section: one row per size, and the consumers' CPU. */
export function fanOutSection(r: FanOutResults): string {
  const rows = [
    [
      "subscribers",
      "matching",
      "queries/1k subs",
      "rows read/sub",
      "messages/1k matching",
      "sendBatch/1k matching",
      "producer/1k subs",
      "invocations",
    ],
    ...r.sizes.map((s) => [
      int(s.subscribers),
      int(s.matching),
      per1000(s.queries, s.subscribers).toFixed(2),
      (s.rowsRead / s.subscribers).toFixed(1),
      per1000(s.queued, s.matching).toFixed(0),
      per1000(s.sendBatches, s.matching).toFixed(1),
      ms(per1000(s.producerMs, s.subscribers)),
      String(s.invocations),
    ]),
  ];
  const c = r.consumer;
  return [
    heading(`Fan-out (Miniflare: local D1, Queues, send_email; query budget ${r.budget} an invocation)`),
    table(rows),
    `CONSUMER CPU per message: ${ms(c.realMs / c.messages, 2)} real (mailing through the local send_email binding), ${ms(c.emptyMs / c.messages, 2)} empty (acks only): ${times(c.realMs / c.emptyMs)} the empty consumer, ${int(c.messages)} messages each, workerd's CPU time${c.errors > 0 ? `; ! ${c.errors} errors logged` : ""}`,
    "HOW the producer is the worker's own (src/worker/sending/fanout.ts) on its real budget, run once per cron invocation until done; an empty sink consumes its messages meanwhile in the same workerd (producer time is wall time, for information). A subscriber matches when confirmed, on each summary, and on every topic or one of the summary's tags.",
  ].join("\n");
}
