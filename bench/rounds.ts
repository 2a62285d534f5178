/**
 * Rounds: every target takes its turn in each round, right after the baseline it is divided
 * by, so a noisy moment on the shared machine hits a target and its baseline alike. A
 * figure is the median over rounds of the per-round ratio.
 * @module
 */
import { paced, type WrkResult, wrk } from "./load";
import { median } from "./startup";

export interface Target {
  id: string;
  url: string;
}

/** One round's order: each group runs its baseline first, then its targets. */
export interface Group {
  baseline: Target;
  targets: Target[];
}

export interface RatioFigure {
  /** Median of the per-round ratios to the baseline. */
  ratio: number;
  /** Each round's ratio, in order. */
  rounds: number[];
  /** Median of the absolute figure (requests/s, or ms). */
  median: number;
  /** The baseline's median over the same rounds. */
  baselineMedian: number;
}

function figure(values: number[], baseline: number[], ratioOf: (v: number, b: number) => number): RatioFigure {
  const rounds = values.map((v, i) => ratioOf(v, baseline[i] as number));
  return { ratio: median(rounds), rounds, median: median(values), baselineMedian: median(baseline) };
}

export interface ThroughputOptions {
  rounds: number;
  seconds: number;
  connections: number;
  /** Called after each run, for progress lines. */
  onRun?: (round: number, target: Target, result: WrkResult) => void;
}

/** wrk throughput: the ratio is target requests/s over its baseline's in the same round. */
export async function throughputRounds(groups: Group[], opts: ThroughputOptions): Promise<Map<string, RatioFigure & { non2xx: number }>> {
  const rps = new Map<string, number[]>();
  const base = new Map<string, number[]>();
  const bad = new Map<string, number>();
  for (let round = 0; round < opts.rounds; round++) {
    for (const group of groups) {
      const b = await wrk(group.baseline.url, opts);
      opts.onRun?.(round, group.baseline, b);
      for (const target of group.targets) {
        const r = await wrk(target.url, opts);
        opts.onRun?.(round, target, r);
        rps.set(target.id, [...(rps.get(target.id) ?? []), r.rps]);
        base.set(target.id, [...(base.get(target.id) ?? []), b.rps]);
        bad.set(target.id, (bad.get(target.id) ?? 0) + r.non2xx + r.socketErrors);
      }
    }
  }
  const out = new Map<string, RatioFigure & { non2xx: number }>();
  for (const [id, values] of rps) {
    out.set(id, { ...figure(values, base.get(id) ?? [], (v, b) => v / b), non2xx: bad.get(id) ?? 0 });
  }
  return out;
}

export interface LatencyOptions {
  rounds: number;
  seconds: number;
  /** Requests per second, well under saturation. */
  rate: number;
}

/** p50 latency at a fixed rate: the ratio is target p50 over its baseline's in the same round. */
export async function latencyRounds(group: Group, opts: LatencyOptions): Promise<Map<string, RatioFigure>> {
  const p50 = new Map<string, number[]>();
  const base: number[] = [];
  for (let round = 0; round < opts.rounds; round++) {
    base.push((await paced(group.baseline.url, opts.rate, opts.seconds)).p50);
    for (const target of group.targets) {
      const r = await paced(target.url, opts.rate, opts.seconds);
      p50.set(target.id, [...(p50.get(target.id) ?? []), r.p50]);
    }
  }
  const out = new Map<string, RatioFigure>();
  for (const [id, values] of p50)
    out.set(
      id,
      figure(values, base, (v, b) => v / b),
    );
  return out;
}
