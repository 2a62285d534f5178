/**
 * Paired, interleaved load: the workers a budget compares (a route, its twin, raw) take
 * short turns one right after the other, in an order reversed every round, so that a noisy
 * moment on the shared machine falls on both sides of a pair; every comparison takes one
 * turn per round, so each one samples the whole run and not one stretch of it. A slice is
 * one wrk run; it records the worker process's CPU time beside the requests served.
 * @module
 */
import { cpuMs } from "./workerd";
import { runWrk } from "./wrk";

/** A worker under load: one URL on one workerd process. */
export interface Arm {
  id: string;
  url: string;
  pid: number;
}

export interface Slice {
  requests: number;
  /** Requests per second over the slice, by wrk's clock. */
  rps: number;
  p99Ms: number;
  /** CPU time the worker's process used during the slice. */
  cpuMs: number;
  /** Non-2xx responses and socket errors. */
  bad: number;
}

/** Workers measured in turn, each round; the ratios of a budget come from the same round. */
export interface Comparison {
  name: string;
  arms: Arm[];
}

/** Per comparison, per arm id: one slice a round, in round order. */
export type Slices = Record<string, Record<string, Slice[]>>;

export interface PairedOptions {
  rounds: number;
  /** Seconds a slice lasts. */
  seconds: number;
  connections: number;
  /** `performance.now()` by which the last round must end: rounds that would not fit are not started. */
  until?: number;
  onRound?: (round: number) => void;
  onSlice?: (comparison: string, arm: Arm, slice: Slice) => void;
}

/** One slice of load on `arm`. */
export async function slice(arm: Arm, seconds: number, connections: number): Promise<Slice> {
  const before = cpuMs(arm.pid);
  const r = await runWrk({ url: arm.url, connections, seconds });
  return { requests: r.requests, rps: r.rps, p99Ms: r.p99Ms, cpuMs: cpuMs(arm.pid) - before, bad: r.non2xx + r.socketErrors };
}

/**
 * Runs `comparisons`, `rounds` times each (fewer when `until` comes first); arms in order on
 * even rounds, reversed on odd.
 */
export async function runPaired(comparisons: readonly Comparison[], o: PairedOptions): Promise<Slices> {
  const out: Slices = {};
  for (const c of comparisons) out[c.name] = Object.fromEntries(c.arms.map((a) => [a.id, []]));
  let last = 0;
  for (let round = 0; round < o.rounds; round++) {
    const start = performance.now();
    if (o.until !== undefined && start + last > o.until) break;
    o.onRound?.(round);
    for (const c of comparisons) {
      const record = (arm: Arm, s: Slice) => {
        out[c.name]?.[arm.id]?.push(s);
        o.onSlice?.(c.name, arm, s);
      };
      const order = round % 2 === 0 ? c.arms : [...c.arms].reverse();
      for (const arm of order) record(arm, await slice(arm, o.seconds, o.connections));
    }
    last = performance.now() - start;
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

/** Requests a CPU-second of the worker's process: a throughput that its share of the machine does not move. */
export const perCpuSecond = (s: Slice) => (s.cpuMs > 0 ? (s.requests / s.cpuMs) * 1000 : Number.NaN);

/** CPU ms the arm's process spent per 1,000 requests, over all its slices in a comparison. */
export function cpuPer1k(slices: Slices, comparison: string, arm: string): number {
  const xs = slices[comparison]?.[arm] ?? [];
  const requests = xs.reduce((n, s) => n + s.requests, 0);
  return requests > 0 ? (xs.reduce((n, s) => n + s.cpuMs, 0) / requests) * 1000 : Number.NaN;
}
