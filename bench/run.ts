/**
 * `npm run bench`: the worker's speed as paired ratios to workers measured in the same
 * seconds (the machine is shared and noisy), its sizes and start-up against baselines, and
 * how they grow with the archive; each budget comes out met, not met or undecided.
 * Tables and `BUDGET` lines go to stdout, progress to stderr, every figure to
 * bench/results/bench.json. Options:
 * - `--quick [--route summary|list|feed|widget|page]`: one route, no synthetic archives (about 1 min);
 * - `--calibrate`: the method's own checks (A/A and a twin slowed on purpose), see calibrate.ts;
 * - `--fanout`: only the fan-out's figures (fanout.ts), about 1 min; a full run measures them too;
 * - `--rounds N` (20): pairs a comparison takes before the sequential rule may add more (up
 *   to `MAX_PAIRS`, while one of its budgets is undecided); `--seed N`: the bootstrap's seed (else random);
 * - `--report FILE`: prints the report of a saved bench.json again, intervals included.
 * It stops by itself: no added round starts after `EXTEND_UNTIL` (the report says how many
 * pairs each comparison took), and a watchdog ends it at 10 min.
 * @module
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type ArchiveMeta, IndexReader } from "../src/shared/archive";
import { buildContent, writeSyntheticContent } from "./archives";
import { assetSizes, BASELINES, bundleSizes, bundleSource, bundleWorker, gzipSize, ROOT, type WorkerBundle } from "./bundle";
import { calibrate } from "./calibrate";
import { benchFanOut, fanOutSection } from "./fanout";
import { type Arm, type Comparison, PROCESSES, plannedMs, runPaired, WARM_UP_SECONDS, WRK_START_MS } from "./paired";
import { MAX_PAIRS, printReport, verdictsOf } from "./print";
import {
  ARCHIVE_PAGE,
  type ArchiveResult,
  CONTROL,
  type Results,
  ROUTES,
  type Route,
  routeComparison,
  SCALED,
  type Startup,
  scaleComparison,
} from "./results";
import { armOf, buildProject, type Served, startSession } from "./session";
import { widgetSize, workerCodeSize } from "./sizes";
import { compileAndEvalMs, probeWorkerd, startupPairs, startupSampler } from "./startup";
import { median } from "./stats";
import { probeRoutes, type Target, twinWorker } from "./targets";
import { memoryKiB } from "./workerd";

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    route: { type: "string", default: "summary" },
    calibrate: { type: "boolean", default: false },
    fanout: { type: "boolean", default: false },
    rounds: { type: "string" },
    seed: { type: "string" },
    report: { type: "string" },
  },
});

if (values.report) {
  printReport(JSON.parse(await readFile(values.report, "utf8")) as Results);
  process.exit(0);
}

const QUICK = values.quick ?? false;
const QUICK_ROUTE = values.route as Route;
if (!(QUICK_ROUTE in ROUTES)) throw new Error(`--route must be one of ${Object.keys(ROUTES).join(", ")}`);
const SEED = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
/**
 * Slices of 0.5 s with 64 connections, 20 rounds: every comparison gets 20 pairs, spread
 * over the whole run, and more while a budget on it is undecided. The p99 budget is at 64
 * connections, so the same slices serve it.
 */
const ROUNDS = values.rounds === undefined ? 20 : Number(values.rounds);
const SECONDS = 0.5;
const CONNECTIONS = 64;
const SIZES = [10, 1000, 10_000];
const STARTUP_RUNS = QUICK ? 3 : 5;
const STARTUP_PAIRS = QUICK ? 6 : 12;

const LIMIT_MS = 10 * 60 * 1000;
/**
 * No round the sequential rule adds starts after this much of the process's time, so that
 * the run takes at most about 8.6 min whatever it asks (the sizes that follow take seconds, and the
 * watchdog stops it at 10); the first `ROUNDS` rounds stop only a minute before the watchdog.
 */
const EXTEND_UNTIL = (QUICK ? 1.6 : 8.5) * 60 * 1000;
// --calibrate's ten A/A runs may each take up to MAX_PAIRS pairs: it gets longer.
const session = await startSession(values.calibrate ? 3 * LIMIT_MS : LIMIT_MS);
const { log, serve, tmp } = session;

if (values.calibrate) {
  await calibrate(session, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, seed: SEED });
  await session.cleanUp();
  process.exit(0);
}

buildProject(log);

if (values.fanout) {
  const fanout = await benchFanOut(log);
  await session.cleanUp();
  // Into the last full run's bench.json when there is one, else a file of its own.
  const saved = join(ROOT, "bench/results/bench.json");
  const previous = await readFile(saved, "utf8").catch(() => undefined);
  const file = previous === undefined ? join(ROOT, "bench/results/fanout.json") : saved;
  const content = previous === undefined ? { fanout } : { ...(JSON.parse(previous) as Results), fanout };
  await mkdir(join(ROOT, "bench/results"), { recursive: true });
  await writeFile(file, `${JSON.stringify(content, null, 2)}\n`);
  console.log(fanOutSection(fanout));
  log(`done in ${process.uptime().toFixed(0)} s; figures in ${file.slice(ROOT.length + 1)}`);
  process.exit(0);
}
// The fan-out first, in a Miniflare of its own that is gone before the throughput rounds; its
// minute comes out of the time EXTEND_UNTIL leaves for added pairs, so the run still ends in time.
const fanout = QUICK ? undefined : await benchFanOut(log);

