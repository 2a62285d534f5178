/**
 * `npm run bench [-- --quick]`: speed and size of the worker as ratios to baselines measured
 * in the same run (the machine is shared and noisy), and how they grow with the archive.
 * Prints tables and one `BUDGET` line per budget to stdout, progress to stderr, and writes
 * everything to bench/results/bench.json. It stops by itself (a watchdog ends it at 10 min).
 * @module
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type ArchiveMeta, IndexReader } from "../src/shared/archive";
import { buildContent, writeSyntheticContent } from "./archives";
import { assetSizes, BASELINES, bundleSizes, bundleSource, bundleWorker, gzipSize, ROOT, type WorkerBundle } from "./bundle";
import { wrk } from "./load";
import { ARCHIVE_PAGE, printReport } from "./print";
import { type Group, groupsOf, latencyRounds, type Target, throughputRounds } from "./rounds";
import { residentBytes, type Served, serveWorker } from "./serve";
import { widgetSize, workerCodeSize } from "./sizes";
import { compileAndEvalMs, probeWorkerd, type WorkerdProbe } from "./startup";
import { probeRoutes, twinWorker } from "./targets";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const QUICK = values.quick ?? false;
/**
 * Throughput: wrk -t1 -c32 for `SECONDS` per target, `ROUNDS` interleaved rounds. Two
 * identical workers measured in turn here differ by 0.6× to 1.4× from one run to the next,
 * whether runs last 1, 2 or 3 s, so more rounds of 2 s buy a steadier median than fewer of 3 s.
 */
const ROUNDS = QUICK ? 2 : 7;
const SECONDS = 2;
const CONNECTIONS = 32;
/** Latency: an open-loop 200 requests/s is far below the ~5,000/s one workerd serves here. */
const RATE = 200;
const LATENCY_SECONDS = QUICK ? 1 : 2;
const LATENCY_ROUNDS = QUICK ? 2 : 5;
const SIZES = QUICK ? [10, 1000] : [10, 1000, 10_000];
const STARTUP_RUNS = QUICK ? 2 : 5;
const BINDINGS = { WEBSUB_HUB: "" };

