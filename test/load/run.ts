/**
 * `npm run load`: the reader worker under load. Serves its production bundle with workerd on
 * 127.0.0.1, then three times drives `/api/v1/summaries`, one summary, `/feed.xml` and
 * `/widget.js` with wrk (64 connections, 30 s each), and reports requests, socket errors,
 * non-2xx responses and the workerd process's memory before and after each run. Exits 1
 * when any request failed or peak memory grew 10% or more across the runs; it stops by
 * itself (every step has a timeout, and a watchdog ends the whole script).
 *
 * Memory of a garbage-collected runtime is a sawtooth, so one RSS sample says little. V8
 * runs as an isolate on the platform would: old space capped at the 128 MB isolate limit
 * and a small young generation (`--max-old-space-size=128 --max-semi-space-size=1`).
 * With workerd's desktop-sized defaults, V8 postpones full collections and resident
 * memory climbs for minutes, to ~500 MiB even for a hello-world worker. After a warm-up
 * that lasts until two full collections have run and the peak stopped rising, the script
 * reports RSS now (VmRSS) and at its peak (VmHWM), the full collections in each run, the
 * JS heap left after the last one (the figure a leak would make grow) and how many
 * isolates ran (a restart would show). The verdict uses the peak.
 *
 * Options: `--seconds N` (30), `--connections N` (64), `--runs N` (3), `--warm-up N` (30),
 * `--v8-flags "A B"` (replaces the two above), `--baseline` (also a hello-world worker).
 */
import { parseArgs } from "node:util";
import { memoryKiB } from "../../bench/workerd";
import { runWrk } from "../../bench/wrk";
import { type Bundle, buildWorker, type ServedWorker, serveWorker, writeBaseline } from "./serve";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "30" },
    connections: { type: "string", default: "64" },
    runs: { type: "string", default: "3" },
    "warm-up": { type: "string", default: "30" },
    "v8-flags": { type: "string", default: "--max-old-space-size=128 --max-semi-space-size=1" },
    baseline: { type: "boolean", default: false },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const runs = Number(values.runs);
const warmUp = Number(values["warm-up"]);
const v8Flags = (values["v8-flags"] ?? "").split(/\s+/).filter(Boolean);
// Only to count full collections and read the heap they leave; the lines are not printed.
const TRACE = "--trace-gc";
const GROWTH_LIMIT = 0.1;
const WARM_UP_GCS = 2;
/** The peak counts as settled when a 10 s warm-up step raised it by less than this. */
const SETTLED = 0.02;
/** Seconds: a worker that never collects in this long is reported as it is. */
const MAX_WARM_UP = 120;

// A last resort: whatever hangs, the script ends (build + per-worker runs + slack).
const perWorker = Math.max(warmUp, MAX_WARM_UP) + 40 + runs * (seconds + 35) + 60;
const budgetMs = (180 + perWorker * (values.baseline ? 2 : 1)) * 1000;
setTimeout(() => {
  console.error(`✗ load test overran its ${Math.round(budgetMs / 1000)} s budget; stopping`);
  void current?.stop().finally(() => process.exit(2));
  setTimeout(() => process.exit(2), 6_000).unref();
}, budgetMs).unref();

let current: ServedWorker | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void (current?.stop() ?? Promise.resolve()).finally(() => process.exit(130)));
}

const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
const change = (from: number, to: number) => `${to >= from ? "+" : ""}${(((to - from) / from) * 100).toFixed(1)}%`;

interface Verdict {
  failed: number;
  growth: number;
}