const archives: { summaries: number; buildMs: number; bundle: WorkerBundle; slug: string }[] = [];
for (const n of QUICK ? [] : SIZES) {
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
const pathsOf = (slug: string): Record<Route, string> => ({
  summary: `/api/v1/summaries/${slug}`,
  list: "/api/v1/summaries",
  feed: "/feed.xml",
  widget: "/widget.js",
  page: `/summaries/${slug}`,
});
const archivePathsOf = (slug: string) => ({ ...pathsOf(slug), list: `/api/v1/summaries?limit=${ARCHIVE_PAGE}` });

log("start-up: compile + evaluate in a fresh V8, and a look inside a fresh workerd");
const startup = async ({ code, data, documents }: WorkerBundle, paths: string[]): Promise<Startup> => ({
  compileEvalMs: await compileAndEvalMs(code, join(tmp, "startup"), STARTUP_RUNS, data),
  ...(await probeWorkerd(code, paths, { WEBSUB_HUB: "" }, data, documents)),
});
const honoStartup = await startup({ code: honoCode, data: {} }, ["/"]);
const appStartup = await startup(appBundle, Object.values(pathsOf(appSlug)));
const archiveStartup: Startup[] = [];
for (const a of archives)
  archiveStartup.push(
    await startup(
      a.bundle,
      SCALED.map((key) => archivePathsOf(a.slug)[key]),
    ),
  );
// The budget's subject: the largest archive (the app's real content in --quick).
const largest = archives[archives.length - 1];
const subjectBundle = largest?.bundle ?? appBundle;
log(`start-up: ${STARTUP_PAIRS} interleaved pairs, ${largest ? `${largest.summaries} summaries` : "real content"} and Hono hello`);
const startupPairsMs = await startupPairs(
  await startupSampler(subjectBundle.code, join(tmp, "startup"), subjectBundle.data),
  await startupSampler(honoCode, join(tmp, "startup")),
  STARTUP_PAIRS,
);

log("serving the worker, raw, twins and the synthetic archives, each in a workerd of its own");
const app = await serve("app", appBundle.code, appBundle.data, appBundle.documents);
// Each archive in an arm's processes (`PROCESSES`): the scaling budgets load the smallest and the largest.
const archiveServed: Served[][] = [];
for (const a of archives)
  archiveServed.push(await session.serveArm(`archive-${a.summaries}`, a.bundle.code, a.bundle.data, a.bundle.documents));

const missing: Record<string, string> = {};
const bodyBytes: Record<string, number> = { raw: 5 };
const probe = async (prefix: string, origin: string, paths: Partial<Record<Route, string>>): Promise<Map<string, Target>> => {
  const probed = await probeRoutes(prefix, origin, paths);
  Object.assign(missing, probed.missing);
  Object.assign(bodyBytes, probed.bodyBytes);
  return new Map(probed.targets.map((t) => [t.id.slice(prefix.length + 1), t]));
};
const routes: Route[] = QUICK ? [QUICK_ROUTE] : (Object.keys(ROUTES) as Route[]);
const appTargets = await probe("app", app.origin, Object.fromEntries(routes.map((key) => [key, pathsOf(appSlug)[key]])));
const comparisons: Comparison[] = [];
/** A probed URL's path and query: what an arm loads on each of its processes. */
const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};
// Each route, its twin (a constant worker sending the same body and headers) and raw, in
// workers of the comparison's own. A worker left idle while other comparisons run costs
// more a request in its next slice: with one app and one raw shared by every comparison,
// measured five and six times a round, each twin, measured once, cost 7–60% more a request
// than its route, and a second raw measured once a round 16% more than the first. Workers
// of its own give every arm of a comparison the same rest between turns. Each arm is
// served by `PROCESSES` processes, which take its pairs in turn.
for (const key of routes) {
  const target = appTargets.get(key);
  if (!target) continue;
  const path = pathOf(target.url);
  const own = await session.serveArm(`app-${key}`, appBundle.code, appBundle.data, appBundle.documents);
  const twin = await session.serveArm(`twin-${key}`, await twinWorker(target.url));
  comparisons.push({
    name: routeComparison(key),
    arms: [armOf(`app:${key}`, own, path), armOf(`twin:${key}`, twin), armOf("raw", await session.serveArm(`raw-${key}`, rawCode))],
    // Raw is in the first pairs only: the pairs the sequential rule adds decide route ÷ twin.
    extend: [`app:${key}`, `twin:${key}`],
  });
}
if (!QUICK) {
  // The control: a second raw worker, identical to the first. What it measures against raw
  // is this run's noise.
  comparisons.push({
    name: CONTROL,
    arms: [armOf("raw", await session.serveArm("raw", rawCode)), armOf("control", await session.serveArm("control", rawCode))],
  });
  for (const key of SCALED) {
    const arms: Arm[] = [];
    for (const [i, a] of archives.entries()) {
      const served = archiveServed[i] ?? [];
      const id = `archive-${a.summaries}`;
      const target = (await probe(id, served[0]?.origin ?? "", { [key]: archivePathsOf(a.slug)[key] })).get(key);
      if (target) arms.push(armOf(target.id, served, pathOf(target.url)));
    }
    // The smallest and the largest, which the budget compares; the middle archive is built
    // and sized but not loaded, which leaves its time to the routes (its 63 slices took 45 s).
    const [first, , last] = arms;
    if (first && last) comparisons.push({ name: scaleComparison(key), arms: [first, last] });
  }
}
for (const [id, why] of Object.entries(missing)) log(`! ${id}: ${why}`);
// The control and the scaling comparisons first: they take their 20 pairs and are done (in
// one run here, decided at 20–22 pairs), and the time they leave goes to the routes, whose
// budgets at ±5% take the most pairs. (A comparison's share of the added pairs' time is what
// is left when its block starts, divided among those still to run.)
comparisons.sort((a, b) => Number(a.name.startsWith("route:")) - Number(b.name.startsWith("route:")));

