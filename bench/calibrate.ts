/**
 * `npm run bench -- --calibrate`: the paired method tested before it is trusted.
 * - A/A: two identical raw workers, measured as a route and its twin are (the budgets'
 *   statistic, requests a CPU-second, with the same sequential rule), ten times over. In at
 *   least 9 of the 10 their ratio must come out met at 0.95 whichever is taken as the route,
 *   and in at least 9 its interval must contain 1.00.
 * - A twin slowed on purpose by about 10% (a busy loop that adds a ninth to its CPU time a
 *   request, sized against fresh plain twins in paired slices, as the check loads them)
 *   must come out not met at 0.95 against a plain twin, measured as a route is.
 * req/s is printed beside each for information.
 * Prints one line per run and a `CALIBRATE` line per check; writes bench/results/calibrate.json.
 * @module
 */
import { readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type ArchiveMeta, IndexReader } from "../src/shared/archive";
import { BASELINES, bundleSource, bundleWorker, ROOT } from "./bundle";
import {
  type Arm,
  cpuPer1k,
  MIN_REQUESTS,
  PINNING,
  PROCESSES,
  pairRatios,
  perCpuSecond,
  runPaired,
  type Slice,
  type Slices,
  slice,
  WINDOW_MS,
} from "./paired";
import { MAX_PAIRS } from "./print";
import { interval } from "./report";
import { armOf, buildProject, type Session } from "./session";
import { atLeastOf, bootstrapMedian, decide, type Interval, median } from "./stats";
import { twinWorker } from "./targets";
import { cpuMs } from "./workerd";

/** The 1-minute load average, for the record: how busy the machine was. */
const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ")[0];

export interface CalibrateOptions {
  rounds: number;
  seconds: number;
  connections: number;
  seed: number;
}

const AA_RUNS = 10;
/**
 * A/A runs of the ten that must come out met both ways: two identical raw workers must come
 * out met at 0.95, and their interval must contain 1.00, in at least 9 runs of 10. Each run stops
 * by the same sequential rule as a budget, on a 90% interval, so a chance swing or a
 * disturbed spell can leave one run of ten undecided at the cap, as it can a budget.
 */
const AA_NEED = 9;
const LIMIT = 0.95;
/** The slowed twin's extra CPU a request, as a share of the twin's: a tenth less throughput. */
const SLOWER = 1 / 0.9 - 1;
/** Loop steps a request of the worker that times a step: some times a twin's own cost. */
const PROBE_SPIN = 2_000;
const PROBE_REQUESTS = 60;
/** Pairs that size the slowed twin's loop, each try: its median is good to 2–3%. */
const SIZING_PAIRS = 12;

/** CPU ms the arm's process spends a request, one request at a time, after a warm-up. */
async function cpuPerRequest(arm: Arm): Promise<number> {
  for (let i = 0; i < 10; i++) await (await fetch(arm.url)).arrayBuffer();
  const before = cpuMs(arm.pid);
  for (let i = 0; i < PROBE_REQUESTS; i++) await (await fetch(arm.url)).arrayBuffer();
  return (cpuMs(arm.pid) - before) / PROBE_REQUESTS;
}

/** The budgets' statistic, req per CPU-second of the worker's process, and for information req/s. */
const STATISTICS = { perCpu: perCpuSecond, throughput: (s: Slice) => s.rps } as const;
type Statistic = keyof typeof STATISTICS;
const NAMES: Record<Statistic, string> = { perCpu: "req per CPU-s (the budgets' statistic)", throughput: "req/s (for information)" };
type AaRun = Interval & { met: boolean; containsOne: boolean };

