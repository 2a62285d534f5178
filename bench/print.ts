/** The bench's report on stdout: three tables (speed, sizes, archive growth) and the budgets. */

import { FREE_ASSET_FILES } from "../src/content/limits";
import { fanOutSection } from "./fanout";
import { cpuPer1k, MIN_REQUESTS, PROCESSES, pairRatios, perCpuSecond, type Slice, WARM_UP_SECONDS, WINDOW_MS } from "./paired";
import { type Budget, budgetLine, exact, heading, int, interval, kib, mib, ms, table, times } from "./report";
import { ARCHIVE_PAGE, CONTROL, type Results, ROUTES, routeComparison, SCALED, type Scaled, scaleComparison } from "./results";
import { PLATFORM_LIMIT_GZIP, summariesAtLimit } from "./sizes";
import { bootstrapMedian, decide, type Interval, median, pairsToDecide, RESAMPLES, type Verdict } from "./stats";

const ARCHIVE_ROUTES: Record<Scaled, string> = { ...ROUTES, list: `${ROUTES.list}?limit=${ARCHIVE_PAGE}` };

/** Our code's cost: a route's requests a CPU-second over its twin's (the same response from a constant worker). */
const CODE_FLOOR = 0.95;
/** A route's p99 latency at the slices' 64 connections over its twin's. */
const P99_CEILING = 1.5;
const WIDGET_CEILING = 1.35;
const CODE_CEILING = 3;
/** Requests a CPU-second lost from the smallest archive to the largest. */
const SCALE_FALL = 0.1;
/** Start-up CPU over Hono hello's, measured in the same run. */
const STARTUP_CEILING = 2.5;

/** Pairs a comparison takes at most (`npm run bench` stops adding them sooner when its time is up). */
export const MAX_PAIRS = 100;

const rps = (s: Slice) => s.rps;
const p99 = (s: Slice) => s.p99Ms;

type Measured = Pick<Results, "slices" | "seed">;

/** The median over rounds of arm `a`'s figure ÷ arm `b`'s, and its bootstrap interval. */
function ratio(r: Measured, comparison: string, a: string, b: string, of = rps): Interval | undefined {
  if (!r.slices[comparison]?.[a] || !r.slices[comparison]?.[b]) return undefined;
  return bootstrapMedian(pairRatios(r.slices, comparison, a, b, of), r.seed);
}

/** The median over rounds of one arm's figure. */
function medianOf(r: Results, comparison: string, arm: string, of = rps): number | undefined {
  const xs = r.slices[comparison]?.[arm];
  return xs ? median(xs.map(of)) : undefined;
}

const cpu = (r: Results, comparison: string, arm: string) => {
  const v = cpuPer1k(r.slices, comparison, arm);
  return Number.isFinite(v) ? v.toFixed(1) : "n/a";
};

function speedTable(r: Results): string {
  const rows = [
    [
      "route",
      "body",
      "req per CPU-s: route ÷ twin",
      "twin ÷ raw",
      "CPU ms/1k req: route · twin · raw",
      "pairs",
      "p99 route ÷ twin",
      "p99 ms",
      "req/s",
      "req/s: route ÷ twin",
    ],
  ];
  for (const key of r.routes) {
    const id = `app:${key}`;
    const c = routeComparison(key);
    if (!r.slices[c]) {
      rows.push([ROUTES[key], r.missing[id] ?? "n/a", "", "", "", "", "", "", "", ""]);
      continue;
    }
    rows.push([
      ROUTES[key],
      kib(r.bodyBytes[id]),
      interval(ratio(r, c, id, `twin:${key}`, perCpuSecond)),
      interval(ratio(r, c, `twin:${key}`, "raw", perCpuSecond)),
      [cpu(r, c, id), cpu(r, c, `twin:${key}`), cpu(r, c, "raw")].join(" · "),
      int(r.slices[c]?.[id]?.length),
      interval(ratio(r, c, id, `twin:${key}`, p99)),
      ms(medianOf(r, c, id, p99)),
      int(medianOf(r, c, id)),
      interval(ratio(r, c, id, `twin:${key}`)),
    ]);
  }
  if (r.slices[CONTROL])
    rows.push([
      "raw again (control)",
      "5 B",
      `${interval(ratio(r, CONTROL, "control", "raw", perCpuSecond))} of raw`,
      "",
      [cpu(r, CONTROL, "control"), "—", cpu(r, CONTROL, "raw")].join(" · "),
      int(r.slices[CONTROL]?.control?.length),
      "",
      ms(medianOf(r, CONTROL, "control", p99)),
      int(medianOf(r, CONTROL, "control")),
      `${interval(ratio(r, CONTROL, "control", "raw"))} of raw`,
    ]);
  return table(rows);
}