const widgetRes = routes.includes("widget") && !missing["app:widget"] ? await fetch(new URL("/widget.js", app.origin)) : undefined;
const widgetBody = widgetRes ? new Uint8Array(await widgetRes.arrayBuffer()) : undefined;

const slices = comparisons.reduce((n, c) => n + c.arms.length, 0) * ROUNDS;
log(
  `cost and throughput: ${comparisons.length} comparisons, each a ${WARM_UP_SECONDS} s warm-up of its ${PROCESSES} processes an arm and ${ROUNDS} pairs of wrk -t1 -c${CONNECTIONS} slices of ${SECONDS} s (${slices} slices, about ${Math.round(plannedMs(comparisons, ROUNDS, SECONDS * 1000 + WRK_START_MS) / 1000)} s with the warm-ups), then more pairs while a budget is undecided`,
);
const measured = await runPaired(comparisons, {
  rounds: ROUNDS,
  maxRounds: MAX_PAIRS,
  verdicts: (comparison, slices) => verdictsOf({ slices, seed: SEED }, comparison),
  seconds: SECONDS,
  connections: CONNECTIONS,
  until: LIMIT_MS - 60_000,
  extendUntil: EXTEND_UNTIL,
  onBlock: (comparison, pairs) => log(`  ${comparison}: ${pairs} pairs`),
  onSlice: (_c, arm, s) => {
    if (s.bad > 0) log(`  ! ${arm.id}: ${s.bad} non-2xx responses or socket errors`);
  },
});
const rssAfter = async (s: Served | undefined) => (s ? (await memoryKiB(s.pid)).rss * 1024 : undefined);

log("sizes");
const archiveResults: ArchiveResult[] = [];
for (const [i, a] of archives.entries()) {
  archiveResults.push({
    summaries: a.summaries,
    buildMs: a.buildMs,
    bundleBytes: bundleSizes(a.bundle).bytes,
    bundleGzip: bundleSizes(a.bundle).gzip,
    assets: assetSizes(a.bundle.documents),
    startup: archiveStartup[i] as Startup,
    rssAfter: await rssAfter(archiveServed[i]?.[0]),
  });
}
const results: Results = {
  date: new Date().toISOString(),
  mode: QUICK ? "quick" : "full",
  seed: SEED,
  settings: { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, startupPairs: STARTUP_PAIRS },
  routes,
  missing,
  bodyBytes,
  slices: measured,
  sizes: {
    widget: await widgetSize(widgetBody),
    workerCode: await workerCodeSize(),
    workerBundleGzip: bundleSizes(appBundle).gzip,
    workerBundleBytes: bundleSizes(appBundle).bytes,
    assets: assetSizes(appBundle.documents),
    honoHelloGzip: gzipSize(honoCode),
  },
  startup: {
    honoHello: { ...honoStartup, compileEvalMs: median(startupPairsMs.b) },
    app: appStartup,
    subject: largest ? `${largest.summaries.toLocaleString("en-US")} summaries` : "the real content/",
    pairs: { subject: startupPairsMs.a, honoHello: startupPairsMs.b },
  },
  archives: archiveResults,
  fanout,
  elapsedS: 0,
};
await session.cleanUp();
results.elapsedS = process.uptime();
await mkdir(join(ROOT, "bench/results"), { recursive: true });
await writeFile(join(ROOT, "bench/results/bench.json"), `${JSON.stringify(results, null, 2)}\n`);
printReport(results);
log(`done in ${results.elapsedS.toFixed(0)} s; figures in bench/results/bench.json`);
process.exit(0);
