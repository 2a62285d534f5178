/**
 * Paired, interleaved load: the workers a budget compares (a route, its twin, raw) take
 * short turns one right after the other, in an order reversed every pair, so that a noisy
 * moment on the shared machine falls on both sides of a pair. A comparison's pairs run in
 * one block, after a discarded warm-up of each arm's processes, until its first pairs are done
 * and its budgets decided (`wantsMorePairs`): a worker rested while other comparisons ran
 * costs more a request in its next slice (up to 60% here), and noisier, so comparisons
 * taking turns round by round, as they once did, measured their arms' rest. A slice is
 * one wrk run; it records the worker process's CPU time beside the requests served, in
 * total and window by window. Where the machine has two CPUs or more, the workers run on
 * CPU 0 and wrk on CPU 1, so that the load generator never takes the worker's core.
 * @module
 */

import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { median, type Verdict, type Window, wantsMorePairs, windowedCpuPer1k } from "./stats";
import { bytesWritten, cpuMs } from "./workerd";
import { runWrk } from "./wrk";

/** CPUs (as `taskset -c` takes them) for the workers and for wrk; undefined: no pinning (one CPU, or no taskset). */
export const PINNING: { workers: string; load: string } | undefined =
  availableParallelism() >= 2 && spawnSync("taskset", ["-V"]).status === 0 ? { workers: "0", load: "1" } : undefined;

/**
 * Seconds of load each process of a comparison's arms takes before its first pair, not
 * measured. A process served minutes before its block, or fresh, costs more a request for
 * its first several seconds of load: with one half-second warm-up slice, a route's,
 * twin's and even raw's first 8–15 pairs cost 1.5–3× their later ones here (the summary
 * API 47–107 ms/1k, then 36–38), and arms settling at different paces took the slowed
 * twin from 0.88× to 1.00× in one calibration. After six half-second slices of load per
 * process, only the first pair stood out. One wrk run of 2 s (no gaps) is what a full run's
 * 46 processes can afford: 90 s of its ten minutes.
 */
export const WARM_UP_SECONDS = 2;

/** A slice's windows: ten or so in a half-second slice, each some hundreds of requests. */
export const WINDOW_MS = 50;

/**
 * Processes each arm is served by, taking its pairs in turn. Two identical workerd processes
 * can differ by 5–8% a request for a minute or two here (the A/A pair once measured 1.06×
 * [1.02–1.10] over 100 pairs, then 1.00× again): a state of the process, not of the moment,
 * which pairs on one process each cannot tell from a difference in code. With the pairs
 * spread over two processes an arm, such a state weighs half as much, and shows in the
 * spread of the pairs, so in the interval.
 */
export const PROCESSES = 2;

/** A worker under load: one URL on a workerd process, and the same path on its `replicas`. */
export interface Arm {
  id: string;
  url: string;
  pid: number;
  /** Further processes serving the same worker, which take its pairs in turn (see `processOf`). */
  replicas?: readonly { url: string; pid: number }[];
}

/**
 * The process of `arm` that takes its pair `i`: two pairs each in turn, so that every
 * process has pairs in both orders (the order is reversed every pair; changing process every
 * pair too would give each process one order only, and an order's effect would pass for the
 * processes' difference).
 */
export function processOf(arm: Arm, i: number): Arm {
  const all = processesOf(arm);
  return all[Math.floor(i / 2) % all.length] ?? arm;
}

/** Every process of `arm`, each as an arm of its own (same id): what a warm-up loads. */
export function processesOf(arm: Arm): Arm[] {
  return [arm, ...(arm.replicas ?? [])].map((p) => ({ id: arm.id, url: p.url, pid: p.pid }));
}

export interface Slice {
  requests: number;
  /** Requests per second over the slice, by wrk's clock. */
  rps: number;
  p99Ms: number;
  /** CPU time the worker's process used during the slice. */
  cpuMs: number;
  /** CPU ms per 1,000 requests, from the middle half of the slice's windows (`windowedCpuPer1k`): the figure the budgets use. */
  cpuPer1k: number;
  /** Windows it was taken from. */
  windows: number;
  /** Non-2xx responses and socket errors. */
  bad: number;
}

/** Workers measured in turn, each round; the ratios of a budget come from the same round. */
export interface Comparison {
  name: string;
  arms: Arm[];
  /**
   * The arms (ids) the pairs the sequential rule adds are taken on, when not all: those its
   * budgets compare. A route's raw worker is in its first pairs only (twin ÷ raw is reported,
   * not budgeted), so each added pair costs two slices, not three.
   */
  extend?: readonly string[];
}

/** Per comparison, per arm id: one slice a round, in round order. */
export type Slices = Record<string, Record<string, Slice[]>>;

export interface PairedOptions {
  /** Pairs every comparison takes. */
  rounds: number;
  /** Pairs a comparison takes at most while `verdicts` has an undecided one (default: `rounds`). */
  maxRounds?: number;
  /** The verdicts of the budgets on a comparison, from its slices so far. */
  verdicts?: (comparison: string, slices: Slices) => Verdict[];
  /** Seconds a slice lasts. */
  seconds: number;
  connections: number;
  /** `performance.now()` by which the last pair must end: a pair that would not fit is not started. */
  until?: number;
  /**
   * The same for the pairs the sequential rule adds; the time left before it is shared out
   * among the comparisons still to run, after their first pairs (default: `until`).
   */
  extendUntil?: number;
  /** After a comparison's block, with the pairs it took. */
  onBlock?: (comparison: string, pairs: number) => void;
  onSlice?: (comparison: string, arm: Arm, slice: Slice) => void;
}

