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

/** `targets` in groups of at most `size`, each after its own run of `baseline`. */
export function groupsOf(baseline: Target, targets: Target[], size: number): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < targets.length; i += size) out.push({ baseline, targets: targets.slice(i, i + size) });
  return out;
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

/**
 * A group's targets in the order of `round`: forwards, then backwards, so that no target is
 * always the one measured just after the baseline, or just before the next one.
 */
function inTurn<T>(targets: readonly T[], round: number): readonly T[] {
  return round % 2 === 0 ? targets : [...targets].reverse();
}

/**
 * wrk throughput: the ratio is target requests/s over its baseline's in the same round,
 * taken as the mean of the baseline runs just before and just after the target's group.
 */
export async function throughputRounds(groups: Group[], opts: ThroughputOptions): Promise<Map<string, RatioFigure & { non2xx: number }>> {
  const baselines: number[] = [];
  const runs: { id: string; rps: number; after: number; bad: number }[] = [];
  const measure = async (target: Target, round: number) => {
    const r = await wrk(target.url, opts);
    opts.onRun?.(round, target, r);
    return r;
  };
  for (let round = 0; round < opts.rounds; round++) {
    for (const group of groups) {
      baselines.push((await measure(group.baseline, round)).rps);
      for (const target of inTurn(group.targets, round)) {
        const r = await measure(target, round);
        runs.push({ id: target.id, rps: r.rps, after: baselines.length - 1, bad: r.non2xx + r.socketErrors });
      }
    }
  }
  const last = groups[groups.length - 1];
  if (last) baselines.push((await measure(last.baseline, opts.rounds - 1)).rps);
  const out = new Map<string, RatioFigure & { non2xx: number }>();
  for (const id of new Set(runs.map((r) => r.id))) {
    const mine = runs.filter((r) => r.id === id);
    const base = mine.map((r) => ((baselines[r.after] as number) + (baselines[r.after + 1] as number)) / 2);
    const bad = mine.reduce((sum, r) => sum + r.bad, 0);
    out.set(id, {
      ...figure(
        mine.map((r) => r.rps),
        base,
        (v, b) => v / b,
      ),
      non2xx: bad,
    });
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
    for (const target of inTurn(group.targets, round)) {
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