function sizeTable(r: Results): string {
  const { widget, workerCode } = r.sizes;
  const rows = [["figure", "measured", "baseline", "ratio", "how"]];
  rows.push([
    "widget.js gzip",
    kib(widget?.gzip),
    `Lit alone ${kib(widget?.baselineGzip)}`,
    times(widget?.ratio),
    widget?.how ?? "no widget.js",
  ]);
  rows.push([
    "worker code gzip (no content)",
    kib(workerCode.gzip),
    `Hono hello ${kib(workerCode.baselineGzip)}`,
    times(workerCode.ratio),
    workerCode.how,
  ]);
  rows.push([
    "whole worker bundle gzip",
    kib(r.sizes.workerBundleGzip),
    "",
    "",
    `${kib(r.sizes.workerBundleBytes)} minified, real content/ (code and index)`,
  ]);
  rows.push([
    "documents (static assets)",
    kib(r.sizes.assets.bytes),
    "",
    "",
    `${int(r.sizes.assets.files)} file${r.sizes.assets.files === 1 ? "" : "s"}, outside the bundle`,
  ]);
  const s = r.startup;
  rows.push([
    "startup: compile+eval CPU (V8)",
    ms(s.app.compileEvalMs),
    `Hono hello ${ms(s.honoHello.compileEvalMs)}`,
    times(s.app.compileEvalMs / s.honoHello.compileEvalMs),
    "real content/; fresh Node process importing the bundle",
  ]);
  rows.push([
    "heap after serving (workerd)",
    mib(s.app.heapServed),
    `Hono hello ${mib(s.honoHello.heapServed)}`,
    "",
    "V8 used heap after GC",
  ]);
  return table(rows);
}

function archiveTable(r: Results): string {
  const rows = [
    [
      "summaries",
      "build",
      "bundle gzip",
      "bundle",
      "documents (assets)",
      "startup CPU",
      "heap started",
      "heap served",
      "RSS after load",
      ...SCALED.map((key) => `${key === "list" ? `list?limit=${ARCHIVE_PAGE}` : key}: CPU ms/1k · req/s (body)`),
    ],
  ];
  for (const a of r.archives) {
    const load = (key: Scaled) => {
      const id = `archive-${a.summaries}:${key}`;
      const c = scaleComparison(key);
      return r.slices[c]?.[id]
        ? `${cpu(r, c, id)} · ${int(medianOf(r, c, id))} (${kib(r.bodyBytes[id])})`
        : (r.missing[id] ?? "not loaded");
    };
    rows.push([
      int(a.summaries),
      ms(a.buildMs, 0),
      kib(a.bundleGzip),
      mib(a.bundleBytes),
      `${mib(a.assets.bytes)} in ${int(a.assets.files)} file${a.assets.files === 1 ? "" : "s"}`,
      ms(a.startup.compileEvalMs),
      mib(a.startup.heapStarted),
      mib(a.startup.heapServed),
      mib(a.rssAfter),
      ...SCALED.map(load),
    ]);
  }
  return table(rows);
}

/** A budget decided on an interval: met, not met, or undecided and how many more pairs would decide it. */
function decided(
  name: string,
  ci: Interval | undefined,
  relation: "atLeast" | "atMost",
  limit: number,
  limitText: string,
  note?: string,
): Budget {
  const verdict = ci && Number.isFinite(ci.median) ? decide(ci, relation, limit) : undefined;
  let deciding: string | undefined;
  if (ci && verdict === "undecided") {
    const more = pairsToDecide(ci, limit);
    deciding =
      more === undefined
        ? "the median is on the limit: no number of pairs would decide it"
        : ci.n + more > MAX_PAIRS
          ? `${ci.n} pairs; about ${int(more)} more would decide it at this spread: more than the ${MAX_PAIRS} a run takes`
          : `${ci.n} pairs; about ${int(more)} more would decide it at this spread: --rounds ${ci.n + more}`;
  }
  return {
    name,
    figure: ci ? interval(ci) : undefined,
    relation: relation === "atLeast" ? ">=" : "<=",
    limit: limitText,
    verdict,
    note: [note, deciding].filter((x) => x !== undefined).join("; ") || undefined,
  };
}

