/** The bench's report on stdout: three tables (speed, sizes, archive growth) and the budgets. */

import { FREE_ASSET_FILES } from "../src/content/limits";
import { type Budget, budgetLine, heading, int, kib, mib, ms, table, times } from "./report";
import type { Results } from "./run";
import { PLATFORM_LIMIT_GZIP, summariesAtLimit } from "./sizes";
import { median } from "./startup";

const ROUTES = { summary: "/api/v1/summaries/:slug", list: "/api/v1/summaries", feed: "/feed.xml", widget: "/widget.js" } as const;
type Route = keyof typeof ROUTES;
/**
 * In the synthetic archives the list asks for a page every size can fill, so that its fall
 * from 10 to 10,000 summaries is the archive's growth and not a longer page (the default
 * page is 20 items, and an archive of 10 has only 10).
 */
export const ARCHIVE_PAGE = 10;
const ARCHIVE_ROUTES: Record<Route, string> = { ...ROUTES, list: `${ROUTES.list}?limit=${ARCHIVE_PAGE}` };

const THROUGHPUT_FLOOR: Partial<Record<Route, number>> = { summary: 0.9, list: 0.9, feed: 0.85 };
const LATENCY_CEILING = 1.25;
const WIDGET_CEILING = 1.35;
const CODE_CEILING = 3;
const SCALE_FALL = 0.1;
const STARTUP_CEILING_MS = 50;

/** Median over rounds of a route's throughput over its twin's (same body and headers, no code). */
function overTwin(r: Results, key: string): number | undefined {
  const route = r.throughput[`app:${key}`]?.rounds;
  const twin = r.throughput[`twin:${key}`]?.rounds;
  if (!route || !twin) return undefined;
  return median(route.map((x, i) => x / (twin[i] as number)));
}

function speedTable(r: Results): string {
  const raw = Object.values(r.throughput)[0];
  const rawLatency = Object.values(r.latency)[0];
  const rows = [
    [
      "target",
      "body",
      "req/s",
      "×raw",
      "per-round ×raw",
      "same response ×raw",
      "route ×same response",
      `p50 @${r.settings.latencyRate}/s`,
      "p50 ×raw",
    ],
  ];
  rows.push(["raw worker", "5 B", int(raw?.baselineMedian), "1.00×", "", "", "", ms(rawLatency?.baselineMedian, 2), "1.00×"]);
  for (const [key, path] of Object.entries(ROUTES)) {
    const id = `app:${key}`;
    const t = r.throughput[id];
    const l = r.latency[id];
    if (!t) {
      rows.push([path, r.missing[id] ?? "n/a", "", "", "", "", "", "", ""]);
      continue;
    }
    const perRound = t.rounds.map((x) => x.toFixed(2)).join(" ");
    const twin = r.throughput[`twin:${key}`];
    rows.push([
      path,
      kib(r.bodyBytes[id]),
      int(t.median),
      times(t.ratio),
      perRound,
      times(twin?.ratio),
      times(overTwin(r, key)),
      ms(l?.median, 2),
      times(l?.ratio),
    ]);
  }
  const c = r.throughput.control;
  if (c)
    rows.push(["raw again (control)", "5 B", int(c.median), times(c.ratio), c.rounds.map((x) => x.toFixed(2)).join(" "), "", "", "", ""]);
  return table(rows);
}

/** The middle half of a figure's per-round ratios: how far the rounds spread. */
function middleHalf(rounds: readonly number[] | undefined): string | undefined {
  if (!rounds || rounds.length < 4) return undefined;
  const s = [...rounds].sort((a, b) => a - b);
  const at = (q: number) => s[Math.round(q * (s.length - 1))] as number;
  return `rounds' middle half ${at(0.25).toFixed(2)}–${at(0.75).toFixed(2)}`;
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
    `${int(r.sizes.assets.files)} shard${r.sizes.assets.files === 1 ? "" : "s"}, outside the bundle`,
  ]);
  const s = r.startup;
  rows.push([
    "startup: compile+eval CPU (V8)",
    ms(s.app.compileEvalMs),
    `Hono hello ${ms(s.honoHello.compileEvalMs)}`,
    times(s.app.compileEvalMs / s.honoHello.compileEvalMs),
    "fresh Node process importing the bundle",
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
      "summary ×raw (body)",
      `list?limit=${ARCHIVE_PAGE} ×raw (body)`,
      "feed ×raw (body)",
    ],
  ];
  for (const a of r.archives) {
    const ratio = (key: string) => {
      const id = `archive-${a.summaries}:${key}`;
      const t = r.throughput[id];
      return t ? `${times(t.ratio)} (${kib(r.bodyBytes[id])})` : (r.missing[id] ?? "n/a");
    };
    rows.push([
      int(a.summaries),
      ms(a.buildMs, 0),
      kib(a.bundleGzip),
      mib(a.bundleBytes),
      `${mib(a.assets.bytes)} in ${int(a.assets.files)} file${a.assets.files === 1 ? "" : "s"}`,
      ms(a.startup?.compileEvalMs),
      mib(a.startup?.heapStarted),
      mib(a.startup?.heapServed),
      mib(a.rssAfter),
      ratio("summary"),
      ratio("list"),
      ratio("feed"),
    ]);
  }
  return table(rows);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const fixed = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? undefined : `${x.toFixed(2)}×`);