/** One slice of load on `arm`, its process's CPU time and bytes written read every `WINDOW_MS`. */
export async function slice(arm: Arm, seconds: number, connections: number): Promise<Slice> {
  const read = (): Window => ({ cpuMs: cpuMs(arm.pid), bytes: bytesWritten(arm.pid) });
  const first = read();
  const windows: Window[] = [];
  let last = first;
  const timer = setInterval(() => {
    const now = read();
    windows.push({ cpuMs: now.cpuMs - last.cpuMs, bytes: now.bytes - last.bytes });
    last = now;
  }, WINDOW_MS);
  const r = await runWrk({ url: arm.url, connections, seconds, cpus: PINNING?.load }).finally(() => clearInterval(timer));
  const end = read();
  return {
    requests: r.requests,
    rps: r.rps,
    p99Ms: r.p99Ms,
    cpuMs: end.cpuMs - first.cpuMs,
    cpuPer1k: windowedCpuPer1k(windows, r.requests > 0 ? (end.bytes - first.bytes) / r.requests : 0),
    windows: windows.length,
    bad: r.non2xx + r.socketErrors,
  };
}

/** About what wrk takes to start and connect, on top of a slice's seconds. */
export const WRK_START_MS = 100;

/**
 * The time `comparisons` take before the sequential rule adds any pair: each process's
 * warm-up and each comparison's first `rounds` pairs, at `msPerSlice` a slice.
 */
export function plannedMs(comparisons: readonly Comparison[], rounds: number, msPerSlice: number): number {
  const warmUpMs = WARM_UP_SECONDS * 1000 + WRK_START_MS;
  return comparisons.reduce((ms, c) => ms + c.arms.flatMap(processesOf).length * warmUpMs + c.arms.length * rounds * msPerSlice, 0);
}

/**
 * Runs `comparisons` one after the other, each in a block: a warm-up of `WARM_UP_SECONDS`
 * of each arm's every process (discarded), `rounds` pairs, then one more pair at a time while `verdicts` has an
 * undecided one (`wantsMorePairs`), up to `maxRounds`, on its `extend` arms when it names
 * them. A pair that would end after `until`
 * (an added one: after the comparison's share of the time to `extendUntil`) is not started.
 * A comparison's arms go in order on its even pairs, reversed on odd.
 */
export async function runPaired(comparisons: readonly Comparison[], o: PairedOptions): Promise<Slices> {
  const out: Slices = {};
  for (const c of comparisons) out[c.name] = Object.fromEntries(c.arms.map((a) => [a.id, []]));
  const max = Math.max(o.rounds, o.maxRounds ?? o.rounds);
  // A guess until the first pair is timed: the slice and wrk's start.
  let msPerSlice = o.seconds * 1000 + WRK_START_MS;
  for (const [i, c] of comparisons.entries()) {
    const blockStart = performance.now();
    const extendUntil = o.extendUntil ?? o.until;
    const share =
      extendUntil === undefined
        ? undefined
        : blockStart +
          plannedMs([c], o.rounds, msPerSlice) +
          Math.max(0, extendUntil - blockStart - plannedMs(comparisons.slice(i), o.rounds, msPerSlice)) / (comparisons.length - i);
    for (const p of c.arms.flatMap(processesOf)) await slice(p, WARM_UP_SECONDS, o.connections);
    const xs = out[c.name]?.[c.arms[0]?.id ?? ""] ?? [];
    while (xs.length < o.rounds || wantsMorePairs(xs.length, o.verdicts?.(c.name, out) ?? [], o.rounds, max)) {
      const start = performance.now();
      const pair = xs.length;
      const until = xs.length < o.rounds ? o.until : share;
      const arms = xs.length < o.rounds || c.extend === undefined ? c.arms : c.arms.filter((a) => c.extend?.includes(a.id));
      if (until !== undefined && start + msPerSlice * arms.length > until) break;
      const order = xs.length % 2 === 0 ? arms : [...arms].reverse();
      for (const arm of order) {
        const s = await slice(processOf(arm, pair), o.seconds, o.connections);
        out[c.name]?.[arm.id]?.push(s);
        o.onSlice?.(c.name, arm, s);
      }
      msPerSlice = (performance.now() - start) / arms.length;
    }
    o.onBlock?.(c.name, xs.length);
  }
  return out;
}

/**
 * Fewer requests than this in a slice: the load generator or the worker got next to no CPU
 * in it (0 requests in half a second happen here), and its pair says nothing of either side.
 */
export const MIN_REQUESTS = 100;

/** Per round, `of(a) ÷ of(b)` for arms `a` and `b` of one comparison; pairs with a starved slice are left out. */
export function pairRatios(slices: Slices, comparison: string, a: string, b: string, of: (s: Slice) => number = (s) => s.rps): number[] {
  const xs = slices[comparison]?.[a] ?? [];
  const ys = slices[comparison]?.[b] ?? [];
  const out: number[] = [];
  for (const [i, x] of xs.entries()) {
    const y = ys[i];
    if (y && x.requests >= MIN_REQUESTS && y.requests >= MIN_REQUESTS) out.push(of(x) / of(y));
  }
  return out;
}

/**
 * Requests a CPU-second of the worker's process, from the slice's windowed CPU per request:
 * the budgets' statistic. Its share of a busy machine does not move it as it moves req/s.
 */
export const perCpuSecond = (s: Slice) => (s.cpuPer1k > 0 ? 1e6 / s.cpuPer1k : Number.NaN);

/** The arm's CPU ms per 1,000 requests in a comparison: the median over its slices of their windowed figure. */
export function cpuPer1k(slices: Slices, comparison: string, arm: string): number {
  return median((slices[comparison]?.[arm] ?? []).map((s) => s.cpuPer1k));
}