/** Why a route's body differs between two archives, when it does by more than a tenth. */
function bodyNote(r: Results, key: Scaled, from: number, to: number): string | undefined {
  const [bodyFrom, bodyTo] = [r.bodyBytes[`archive-${from}:${key}`] ?? 0, r.bodyBytes[`archive-${to}:${key}`] ?? 0];
  // Feeds carry min(summaries, bound) items: a small archive sends a smaller body.
  const why = key === "summary" ? "another document" : "more items up to the bound, not a bigger archive";
  return bodyTo > bodyFrom * 1.1 ? `body ${kib(bodyFrom)} → ${kib(bodyTo)}: ${why}` : undefined;
}

/** How a route's requests a CPU-second move from `from` to `to` summaries: the median of per-round ratios. */
const scaleRatio = (r: Measured, key: Scaled, from: number, to: number) =>
  ratio(r, scaleComparison(key), `archive-${to}:${key}`, `archive-${from}:${key}`, perCpuSecond);

function scaleBudget(r: Results, key: Scaled, from: number, to: number): Budget {
  return decided(
    `${ARCHIVE_ROUTES[key]} requests a CPU-second at ${int(to)} ÷ at ${int(from)} summaries`,
    scaleRatio(r, key, from, to),
    "atLeast",
    1 - SCALE_FALL,
    `${(1 - SCALE_FALL).toFixed(2)}× (a fall of at most ${SCALE_FALL * 100}%)`,
    bodyNote(r, key, from, to),
  );
}

/** Informational: the same between the two largest archives, where bodies match. */
function scaleNotes(r: Results): string[] {
  const [mid, last] = r.archives.slice(-2).map((a) => a.summaries);
  if (r.archives.length < 3 || mid === undefined || last === undefined) return [];
  // Runs since the middle archive is no longer loaded have no such note.
  return SCALED.filter((key) => r.slices[scaleComparison(key)]?.[`archive-${mid}:${key}`]).map((key) => {
    const note = bodyNote(r, key, mid, last);
    return `SCALE ${ARCHIVE_ROUTES[key]} requests a CPU-second at ${int(last)} ÷ at ${int(mid)} summaries: ${interval(scaleRatio(r, key, mid, last))}${note ? ` (${note})` : ""}`;
  });
}

/**
 * The verdicts of the budgets decided on one comparison's pairs so far (our code and p99
 * for a route, the fall for a scaled one; none for the control), for the sequential rule.
 */
export function verdictsOf(r: Measured, comparison: string): Verdict[] {
  const arms = Object.keys(r.slices[comparison] ?? {});
  const key = arms[0]?.split(":")[1];
  const of = (ci: Interval | undefined, relation: "atLeast" | "atMost", limit: number) => (ci ? decide(ci, relation, limit) : "undecided");
  if (key && comparison === routeComparison(key as keyof typeof ROUTES))
    return [
      of(ratio(r, comparison, `app:${key}`, `twin:${key}`, perCpuSecond), "atLeast", CODE_FLOOR),
      of(ratio(r, comparison, `app:${key}`, `twin:${key}`, p99), "atMost", P99_CEILING),
    ];
  // A scaled route's arms: the smallest archive, then the largest.
  const [smallest, largest] = arms;
  if (key && smallest && largest && comparison === scaleComparison(key as Scaled))
    return [of(ratio(r, comparison, largest, smallest, perCpuSecond), "atLeast", 1 - SCALE_FALL)];
  return [];
}