/** How much a route's throughput ratio falls from `from` to `to` summaries. */
function scaleBudget(r: Results, key: Route, from: number | undefined, to: number | undefined): Budget {
  const idFrom = `archive-${from}:${key}`;
  const idTo = `archive-${to}:${key}`;
  const a = r.throughput[idFrom];
  const b = r.throughput[idTo];
  // Both sizes run in the same group of every round: the median of their per-round quotient
  // is steadier than the quotient of two medians, each measured against its own raw runs.
  const fall = a && b ? 1 - median(b.rounds.map((x, i) => x / (a.rounds[i] as number))) : undefined;
  const [bodyFrom, bodyTo] = [r.bodyBytes[idFrom] ?? 0, r.bodyBytes[idTo] ?? 0];
  // Feeds carry min(summaries, bound) items: a small archive sends a smaller body.
  const why = key === "summary" ? "another document" : "more items up to the bound, not a bigger archive";
  const note = bodyTo > bodyFrom * 1.1 ? `body ${kib(bodyFrom)} → ${kib(bodyTo)}: ${why}` : undefined;
  return {
    name: `${ARCHIVE_ROUTES[key]} throughput fall, ${int(from)} → ${int(to)} summaries`,
    figure: fall === undefined ? undefined : `${pct(fall)} (${fixed(a?.ratio)} → ${fixed(b?.ratio)} of raw)`,
    relation: "<=",
    limit: pct(SCALE_FALL),
    met: fall === undefined ? undefined : fall <= SCALE_FALL,
    note,
  };
}

/** Informational: the same fall between the two largest archives, where bodies match. */
export function scaleNotes(r: Results): string[] {
  const [mid, last] = r.archives.slice(-2).map((a) => a.summaries);
  if (r.archives.length < 3 || mid === undefined || last === undefined) return [];
  return (["summary", "list", "feed"] as const).map((key) => {
    const b = scaleBudget(r, key, mid, last);
    return `SCALE ${b.name}: ${b.figure ?? "n/a"}${b.note ? ` (${b.note})` : ""}`;
  });
}

export function budgets(r: Results): Budget[] {
  const out: Budget[] = [];
  for (const [key, floor] of Object.entries(THROUGHPUT_FLOOR)) {
    const t = r.throughput[`app:${key}`];
    const note = t ? undefined : r.missing[`app:${key}`];
    out.push({
      name: `${ROUTES[key as Route]} throughput`,
      figure: fixed(t?.ratio),
      relation: ">=",
      limit: `${floor.toFixed(2)}× raw`,
      met: t && t.ratio >= floor,
      note: note ?? middleHalf(t?.rounds),
    });
  }
  for (const [key, path] of Object.entries(ROUTES)) {
    const l = r.latency[`app:${key}`];
    const note = l ? undefined : r.missing[`app:${key}`];
    out.push({
      name: `${path} p50 latency`,
      figure: fixed(l?.ratio),
      relation: "<=",
      limit: `${LATENCY_CEILING}× raw`,
      met: l && l.ratio <= LATENCY_CEILING,
      note,
    });
  }
  const w = r.sizes.widget;
  out.push({
    name: "widget.js gzip",
    figure: fixed(w?.ratio),
    relation: "<=",
    limit: `${WIDGET_CEILING}× Lit alone`,
    met: w && w.ratio <= WIDGET_CEILING,
  });
  const c = r.sizes.workerCode;
  out.push({
    name: "worker code gzip",
    figure: fixed(c.ratio),
    relation: "<=",
    limit: `${CODE_CEILING}× Hono hello`,
    met: c.ratio <= CODE_CEILING,
  });
  const first = r.archives[0];
  const last = r.archives[r.archives.length - 1];
  for (const key of ["summary", "list", "feed"] as const) out.push(scaleBudget(r, key, first?.summaries, last?.summaries));
  const startupMs = last?.startup?.compileEvalMs;
  out.push({
    name: `startup at ${int(last?.summaries)} summaries (compile+eval CPU)`,
    figure: ms(startupMs),
    relation: "<",
    limit: `${STARTUP_CEILING_MS} ms (5% of the 1 s limit)`,
    met: startupMs === undefined ? undefined : startupMs < STARTUP_CEILING_MS,
  });
  const at = bundleAtLimit(r);
  out.push({
    name: `bundle gzip at ${int(last?.summaries)} summaries (code and index; the documents are static assets)`,
    figure: mib(last?.bundleGzip),
    relation: "<=",
    limit: `Cloudflare's ${mib(PLATFORM_LIMIT_GZIP)} compressed limit (Free plan); reached at about ${int(at)} summaries (linear fit)`,
    met: last ? last.bundleGzip <= PLATFORM_LIMIT_GZIP : undefined,
  });
  const filesAt = summariesAtLimit(
    r.archives.map((a) => ({ summaries: a.summaries, size: a.assets.files })),
    FREE_ASSET_FILES,
  );
  out.push({
    name: `static asset files at ${int(last?.summaries)} summaries`,
    figure: int(last?.assets.files),
    relation: "<=",
    limit: `${int(FREE_ASSET_FILES)} files a worker version (Free plan); reached at about ${int(filesAt)} summaries (linear fit)`,
    met: last ? last.assets.files <= FREE_ASSET_FILES : undefined,
  });
  return out;
}