/** Serves `module`, checks `paths` answer 200, warms up, then loads and measures `runs` times. */
async function measure(name: string, module: string, paths: (origin: string) => Promise<string[]>): Promise<Verdict> {
  const worker = await serveWorker(module, [...v8Flags, TRACE]);
  current = worker;
  try {
    const list = await paths(worker.origin);
    for (const p of list) {
      const res = await fetch(worker.origin + p, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${p} answers ${res.status} before any load`);
    }
    const load = { url: worker.origin, paths: list, connections, threads: 2 };
    console.log(`\n${name}: workerd pid ${worker.pid} at ${worker.origin}, V8 flags: ${v8Flags.join(" ") || "(defaults)"}`);
    console.log(`paths: ${list.join(" ")}; ${connections} connections, ${seconds} s a run`);
    const cold = await memoryKiB(worker.pid);
    // Warm up for `warmUp` s, then on in 10 s steps until V8 has run two full collections
    // and the peak stopped rising: the sawtooth has reached its top, so a later rise is
    // growth, not the first cycles. A leaking worker never settles and is measured anyway.
    let warmed = 0;
    let peak = cold.peak;
    for (;;) {
      const step = warmed === 0 ? warmUp : 10;
      await runWrk({ ...load, seconds: step });
      warmed += step;
      const now = (await memoryKiB(worker.pid)).peak;
      const settled = worker.gc.full >= WARM_UP_GCS && now < peak * (1 + SETTLED);
      peak = now;
      if (settled || warmed >= MAX_WARM_UP) break;
    }
    const start = await memoryKiB(worker.pid);
    const heap = () => (worker.gc.liveMiB === undefined ? "-" : `${worker.gc.liveMiB.toFixed(1)} MiB`);
    console.log(
      `RSS at start ${mib(cold.rss)}; after a ${warmUp} s warm-up ${mib(start.rss)}, peak ${mib(start.peak)}, ${worker.gc.full} full GCs, heap after the last ${heap()}\n`,
    );
    const head = [
      "run",
      "requests",
      "req/s",
      "p50 ms",
      "p99 ms",
      "socket errors",
      "non-2xx",
      "RSS before",
      "RSS after",
      "peak RSS",
      "full GCs",
      "heap after last GC",
      "isolates",
    ];
    const widths = [4, 9, 7, 7, 8, 22, 8, 11, 11, 11, 9, 19, 0];
    const row = (cells: (string | number)[]) => console.log(cells.map((c, n) => String(c).padEnd(widths[n] ?? 0)).join(" "));
    row(head);
    let failed = 0;
    let end = start;
    for (let i = 1; i <= runs; i++) {
      const before = await memoryKiB(worker.pid);
      const gcs = worker.gc.full;
      const r = await runWrk({ ...load, seconds });
      end = await memoryKiB(worker.pid);
      failed += r.socketErrors + r.non2xx;
      row([
        i,
        r.requests,
        (r.requests / r.seconds).toFixed(0),
        r.p50Ms.toFixed(2),
        r.p99Ms.toFixed(2),
        r.socketErrorKinds ? `${r.socketErrors} (${r.socketErrorKinds})` : 0,
        r.non2xx,
        mib(before.rss),
        mib(end.rss),
        mib(end.peak),
        worker.gc.full - gcs,
        heap(),
        worker.gc.isolates,
      ]);
    }
    console.log(
      `across ${runs} runs: RSS ${mib(start.rss)} → ${mib(end.rss)} (${change(start.rss, end.rss)}); peak RSS ${mib(start.peak)} → ${mib(end.peak)} (${change(start.peak, end.peak)})`,
    );
    return { failed, growth: (end.peak - start.peak) / start.peak };
  } finally {
    await worker.stop();
    current = undefined;
  }
}

async function main(): Promise<number> {
  console.log("building content, widget and the worker bundle (wrangler deploy --dry-run)…");
  const bundle: Bundle = await buildWorker();
  try {
    const keyfacts = await measure("keyfacts reader worker", `${bundle.dir}/reader.js`, async (origin) => {
      const res = await fetch(`${origin}/api/v1/summaries?limit=1`, { signal: AbortSignal.timeout(10_000) });
      const slug = ((await res.json()) as { items: { slug: string }[] }).items[0]?.slug;
      if (!slug) throw new Error("the archive has no summary to load");
      return ["/api/v1/summaries", `/api/v1/summaries/${slug}`, "/feed.xml", "/widget.js"];
    });
    if (values.baseline) await measure("hello-world baseline", await writeBaseline(bundle), async () => ["/"]);
    const ok = keyfacts.failed === 0 && keyfacts.growth < GROWTH_LIMIT;
    console.log(
      ok
        ? "\n✓ keyfacts worker: 0 socket errors, 0 non-2xx, peak memory growth under 10%"
        : `\n✗ keyfacts worker: ${keyfacts.failed} failed request(s), peak memory growth ${(keyfacts.growth * 100).toFixed(1)}% (limit ${GROWTH_LIMIT * 100}%)`,
    );
    return ok ? 0 : 1;
  } finally {
    await bundle.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error("✗ load test failed:", err);
    process.exit(2);
  },
);