function budgets(r: Results): Budget[] {
  const out: Budget[] = [];
  for (const key of r.routes) {
    const c = routeComparison(key);
    const twin = `twin:${key}`;
    const why = r.slices[c] ? undefined : r.missing[`app:${key}`];
    out.push(
      decided(
        `${ROUTES[key]} our code: requests a CPU-second ÷ twin's`,
        ratio(r, c, `app:${key}`, twin, perCpuSecond),
        "atLeast",
        CODE_FLOOR,
        `${CODE_FLOOR}×`,
        why,
      ),
    );
  }
  for (const key of r.routes) {
    const c = routeComparison(key);
    const p99Ratio = ratio(r, c, `app:${key}`, `twin:${key}`, p99);
    const why = r.slices[c] ? undefined : r.missing[`app:${key}`];
    const limit = `${P99_CEILING}×`;
    out.push(
      decided(`${ROUTES[key]} p99 latency at ${r.settings.connections} connections ÷ twin's`, p99Ratio, "atMost", P99_CEILING, limit, why),
    );
  }
  const w = r.sizes.widget;
  out.push({
    name: "widget.js gzip",
    figure: w ? times(w.ratio) : undefined,
    relation: "<=",
    limit: `${WIDGET_CEILING}× Lit alone`,
    verdict: exact(w && w.ratio <= WIDGET_CEILING),
  });
  const c = r.sizes.workerCode;
  out.push({
    name: "worker code gzip",
    figure: times(c.ratio),
    relation: "<=",
    limit: `${CODE_CEILING}× Hono hello`,
    verdict: exact(c.ratio <= CODE_CEILING),
  });
  const first = r.archives[0];
  const last = r.archives[r.archives.length - 1];
  if (first && last) for (const key of SCALED) out.push(scaleBudget(r, key, first.summaries, last.summaries));
  const s = r.startup;
  const startupRatio = bootstrapMedian(
    s.pairs.subject.map((x, i) => x / (s.pairs.honoHello[i] as number)),
    r.seed,
  );
  out.push(
    decided(
      `startup at ${s.subject} ÷ Hono hello's (compile+eval CPU)`,
      startupRatio,
      "atMost",
      STARTUP_CEILING,
      `${STARTUP_CEILING}×`,
      `for information: ${ms(median(s.pairs.subject))} and Hono hello ${ms(median(s.pairs.honoHello))}, medians of ${s.pairs.subject.length} interleaved pairs`,
    ),
  );
  if (last) {
    const at = bundleAtLimit(r);
    out.push({
      name: `bundle gzip at ${int(last.summaries)} summaries (code and index; the documents are static assets)`,
      figure: mib(last.bundleGzip),
      relation: "<=",
      limit: `Cloudflare's ${mib(PLATFORM_LIMIT_GZIP)} compressed limit (Free plan); reached at about ${int(at)} summaries (linear fit)`,
      verdict: exact(last.bundleGzip <= PLATFORM_LIMIT_GZIP),
    });
    const filesAt = summariesAtLimit(
      r.archives.map((a) => ({ summaries: a.summaries, size: a.assets.files })),
      FREE_ASSET_FILES,
    );
    out.push({
      name: `static asset files at ${int(last.summaries)} summaries`,
      figure: int(last.assets.files),
      relation: "<=",
      limit: `${int(FREE_ASSET_FILES)} files a worker version (Free plan); reached at about ${int(filesAt)} summaries (linear fit)`,
      verdict: exact(last.assets.files <= FREE_ASSET_FILES),
    });
  }
  return out;
}

function bundleAtLimit(r: Results): number | undefined {
  return summariesAtLimit(r.archives.map((a) => ({ summaries: a.summaries, size: a.bundleGzip })));
}
function bundlePerSummary(r: Results): number | undefined {
  const first = r.archives[0];
  const last = r.archives[r.archives.length - 1];
  if (!first || !last || last.summaries === first.summaries) return undefined;
  return (last.bundleGzip - first.bundleGzip) / (last.summaries - first.summaries);
}
function designAtLimit(r: Results): string {
  const per = bundlePerSummary(r);
  const at = bundleAtLimit(r);
  return [
    "DESIGN Start-up reads only the part of the index that does not grow (build/archive.js: publication, sources, tag counts).",
    "Entries, slugs and tag lists are tables in build/docs.bin, a Data module read on demand.",
    "The documents (each summary's full JSON) are not in the bundle: one file per summary, named by a hash of its bytes, deployed as the worker's static assets, which count apart from the bundle's limit (20,000 files a version on Free, 100,000 on Paid, 25 MiB each); a deploy uploads only the files that changed.",
    "An isolate reads a document through the ASSETS binding the first time it needs it and keeps it in a cache bounded by bytes (3 of 16 MiB); a repeated request never reads one.",
    `So the bundle grows by the index alone, about ${per === undefined ? "n/a" : `${Math.round(per)} bytes`} gzipped a summary, and would reach the Free plan's 3 MiB at about ${int(at)} summaries.`,
    "Past that the entry records and tag lists would have to move to static assets as well, leaving the slug search and the tag counts in the bundle; that is not built.",
  ].join(" ");
}