/** Where the gzipped bundle reaches the Free plan's limit, by a line through the archives' sizes. */
function bundleAtLimit(r: Results): number | undefined {
  return summariesAtLimit(r.archives.map((a) => ({ summaries: a.summaries, size: a.bundleGzip })));
}

/** Bytes the bundle gains per summary, gzipped: the slope from the smallest archive to the largest. */
function bundlePerSummary(r: Results): number | undefined {
  const first = r.archives[0];
  const last = r.archives[r.archives.length - 1];
  if (!first || !last || last.summaries === first.summaries) return undefined;
  return (last.bundleGzip - first.bundleGzip) / (last.summaries - first.summaries);
}

/** What the design does at the platform's limits, with this run's figures. */
function designAtLimit(r: Results): string {
  const per = bundlePerSummary(r);
  const at = bundleAtLimit(r);
  return [
    "DESIGN Start-up reads only the part of the index that does not grow (build/archive.js: publication, sources, tag counts, where each shard starts).",
    "Entries, slugs and tag lists are tables in build/docs.bin, a Data module read on demand.",
    "The documents (each summary's full JSON, compressed one by one against a shared dictionary) are not in the bundle: cut into shards of about 64 KiB, newest first, they are deployed as the worker's static assets, which count apart from the bundle's limit (20,000 files a version on Free, 100,000 on Paid, 25 MiB each).",
    "An isolate reads a shard through the ASSETS binding the first time it needs one of its documents and keeps up to 64; a repeated request never reads one.",
    `So the bundle grows by the index alone, about ${per === undefined ? "n/a" : `${Math.round(per)} bytes`} gzipped a summary, and would reach the Free plan's 3 MiB at about ${int(at)} summaries.`,
    "Past that the entry records and tag lists would have to move to static assets as well, leaving the slug search and the tag counts in the bundle; that is not built.",
  ].join(" ");
}

export function printReport(r: Results): void {
  const out: string[] = [];
  out.push(
    heading(
      `Throughput and latency (real content/): ${r.settings.rounds} rounds of wrk -t1 -c${r.settings.connections} -d${r.settings.seconds}s; p50 in ${r.settings.latencyRounds} rounds`,
    ),
  );
  out.push(speedTable(r));
  out.push(heading("Sizes and start-up"));
  out.push(sizeTable(r));
  out.push(heading("Synthetic archives"));
  out.push(archiveTable(r));
  for (const [id, t] of Object.entries(r.throughput)) {
    if (t.non2xx > 0) out.push(`! ${id}: ${t.non2xx} non-2xx responses or socket errors under load`);
  }
  out.push(heading("Budgets"));
  for (const b of budgets(r)) out.push(budgetLine(b));
  const control = r.throughput.control;
  if (control) {
    out.push(
      `NOISE a second raw worker, identical to the first, measured ${times(control.ratio)} of raw${control.rounds.length >= 4 ? ` (${middleHalf(control.rounds)})` : ""}: its distance from 1.00× is how far this machine alone moved a throughput figure in this run`,
    );
  }
  out.push(...scaleNotes(r));
  out.push(designAtLimit(r));
  if (r.quick) out.push("(--quick: fewer rounds and sizes; figures are indicative only)");
  console.log(out.join("\n"));
}
