/**
 * `npm run bench [-- --quick]`: the reader worker (what readers reach), each budget met, NOT met
 * or undecided on a 90% interval of paired ratios from this run: route ÷ twin (a constant worker sending the same body and
 * headers) in requests a CPU-second ≥ 0.95; start-up ÷ Hono hello's ≤ 2.5× at 10 and 10,000
 * summaries; RSS after load ÷ Hono hello's ≤ 1.5×. Whole-worker gzip is printed, not
 * budgeted. `--quick`: one route, the real content. A watchdog stops it at 7 or 2 minutes.
 * @module
 */

import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildContent, writeSyntheticContent } from "./archives";
import { bundleApp, bundleGzip, bundleHonoHello, bundleWorker, ROOT, type WorkerBundle } from "./bundle";
import { type Arm, CONNECTIONS, type Paired, PINNING, ratios, runPair, slice } from "./paired";
import { startupPairs, startupSampler } from "./startup";
import { bootstrapMedian, decide, type Interval, interval, median, pairsToDecide } from "./stats";
import { memoryKiB, serveWorkerd, type Workerd, writeWorker } from "./workerd";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const QUICK = values.quick ?? false;
const [CODE_FLOOR, STARTUP_CEILING, RSS_CEILING] = [0.95, 2.5, 1.5];
const began = performance.now();
const log = (msg: string) => console.error(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${msg}`);

const served: Workerd[] = [];
const tmp = await mkdtemp(join(tmpdir(), "keyfacts-bench-"));
const cleanUp = () => Promise.allSettled(served.map((s) => s.stop())).then(() => rm(tmp, { recursive: true, force: true }));
const LIMIT_MS = (QUICK ? 2 : 7) * 60_000;
setTimeout(() => {
  console.error(`✗ bench overran ${LIMIT_MS / 60_000} minutes; stopping`);
  void cleanUp().finally(() => process.exit(2));
}, LIMIT_MS).unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

log("building content, assets and widget");
for (const script of ["scripts/prepare.ts", "scripts/build-assets.ts"])
  execFileSync(process.execPath, ["--import", "tsx", script], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
const app = await bundleWorker();
const hono = await bundleHonoHello();

let n = 0;
/** Serves `bundle` in a workerd process of its own, on the workers' CPU. */
async function serve({ code, data, documents }: WorkerBundle, v8Flags?: string[]): Promise<Workerd> {
  const module = await writeWorker(join(tmp, `w${n++}`), code, data);
  const w = await serveWorkerd({ module, documents, bindings: { WEBSUB_HUB: "" }, cpus: PINNING?.workers, v8Flags });
  served.push(w);
  return w;
}
const armOf = async (id: string, bundle: WorkerBundle, path: string): Promise<Arm> => {
  const ws = await Promise.all([serve(bundle), serve(bundle)]);
  return { id, procs: ws.map((w) => ({ url: w.origin + path, pid: w.pid })) };
};

/** A constant worker answering every request with `url`'s response, body and headers verbatim. */
async function twinOf(url: string): Promise<WorkerBundle> {
  const res = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
  const skip = new Set(["content-length", "date", "content-encoding", "transfer-encoding", "connection", "keep-alive"]);
  const headers = [...res.headers].filter(([name]) => !skip.has(name));
  const code = `const body = new TextEncoder().encode(${JSON.stringify(await res.text())});
const headers = new Headers(${JSON.stringify(headers)});
export default { fetch: () => new Response(body, { status: ${res.status}, headers }) };\n`;
  return { code, data: {} };
}

// Start-up at each archive size against Hono hello, pair by pair.
const archives: { label: string; bundle: WorkerBundle }[] = [];
for (const size of QUICK ? [] : [10, 10_000]) {
  log(`synthetic archive: writing and building ${size.toLocaleString("en-US")} summaries`);
  const dir = join(tmp, `archive-${size}`);
  await writeSyntheticContent(join(dir, "content"), size);
  await buildContent(join(dir, "content"), join(dir, "build"));
  archives.push({ label: `${size.toLocaleString("en-US")} summaries`, bundle: await bundleWorker(join(dir, "build")) });
}
if (QUICK) archives.push({ label: "the real content/", bundle: app });
const honoStartup = await startupSampler(hono, tmp);
const startups: { label: string; gzip: number; a: number[]; b: number[]; ci: Interval }[] = [];
for (const { label, bundle } of archives) {
  log(`start-up: ${label} and Hono hello, interleaved`);
  const p = await startupPairs(await startupSampler(bundle, tmp), honoStartup, QUICK ? 8 : 12);
  startups.push({ label, gzip: bundleGzip(bundle), ...p, ci: bootstrapMedian(p.a.map((x, i) => x / (p.b[i] as number))) });
}

// Each route against its twin, in workers of the comparison's own.
const slug = "north-korean-labourers-russia-2024";
const PATHS = [`/api/v1/summaries/${slug}`, "/api/v1/summaries", "/feed.xml", "/widget.js", `/summaries/${slug}`];
const routes = PATHS.slice(0, QUICK ? 1 : undefined).map((path) => [path.replace(slug, ":slug"), path] as const);
const until = began + (QUICK ? 60 : 285) * 1000;
const results: { route: string; bytes: number; pair: Paired }[] = [];
for (const [i, [route, path]] of routes.entries()) {
  const own = await armOf(`app ${route}`, app, path);
  const probe = await fetch(own.procs[0]?.url ?? "", { headers: { "Accept-Encoding": "identity" } });
  const bytes = (await probe.arrayBuffer()).byteLength;
  if (probe.status !== 200) throw new Error(`${route} answered ${probe.status}`);
  const twin = await armOf(`twin ${route}`, await twinOf(own.procs[0]?.url ?? ""), "/");
  const share = performance.now() + (until - performance.now()) / (routes.length - i);
  log(`${route}: route and twin`);
  const pair = await runPair(own, twin, { min: QUICK ? 12 : 20, max: 100, until: share, floor: CODE_FLOOR });
  results.push({ route, bytes, pair });
}

// Memory: a fresh worker and Hono hello under the same load, turn about, V8 held to an isolate's
// limits as `npm run load` holds it (with desktop defaults RSS climbs by hundreds of MiB even for Hono hello).
log("memory: the reader worker (its five routes) and Hono hello under the same load");
const rssOf = async (w: Workerd) => (await memoryKiB(w.pid)).rss / 1024;
const ISOLATE = ["--max-old-space-size=128", "--max-semi-space-size=1"];
const memApp = await serve(app, ISOLATE);
const memHono = await serve(hono, ISOLATE);
// As many slices each: the same load, the reader's spread over its five routes.
const turns = [
  { w: memApp, paths: PATHS },
  { w: memHono, paths: PATHS.map(() => "/") },
];
for (let k = 0; k < (QUICK ? 2 : 4); k++)
  for (const { w, paths } of turns) for (const p of paths) await slice({ url: w.origin + p, pid: w.pid }, 1);
const rss = { app: await rssOf(memApp), hono: await rssOf(memHono) };
await cleanUp();

const ms = (x: number) => `${x.toFixed(2)} ms`;
const kib = (x: number) => `${(x / 1024).toFixed(1)} KiB`;
const cells = (rows: string[][]) => {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  return rows.map((r) => r.map((x, c) => (c === 0 ? x.padEnd(widths[c] ?? 0) : x.padStart(widths[c] ?? 0))).join("  ")).join("\n");
};
const out: string[] = [`== Routes and twins: pairs of wrk -t1 -c${CONNECTIONS} slices of 0.5 s, order flipped every pair`];
out.push(
  cells([
    ["route", "body", "req per CPU-s: route ÷ twin", "CPU ms/1k req: route · twin", "pairs", "p99 ms: route · twin", "req/s: route ÷ twin"],
    ...results.map(({ route, bytes, pair: { a, b, ci } }) => {
      const both = (of: (s: (typeof a)[number]) => number) => `${median(a.map(of)).toFixed(1)} · ${median(b.map(of)).toFixed(1)}`;
      const rps = median(ratios(a, b, (s) => s.rps)).toFixed(2);
      return [route, kib(bytes), interval(ci), both((s) => s.cpuPer1k), String(a.length), both((s) => s.p99Ms), `${rps}×`];
    }),
  ]),
);
out.push("", "== Start-up (compile + evaluate in a fresh V8, CPU) and size");
out.push(
  cells([
    ["reader worker", "start-up", "Hono hello", "ratio [90%]", "pairs", "whole-worker gzip"],
    ...startups.map((s) => [s.label, ms(median(s.a)), ms(median(s.b)), interval(s.ci), String(s.a.length), kib(s.gzip)]),
    ["app worker (behind the reader)", "", "", "", "", kib(bundleGzip(await bundleApp()))],
    ["Hono hello", "", "", "", "", kib(bundleGzip(hono))],
  ]),
);
out.push("", `== Memory: RSS after load, reader worker ${rss.app.toFixed(1)} MiB, Hono hello ${rss.hono.toFixed(1)} MiB`, "");
/** One budget's line; an undecided one says how many pairs it has and about how many would decide it. */
const budget = (name: string, ci: Interval, relation: ">=" | "<=", limit: number) => {
  const verdict = decide(ci, relation, limit);
  const needs = verdict === "undecided" ? ` (${ci.n} pairs; about ${pairsToDecide(ci, limit)} would decide it)` : "";
  out.push(`BUDGET ${name}: ${interval(ci)} ${relation} ${limit} — ${verdict}${needs}`);
};
for (const { route, pair } of results) budget(`${route} requests a CPU-second ÷ twin's`, pair.ci, ">=", CODE_FLOOR);
for (const s of startups) budget(`start-up at ${s.label} ÷ Hono hello's`, s.ci, "<=", STARTUP_CEILING);
const rssRatio = rss.app / rss.hono;
const rssVerdict = rssRatio <= RSS_CEILING ? "met" : "NOT met";
out.push(`BUDGET RSS after load ÷ Hono hello's: ${rssRatio.toFixed(2)}× <= ${RSS_CEILING} — ${rssVerdict}`);
console.log(out.join("\n"));
log(`done in ${process.uptime().toFixed(0)} s`);
process.exit(0);