const began = performance.now();
const log = (msg: string) => console.error(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${msg}`);
process.chdir(ROOT);
const served: Served[] = [];
let tmp = "";
async function cleanUp(): Promise<void> {
  await Promise.allSettled(served.map((s) => s.dispose()));
  if (tmp) await rm(tmp, { recursive: true, force: true });
}
const WATCHDOG_MS = 10 * 60 * 1000;
setTimeout(() => {
  console.error("✗ bench overran 10 minutes; stopping");
  void cleanUp().finally(() => process.exit(2));
  setTimeout(() => process.exit(2), 5000).unref();
}, WATCHDOG_MS).unref();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

tmp = await mkdtemp(join(tmpdir(), "keyfacts-bench-"));

// What the worker imports: the real content, OpenAPI, assets and widget (a size budget
// failure in a build script is reported here, not fatal: its output is still written).
log("building content, assets and widget");
for (const script of ["scripts/prepare.ts", "scripts/build-assets.ts"]) {
  try {
    execFileSync(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "ignore", "inherit"] });
  } catch (err) {
    if (script.endsWith("prepare.ts")) log(`! ${script} failed (${(err as Error).message.split("\n")[0]}); going on with what it wrote`);
  }
}

const archives: { summaries: number; buildMs: number; bundle: WorkerBundle; slug: string }[] = [];
for (const n of SIZES) {
  const dir = join(tmp, `archive-${n}`);
  log(`synthetic archive: writing ${n} summaries`);
  await writeSyntheticContent(join(dir, "content"), n);
  log(`synthetic archive: building ${n} summaries`);
  const buildMs = await buildContent(join(dir, "content"), join(dir, "build"));
  const files = {
    "archive.js": join(dir, "build/archive.js"),
    "docs.bin": join(dir, "build/docs.bin"),
    "openapi.js": join(dir, "build/openapi.js"),
  };
  const bundle = await bundleWorker({ files, documents: join(dir, "build/documents") });
  // The middle of the archive: neither the newest nor the oldest document.
  const slug = `report-${String(Math.ceil(n / 2)).padStart(5, "0")}`;
  archives.push({ summaries: n, buildMs, bundle, slug });
  await rm(join(dir, "content"), { recursive: true, force: true });
}

log("bundling the worker and the baselines");
const appBundle = await bundleWorker();
const rawCode = await bundleSource(BASELINES.raw, "raw.ts");
const honoCode = await bundleSource(BASELINES.honoHello, "hono-hello.ts");
const { default: meta } = (await import(join(ROOT, "build/archive.js"))) as { default: ArchiveMeta };
const appSlug = meta.count > 0 ? new IndexReader(meta, await readFile(join(ROOT, "build/docs.bin"))).entry(0).entry.slug : "none";
const routesOf = (slug: string) => ({ summary: `/api/v1/summaries/${slug}`, list: "/api/v1/summaries", feed: "/feed.xml" });
const archiveRoutesOf = (slug: string) => ({ ...routesOf(slug), list: `/api/v1/summaries?limit=${ARCHIVE_PAGE}` });

log("start-up: compile + evaluate in a fresh V8, and a look inside a fresh workerd");
interface Startup extends WorkerdProbe {
  compileEvalMs: number;
}
const startup = async ({ code, data, documents }: WorkerBundle, paths: string[]): Promise<Startup> => ({
  compileEvalMs: await compileAndEvalMs(code, join(tmp, "startup"), STARTUP_RUNS, data),
  ...(await probeWorkerd(code, paths, BINDINGS, data, documents)),
});
const honoStartup = await startup({ code: honoCode, data: {} }, ["/"]);
const appStartup = await startup(appBundle, [...Object.values(routesOf(appSlug)), "/widget.js"]);
const archiveStartup: Startup[] = [];
for (const a of archives) archiveStartup.push(await startup(a.bundle, Object.values(archiveRoutesOf(a.slug))));

log("serving raw, the worker and the synthetic archives through Miniflare");
const serve = async (name: string, code: string, data: Record<string, Uint8Array> = {}, documents?: string) => {
  const s = await serveWorker(name, code, BINDINGS, data, documents);
  served.push(s);
  return s;
};
const raw = await serve("raw", rawCode);
// The control: a second raw worker, identical to the first. What it measures against raw is
// this run's noise, the distance any figure may stray from the truth on this machine.
const control = await serve("control", rawCode);
const app = await serve("app", appBundle.code, appBundle.data, appBundle.documents);
const archiveServed = [];
for (const a of archives) archiveServed.push(await serve(`archive-${a.summaries}`, a.bundle.code, a.bundle.data, a.bundle.documents));

const missing: Record<string, string> = {};
const bodyBytes: Record<string, number> = { raw: 5 };
const routes = async (prefix: string, origin: string, paths: Record<string, string>) => {
  const probed = await probeRoutes(prefix, origin, paths);
  Object.assign(missing, probed.missing);
  Object.assign(bodyBytes, probed.bodyBytes);
  return probed.targets;
};
const rawTarget: Target = { id: "raw", url: raw.url };
const appGroup: Group = { baseline: rawTarget, targets: [] };
// Each route is followed by its twin: a constant worker sending the same body and headers.
for (const target of await routes("app", app.url, { ...routesOf(appSlug), widget: "/widget.js" })) {
  const key = target.id.slice("app:".length);
  const twin = await serve(`twin-${key}`, await twinWorker(target.url));
  appGroup.targets.push(target, { id: `twin:${key}`, url: twin.url });
}
const archiveTargets: Target[] = [];
for (const [i, a] of archives.entries()) {
  archiveTargets.push(...(await routes(`archive-${a.summaries}`, archiveServed[i]?.url ?? "", archiveRoutesOf(a.slug))));
}
// Small groups: a baseline run at most every 4 targets (12 s) follows the machine's drift.
// A route's archives share a group (10, 1,000 and 10,000 summaries back to back), so its fall
// with the archive's size compares runs seconds apart, in the same round.
const byRoute = (key: string) => archiveTargets.filter((t) => t.id.endsWith(`:${key}`));
const controlTarget: Target = { id: "control", url: control.url };
const groups = [
  ...groupsOf(rawTarget, appGroup.targets, 4),
  ...["summary", "list", "feed"].flatMap((key) => groupsOf(rawTarget, byRoute(key), SIZES.length)),
];
// In the last group (3 archive sizes), where it costs no baseline run of its own.
groups[groups.length - 1]?.targets.push(controlTarget);
for (const [id, why] of Object.entries(missing)) log(`! ${id}: ${why}`);

const widgetRes = missing["app:widget"] ? undefined : await fetch(new URL("/widget.js", app.url));
const widgetBody = widgetRes ? new Uint8Array(await widgetRes.arrayBuffer()) : undefined;

const rssBefore = Object.fromEntries(served.map((s) => [s.name, residentBytes(s.pid)]));
log("warming up every target");
for (const t of [rawTarget, controlTarget, ...appGroup.targets, ...archiveTargets])
  await wrk(t.url, { seconds: 1, connections: CONNECTIONS });
const plannedS = SECONDS * (1 + ROUNDS * groups.reduce((n, g) => n + 1 + g.targets.length, 0));
log(`throughput: ${ROUNDS} rounds of wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, about ${plannedS} s`);
const throughput = await throughputRounds(groups, {
  rounds: ROUNDS,
  seconds: SECONDS,
  connections: CONNECTIONS,
  onRun: (round, target, r) => {
    const bad = r.non2xx + r.socketErrors > 0 ? ` (${r.non2xx} non-2xx, ${r.socketErrors} socket errors)` : "";
    log(`  round ${round + 1} ${target.id.padEnd(26)} ${Math.round(r.rps).toString().padStart(6)} req/s${bad}`);
  },
});
log(`latency: ${LATENCY_ROUNDS} rounds at ${RATE} requests/s for ${LATENCY_SECONDS} s each`);
const routesOnly = { ...appGroup, targets: appGroup.targets.filter((t) => t.id.startsWith("app:")) };
const latency = await latencyRounds(routesOnly, { rounds: LATENCY_ROUNDS, seconds: LATENCY_SECONDS, rate: RATE });
const rssAfter = Object.fromEntries(served.map((s) => [s.name, residentBytes(s.pid)]));

log("sizes");
const widget = await widgetSize(widgetBody);
const workerCode = await workerCodeSize();
const results = {
  date: new Date().toISOString(),
  quick: QUICK,
  settings: {
    rounds: ROUNDS,
    seconds: SECONDS,
    connections: CONNECTIONS,
    latencyRounds: LATENCY_ROUNDS,
    latencyRate: RATE,
    latencySeconds: LATENCY_SECONDS,
  },
  missing,
  bodyBytes,
  throughput: Object.fromEntries(throughput),
  latency: Object.fromEntries(latency),
  sizes: {
    widget,
    workerCode,
    workerBundleGzip: bundleSizes(appBundle).gzip,
    workerBundleBytes: bundleSizes(appBundle).bytes,
    assets: assetSizes(appBundle.documents),
    honoHelloGzip: gzipSize(honoCode),
  },
  startup: { honoHello: honoStartup, app: appStartup },
  archives: archives.map((a, i) => ({
    summaries: a.summaries,
    buildMs: a.buildMs,
    bundleBytes: bundleSizes(a.bundle).bytes,
    bundleGzip: bundleSizes(a.bundle).gzip,
    assets: assetSizes(a.bundle.documents),
    startup: archiveStartup[i],
    rssBefore: rssBefore[`archive-${a.summaries}`],
    rssAfter: rssAfter[`archive-${a.summaries}`],
  })),
  rss: { before: rssBefore, after: rssAfter },
  elapsedS: 0,
};
await cleanUp();
results.elapsedS = (performance.now() - began) / 1000;
await mkdir(join(ROOT, "bench/results"), { recursive: true });
await writeFile(join(ROOT, "bench/results/bench.json"), `${JSON.stringify(results, null, 2)}\n`);
printReport(results);
log(`done in ${results.elapsedS.toFixed(0)} s; figures in bench/results/bench.json`);
process.exit(0);

export type Results = typeof results;