export async function calibrate(session: Session, o: CalibrateOptions): Promise<void> {
  const { log, serve } = session;
  buildProject(log);
  const rawCode = await bundleSource(BASELINES.raw, "raw.ts");
  const app = await bundleWorker();
  const { default: meta } = (await import(join(ROOT, "build/archive.js"))) as { default: ArchiveMeta };
  const slug = new IndexReader(meta, await readFile(join(ROOT, "build/docs.bin"))).entry(0).entry.slug;
  const appServed = await serve("app", app.code, app.data, app.documents);
  const summary = new URL(`/api/v1/summaries/${slug}`, appServed.origin).href;
  const raw = armOf("raw", await session.serveArm("raw", rawCode));
  const control = armOf("control", await session.serveArm("control", rawCode));
  // The loop's handler with no step: the twin a slowed one is measured against.
  const twin = armOf("twin", await serve("twin", await twinWorker(summary, 0)));
  // As the bench decides a budget: 20 pairs, then more while "≥ 0.95" is undecided, in
  // both directions for the A/A pair.
  const verdicts = (a: string, b: string, both: boolean) => (_c: string, slices: Slices) => {
    const of = (x: string, y: string) => decide(bootstrapMedian(pairRatios(slices, "c", x, y, perCpuSecond), o.seed), "atLeast", LIMIT);
    return both ? [of(a, b), of(b, a)] : [of(a, b)];
  };
  const paired = (arms: Arm[], both: boolean) =>
    runPaired([{ name: "c", arms }], { ...o, maxRounds: MAX_PAIRS, verdicts: verdicts(arms[0]?.id ?? "", arms[1]?.id ?? "", both) });
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    log(line);
  };

  // The twin the loop's step is timed against; raw and control are warmed by every A/A run.
  log("warming up");
  await slice(twin, 1, o.connections);

  log(
    `A/A: ${AA_RUNS} runs of ${o.rounds} to ${MAX_PAIRS} pairs, raw and an identical control, ${PROCESSES} processes each${PINNING ? `; workers on CPU ${PINNING.workers}, wrk on CPU ${PINNING.load}` : ""}`,
  );
  const aa: Record<Statistic, AaRun[]> = { throughput: [], perCpu: [] };
  const aaSlices: Slices[] = [];
  for (let run = 0; run < AA_RUNS; run++) {
    const slices = await paired([control, raw], true);
    aaSlices.push(slices);
    const parts = (Object.keys(STATISTICS) as Statistic[]).map((stat) => {
      const ci = bootstrapMedian(pairRatios(slices, "c", "control", "raw", STATISTICS[stat]), o.seed);
      const reverse = bootstrapMedian(pairRatios(slices, "c", "raw", "control", STATISTICS[stat]), o.seed);
      const r = {
        ...ci,
        met: decide(ci, "atLeast", LIMIT) === "met" && decide(reverse, "atLeast", LIMIT) === "met",
        containsOne: ci.lo <= 1 && ci.hi >= 1,
      };
      aa[stat].push(r);
      return `${stat === "throughput" ? "req/s" : "req per CPU-s"} ${interval(ci)} (${r.met ? "met" : "NOT met"} both ways, ${r.containsOne ? "contains" : "misses"} 1.00)`;
    });
    const cpu = [cpuPer1k(slices, "c", "control"), cpuPer1k(slices, "c", "raw")].map((x) => x.toFixed(1)).join(" and ");
    say(`A/A run ${run + 1} (${slices.c?.raw?.length} pairs; load ${loadAverage()}), control ÷ raw: ${parts.join("; ")}; CPU ms/1k ${cpu}`);
  }

  log("slowed twin: sizing its loop on the twin's cost, loaded in turn as the check loads them");
  // A step's cost depends on what runs around it. Measured in a long loop (one request at
  // a time, or a twin several times slower under load) a step cost about half what it costs
  // between a twin's requests, and the twins sized that way came out 16–53% slower, not 10%.
  // Sized with both twins loaded at the same time (a wrk each, on one CPU), the steps came
  // out two to three times too many (contention raises a plain request's cost more than a
  // loop's): the checks met twins at 0.75–0.85×, 28–36% more CPU a request, not 0.90×. So
  // the loop is sized as it is checked: a fresh slowed twin and a fresh plain one in
  // paired, interleaved slices after their warm-up, on the median of the pairs' CPU ratios.
  const heavy = await serve("spin-probe", await twinWorker(summary, PROBE_SPIN));
  const twinAlone = await cpuPerRequest(twin);
  const stepAlone = Math.max(1e-6, ((await cpuPerRequest(armOf("spin", heavy))) - twinAlone) / PROBE_SPIN);
  await heavy.stop();
  const tries: [steps: number, added: number][] = [];
  const measure = async (steps: number) => {
    const slowed = await serve(`slowed-${steps}`, await twinWorker(summary, steps));
    const plain = await serve(`twin-${steps}`, await twinWorker(summary, 0));
    const sized = await runPaired([{ name: "size", arms: [armOf("slowed", slowed), armOf("twin", plain)] }], {
      ...o,
      rounds: SIZING_PAIRS,
    });
    // Done with: not left idle on the workers' CPU through the check.
    await Promise.all([slowed.stop(), plain.stop()]);
    const added = median(pairRatios(sized, "size", "slowed", "twin", (x) => x.cpuPer1k)) - 1;
    tries.push([steps, added]);
    log(`slowed twin: ${steps} steps add ${(added * 100).toFixed(1)}% CPU a request (median of ${SIZING_PAIRS} pairs)`);
  };
  // Steps add about linearly (in three calibrations 71, 58 and 45 steps added 98%, 64% and
  // 50%, and 8–10 steps 6–14%), and a try is good to a few percent. So: a guess
  // from one request at a time; its steps scaled by what they added; the steps the line
  // through those two gives; and the loop run is what the least-squares line through all
  // three gives.
  const onLine = () => {
    const n = tries.length;
    const mx = tries.reduce((a, [x]) => a + x, 0) / n;
    const my = tries.reduce((a, [, y]) => a + y, 0) / n;
    const sxx = tries.reduce((a, [x]) => a + (x - mx) ** 2, 0);
    const slope = sxx > 0 ? tries.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx : 0;
    return Math.max(1, Math.round(slope > 0 ? mx + (SLOWER - my) / slope : (tries[n - 1]?.[0] ?? 1)));
  };
  const guess = Math.max(1, Math.round((SLOWER * twinAlone) / stepAlone));
  await measure(guess);
  await measure(Math.max(1, Math.round((guess * SLOWER) / Math.max(tries[0]?.[1] ?? SLOWER, SLOWER / 20))));
  await measure(onLine());
  const spin = onLine();
  const checked = [
    armOf("slowed", await session.serveArm("slowed", await twinWorker(summary, spin))),
    armOf("twin", await session.serveArm("twin-checked", await twinWorker(summary, 0))),
  ];
  log(`slowed twin: ${spin} steps a request for ${(SLOWER * 100).toFixed(1)}%; ${o.rounds} pairs, then more while undecided`);
  const slowedSlices: Slices = await paired(checked, false);
  const slowedCi = {
    throughput: bootstrapMedian(pairRatios(slowedSlices, "c", "slowed", "twin"), o.seed),
    perCpu: bootstrapMedian(pairRatios(slowedSlices, "c", "slowed", "twin", perCpuSecond), o.seed),
  };
  const verdict = { throughput: decide(slowedCi.throughput, "atLeast", LIMIT), perCpu: decide(slowedCi.perCpu, "atLeast", LIMIT) };
  const cpu = { slowed: cpuPer1k(slowedSlices, "c", "slowed"), twin: cpuPer1k(slowedSlices, "c", "twin") };
  say(
    `slowed twin ÷ twin (${slowedSlices.c?.twin?.length} pairs; load ${loadAverage()}): req per CPU-s ${interval(slowedCi.perCpu)} (${verdict.perCpu}); req/s ${interval(slowedCi.throughput)} (${verdict.throughput}); ` +
      `CPU ms/1k requests ${cpu.slowed.toFixed(1)} and ${cpu.twin.toFixed(1)} (${((cpu.slowed / cpu.twin - 1) * 100).toFixed(1)}% more)`,
  );

  const out = [
    `\n(seed ${o.seed}; ${o.rounds} to ${MAX_PAIRS} pairs of ${o.seconds} s slices, wrk -t1 -c${o.connections}, more pairs while undecided; a slice's CPU ms/1k: CPU ÷ requests over the middle half of its ${WINDOW_MS} ms windows; intervals: 90% smoothed bootstrap of the median of per-pair ratios; a pair with a slice under ${MIN_REQUESTS} requests is left out; load average ${loadAverage()} at the end)`,
    ...lines,
    `(a 90% interval that holds its level exactly contains 1.00 in at least ${AA_NEED} of ${AA_RUNS} runs in ${(atLeastOf(AA_NEED, AA_RUNS, 0.9) * 100).toFixed(0)}% of calibrations, so one count below ${AA_NEED} is weak evidence on its own; the counts of several calibrations, added up, test the level)`,
  ];
  for (const stat of Object.keys(STATISTICS) as Statistic[]) {
    const met = aa[stat].filter((r) => r.met).length;
    const containing = aa[stat].filter((r) => r.containsOne).length;
    const checks = [
      [`A/A met at ${LIMIT} both ways in ${met} of ${AA_RUNS} runs (need ≥ ${AA_NEED})`, met >= AA_NEED],
      [`A/A interval contains 1.00 in ${containing} of ${AA_RUNS} runs (need ≥ ${AA_NEED})`, containing >= AA_NEED],
      [`slowed twin ${interval(slowedCi[stat])} of the twin, ${verdict[stat]} at ${LIMIT} (must be not met)`, verdict[stat] === "not met"],
    ] as const;
    // Only the budgets' statistic is checked; req/s is shown the same way for comparison.
    for (const [what, ok] of checks)
      out.push(stat === "perCpu" ? `CALIBRATE ${NAMES[stat]}: ${what} — ${ok ? "passed" : "FAILED"}` : `(${NAMES[stat]}: ${what})`);
  }
  console.log(out.join("\n"));
  await mkdir(join(ROOT, "bench/results"), { recursive: true });
  await writeFile(
    join(ROOT, "bench/results/calibrate.json"),
    `${JSON.stringify({ date: new Date().toISOString(), settings: o, aa, slowed: { spin, tries, interval: slowedCi, verdict, cpu }, slices: { aa: aaSlices, slowed: slowedSlices } }, null, 2)}\n`,
  );
}