export function printReport(r: Results): void {
  const { rounds, seconds, connections } = r.settings;
  const out: string[] = [];
  out.push(
    heading(
      `Cost and throughput, paired (real content/): ${rounds} pairs or more of wrk -t1 -c${connections} slices of ${seconds} s; seed ${r.seed}`,
    ),
  );
  out.push(speedTable(r));
  out.push(
    `HOW the budgets' statistic: a slice's CPU ms/1k req is the worker process's CPU time (its threads' schedstat ns) ÷ the requests it answered (bytes written ÷ bytes a response) over the middle half of its ${WINDOW_MS} ms windows, ranked by that ratio; req per CPU-s = 1,000,000 ÷ that. Each pair is the two workers' slices back to back (order reversed every pair); a figure is the median of the pairs' ratios, [lo–hi] its 90% smoothed bootstrap interval (the 5th and 95th percentiles of the medians of ${int(RESAMPLES)} resamples of the ratios' logs, each draw plus normal noise of the logs' spread ÷ √pairs; seed ${r.seed}). Each arm is served by ${PROCESSES} workerd processes, which take its pairs two at a time in turn (so each has both orders). A comparison runs in one block: a discarded warm-up of ${WARM_UP_SECONDS} s of load on each process, ${rounds} pairs, then one more at a time while a budget on it is undecided, up to ${MAX_PAIRS} or its share of the run's time (a route's added pairs are route and twin: raw is in the first ${rounds} only). CPU ms/1k: the median over the arm's slices. req/s and p99 by wrk's clock; a pair with a slice under ${MIN_REQUESTS} requests is left out (counted below).`,
  );
  out.push(heading("Sizes and start-up"));
  out.push(sizeTable(r));
  if (r.archives.length > 0) {
    out.push(heading("Synthetic archives"));
    out.push(archiveTable(r));
  }
  if (r.fanout) out.push(fanOutSection(r.fanout));
  for (const [c, arms] of Object.entries(r.slices)) {
    for (const [id, xs] of Object.entries(arms)) {
      const bad = xs.reduce((n, s) => n + s.bad, 0);
      if (bad > 0) out.push(`! ${id} (${c}): ${bad} non-2xx responses or socket errors under load`);
      const starved = xs.filter((s) => s.requests < MIN_REQUESTS).length;
      if (starved > 0)
        out.push(`! ${id} (${c}): ${starved} of ${xs.length} slices served under ${MIN_REQUESTS} requests; their rounds are left out`);
    }
  }
  out.push(heading("Budgets"));
  out.push(
    "(met: the whole 90% interval is on the budget's side of the limit; NOT met: wholly on the other side; undecided: it straddles the limit)",
  );
  for (const b of budgets(r)) out.push(budgetLine(b));
  const control = ratio(r, CONTROL, "control", "raw", perCpuSecond);
  if (control) {
    out.push(
      `NOISE a second raw worker, identical to the first: requests a CPU-second ${interval(control)} of raw, ${decide(control, "atLeast", CODE_FLOOR)} at ${CODE_FLOOR} (the method's A/A check, once; \`--calibrate\` runs it ten times)`,
    );
  }
  out.push(...scaleNotes(r));
  if (r.archives.length > 0) out.push(designAtLimit(r));
  if (r.mode === "quick") out.push("(--quick: one route, no synthetic archives; start-up weighs the real content/)");
  console.log(out.join("\n"));
}
