/**
 * Paired load: a route and its twin take half-second turns of wrk, the order reversed every
 * pair, so a noisy moment falls on both sides of a pair. Each arm has two workerd processes
 * taking its pairs two at a time (a process's lasting state shows in the spread, not as the
 * code's cost). Workers run on CPU 0 and wrk on CPU 1 where there are two.
 * @module
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { bootstrapMedian, decide, type Interval } from "./stats";
import { bytesWritten, cpuMs } from "./workerd";
import { runWrk } from "./wrk";

export const PINNING = availableParallelism() >= 2 && spawnSync("taskset", ["-V"]).status === 0 ? { workers: "0", load: "1" } : undefined;
export const CONNECTIONS = 64;
const SECONDS = 0.5;
const WARM_UP_SECONDS = 2;
/** A slice with fewer requests got next to no CPU; its pair says nothing. */
const MIN_REQUESTS = 100;

export type Proc = { url: string; pid: number };
export type Arm = { id: string; procs: Proc[] };
/** One wrk run; `cpuPer1k`: CPU ms per 1,000 requests (`windowedCpuPer1k`). */
export type Slice = { requests: number; rps: number; p99Ms: number; cpuPer1k: number };

/** CPU ms per 1,000 requests from 50 ms windows ranked by CPU a byte written, the middle half summed: a neighbour's burst or a stall falls in the outer quarters. */
export function windowedCpuPer1k(windows: readonly { cpuMs: number; bytes: number }[], bytesPerRequest: number): number {
  const ranked = windows.filter((w) => w.bytes > 0).sort((a, b) => a.cpuMs / a.bytes - b.cpuMs / b.bytes);
  const q = Math.floor(ranked.length / 4);
  const middle = ranked.slice(q, ranked.length - q);
  const bytes = middle.reduce((n, w) => n + w.bytes, 0);
  return bytesPerRequest > 0 && bytes > 0 ? (middle.reduce((n, w) => n + w.cpuMs, 0) / (bytes / bytesPerRequest)) * 1000 : Number.NaN;
}

/** One wrk run on `p`, its process's CPU time and bytes written read every 50 ms. */
export async function slice(p: Proc, seconds = SECONDS): Promise<Slice> {
  const read = () => ({ cpuMs: cpuMs(p.pid), bytes: bytesWritten(p.pid) });
  const first = read();
  const windows: { cpuMs: number; bytes: number }[] = [];
  let last = first;
  const timer = setInterval(() => {
    const now = read();
    windows.push({ cpuMs: now.cpuMs - last.cpuMs, bytes: now.bytes - last.bytes });
    last = now;
  }, 50);
  const r = await runWrk({ url: p.url, connections: CONNECTIONS, seconds, cpus: PINNING?.load }).finally(() => clearInterval(timer));
  const perRequest = r.requests > 0 ? (read().bytes - first.bytes) / r.requests : 0;
  if (r.non2xx + r.socketErrors > 0) console.error(`  ! ${p.url}: ${r.non2xx + r.socketErrors} non-2xx responses or socket errors`);
  return { requests: r.requests, rps: r.rps, p99Ms: r.p99Ms, cpuPer1k: windowedCpuPer1k(windows, perRequest) };
}

/** Per pair, `of(a) ÷ of(b)`; pairs with a starved slice left out. */
export function ratios(a: readonly Slice[], b: readonly Slice[], of: (s: Slice) => number): number[] {
  return a.flatMap((x, i) => {
    const y = b[i];
    return y && x.requests >= MIN_REQUESTS && y.requests >= MIN_REQUESTS ? [of(x) / of(y)] : [];
  });
}

/** Requests a CPU-second: the budgets' statistic, which a busy machine moves less than req/s. */
export const perCpuSecond = (s: Slice) => 1e6 / s.cpuPer1k;

/** Both arms' slices and a ÷ b in requests a CPU-second. */
export type Paired = { a: Slice[]; b: Slice[]; ci: Interval };

/** Pairs of `a` and `b` after a warm-up: at least `min`, then more while "a ÷ b ≥ floor" is undecided, up to `max` or `until` (performance.now()). */
export async function runPair(a: Arm, b: Arm, o: { min: number; max: number; until: number; floor: number }): Promise<Paired> {
  for (const p of [...a.procs, ...b.procs]) await slice(p, WARM_UP_SECONDS);
  const out: Paired = { a: [], b: [], ci: bootstrapMedian([]) };
  for (let i = 0; i < o.max; i++) {
    out.ci = bootstrapMedian(ratios(out.a, out.b, perCpuSecond));
    if (i >= o.min && (decide(out.ci, ">=", o.floor) !== "undecided" || performance.now() > o.until)) break;
    const pick = (arm: Arm) => arm.procs[Math.floor(i / 2) % arm.procs.length] as Proc;
    if (i % 2 === 0) {
      out.a.push(await slice(pick(a)));
      out.b.push(await slice(pick(b)));
    } else {
      out.b.push(await slice(pick(b)));
      out.a.push(await slice(pick(a)));
    }
  }
  out.ci = bootstrapMedian(ratios(out.a, out.b, perCpuSecond));
  return out;
}
