/**
 * The bench's statistics, pure and seeded: the median of paired ratios, its bootstrap
 * confidence interval, and the rule that turns an interval and a limit into met, not met
 * or undecided.
 * @module
 */

/** mulberry32: a small seeded generator, so that a synthetic archive is the same in every run and a run's intervals can be recomputed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The median of the finite values in `xs` (NaN when there are none). */
export function median(xs: readonly number[]): number {
  return sortedMedian(xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b));
}

/** The median of values already sorted (NaN when there are none). */
function sortedMedian(s: ArrayLike<number>): number {
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export interface Interval {
  /** The median of the values. */
  median: number;
  lo: number;
  hi: number;
  /** Values it was computed from (finite; for `bootstrapMedian`, positive too). */
  n: number;
}

/** Resamples a bootstrap draws: enough that the interval's ends move by under 0.005 between seeds. */
export const RESAMPLES = 4000;

/** The `q` quantile (0–1) of sorted values, by linear interpolation between ranks. */
function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

/**
 * The median of `values` (positive ratios) and its 90% smoothed bootstrap interval: the 5th
 * and 95th percentiles of the medians of `RESAMPLES` resamples, each drawn with replacement
 * from the values' logarithms with a little normal noise added to every draw (standard
 * deviation h = the logs' spread, 1.4826 × their median absolute deviation, ÷ √n), then
 * turned back into ratios. Without the noise (the plain percentile interval, used before),
 * the resampled medians of 20 pairs take only the sample's few middle values, so the ends
 * sit on its 7th and 14th values or near them, which hold the true median about 88% of the
 * time, and follow the sample's chance gaps. With it, on synthetic samples of
 * 20, 21 and 40 ratios (uniform, normal, exponential) the interval held the true median in
 * 88–92% of 1,000 samples each (the plain one: 88–93%, and 88–90% at the even sizes, where
 * a median is two values' mean), about as wide; in a simulation of the sequential rule on
 * the ratios of 30 recorded A/A runs, A/A intervals contained 1.00 in 92% of runs (89%
 * without the noise) and came out met both ways in 98% (97%). On the log scale,
 * the reversed ratios (`b ÷ a` for `a ÷ b`) get about the reciprocal interval. The same
 * values and seed always give the same interval; values that are not positive and finite are
 * left out.
 */
export function bootstrapMedian(values: readonly number[], seed: number): Interval {
  const xs = values.filter((x) => Number.isFinite(x) && x > 0);
  const n = xs.length;
  if (n === 0) return { median: Number.NaN, lo: Number.NaN, hi: Number.NaN, n };
  const logs = xs.map(Math.log);
  const centre = median(logs);
  const h = (1.4826 * median(logs.map((x) => Math.abs(x - centre)))) / Math.sqrt(n);
  const random = prng(seed);
  // Box–Muller: a standard normal draw from two uniform ones.
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const medians = new Float64Array(RESAMPLES);
  // A typed array sorts numerically in place: a resample's median without copies.
  const sample = new Float64Array(n);
  for (let b = 0; b < RESAMPLES; b++) {
    for (let i = 0; i < n; i++) sample[i] = (logs[Math.floor(random() * n)] as number) + h * normal();
    medians[b] = sortedMedian(sample.sort());
  }
  medians.sort();
  return { median: median(xs), lo: Math.exp(quantile(medians, 0.05)), hi: Math.exp(quantile(medians, 0.95)), n };
}

export type Verdict = "met" | "not met" | "undecided";

/**
 * The budget "figure ≥ limit" (`atLeast`) or "figure ≤ limit" (`atMost`) for an interval:
 * met when the whole interval is on the right side, not met when it is wholly on the wrong
 * side, undecided when it straddles the limit.
 */
export function decide(ci: Interval, relation: "atLeast" | "atMost", limit: number): Verdict {
  if (!Number.isFinite(ci.lo) || !Number.isFinite(ci.hi)) return "undecided";
  if (relation === "atLeast") return ci.lo >= limit ? "met" : ci.hi < limit ? "not met" : "undecided";
  return ci.hi <= limit ? "met" : ci.lo > limit ? "not met" : "undecided";
}

/**
 * For an undecided interval: about how many more pairs would decide it, if the spread of the
 * ratios stays what it was. An interval's half-width shrinks as 1/√n, so the side of the
 * interval facing the limit must shrink from its width now to the median's distance from
 * the limit: n × (width ÷ distance)² pairs in all. Undefined when the median sits on the limit.
 */
export function pairsToDecide(ci: Interval, limit: number): number | undefined {
  const distance = Math.abs(ci.median - limit);
  if (!(distance > 0) || ci.n === 0) return undefined;
  const width = ci.median >= limit ? ci.median - ci.lo : ci.hi - ci.median;
  // Less a hair, so that a factor of exactly 4 in decimals (0.04 / 0.02) is not rounded up.
  const total = Math.ceil(ci.n * (width / distance) ** 2 - 1e-9);
  return Math.max(1, total - ci.n);
}

/** One window of a slice: the worker process's CPU time in it and the bytes it wrote. */
export interface Window {
  cpuMs: number;
  bytes: number;
}

/**
 * A slice's CPU ms per 1,000 requests, from its short windows: the windows that wrote
 * something are ranked by CPU time ÷ requests answered (a window's requests being the bytes
 * the worker wrote in it ÷ the slice's bytes a response), and the middle half of them is
 * summed, CPU ÷ requests (an interquartile mean). A moment when a neighbour's burst, or a
 * stall, was all the worker's process ran falls in the outer quarters and counts no more
 * than any other, instead of doubling the slice's average, as it does here; a cost present
 * in most windows (the route's code, its young-generation collections) counts in full. Half
 * the windows weigh in, not the one or two in the middle that a median took (a running
 * thread's schedstat moves at the scheduler's 4 ms tick, so one window reads 48 or 52 ms):
 * on A/A slices recorded in noisy spells here (460 pairs) the pairs' median moved 7–30% less
 * from one bootstrap resample to the next, in a quiet spell (40 pairs) about as much. NaN when
 * no window wrote anything.
 */
export function windowedCpuPer1k(windows: readonly Window[], bytesPerRequest: number): number {
  if (!(bytesPerRequest > 0)) return Number.NaN;
  // Ranked by CPU a byte, which ranks them as CPU a request does.
  const ranked = windows.filter((w) => w.bytes > 0).sort((a, b) => a.cpuMs / a.bytes - b.cpuMs / b.bytes);
  if (ranked.length === 0) return Number.NaN;
  const quarter = Math.floor(ranked.length / 4);
  const middle = ranked.slice(quarter, ranked.length - quarter);
  const cpuMs = middle.reduce((n, w) => n + w.cpuMs, 0);
  const bytes = middle.reduce((n, w) => n + w.bytes, 0);
  return (cpuMs / (bytes / bytesPerRequest)) * 1000;
}

/**
 * The sequential rule: after the first `min` pairs a comparison takes one more pair a round
 * while a budget on it is undecided, up to `max` pairs; it stops at the first round that
 * decides it. (Looking after every pair lets a chance swing decide a little more often than
 * the 90% suggests; the A/A check in `--calibrate` measures how often that happens here.)
 */
export function wantsMorePairs(pairs: number, verdicts: readonly Verdict[], min: number, max: number): boolean {
  if (pairs < min) return true;
  return pairs < max && verdicts.includes("undecided");
}

/** The chance of at least `k` successes in `n` trials of chance `p` each. */
export function atLeastOf(k: number, n: number, p: number): number {
  let sum = 0;
  let ways = 1; // n choose j, j counted up from 0
  for (let j = 0; j <= n; j++) {
    if (j >= k) sum += ways * p ** j * (1 - p) ** (n - j);
    ways = (ways * (n - j)) / (j + 1);
  }
  return sum;
}
