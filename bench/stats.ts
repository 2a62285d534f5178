/**
 * The bench's statistics, pure and seeded: the median of paired ratios, its 90% bootstrap interval, and met, not met or undecided.
 * @module
 */

/** mulberry32: a small seeded generator (the synthetic archives, the bootstrap). */
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
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export type Interval = { median: number; lo: number; hi: number; n: number };

/** The median of positive ratios and its 90% smoothed bootstrap interval: 4,000 resamples of their logs, each draw plus normal noise of the logs' spread ÷ √n (else 20 pairs' medians take only a few values). */
export function bootstrapMedian(values: readonly number[], seed = 1): Interval {
  const xs = values.filter((x) => Number.isFinite(x) && x > 0);
  const logs = xs.map(Math.log);
  const n = logs.length;
  if (n === 0) return { median: Number.NaN, lo: Number.NaN, hi: Number.NaN, n };
  const centre = median(logs);
  const h = (1.4826 * median(logs.map((x) => Math.abs(x - centre)))) / Math.sqrt(n);
  const random = prng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Typed arrays sort numerically without a comparator: the same medians, several times faster.
  const draw = new Float64Array(n);
  const medians = new Float64Array(4000);
  for (let b = 0; b < 4000; b++) {
    for (let k = 0; k < n; k++) draw[k] = (logs[Math.floor(random() * n)] as number) + h * normal();
    draw.sort();
    medians[b] = n % 2 ? (draw[n >> 1] as number) : ((draw[(n >> 1) - 1] as number) + (draw[n >> 1] as number)) / 2;
  }
  medians.sort();
  return { median: median(xs), lo: Math.exp(medians[200] as number), hi: Math.exp(medians[3799] as number), n };
}

export type Verdict = "met" | "NOT met" | "undecided";

/** Met when the whole interval is on the limit's right side, not met when wholly on the wrong one. */
export function decide(ci: Interval, relation: ">=" | "<=", limit: number): Verdict {
  if (!Number.isFinite(ci.lo)) return "undecided";
  if (relation === ">=") return ci.lo >= limit ? "met" : ci.hi < limit ? "NOT met" : "undecided";
  return ci.hi <= limit ? "met" : ci.lo > limit ? "NOT met" : "undecided";
}

export const interval = (ci: Interval) => `${ci.median.toFixed(2)}× [${ci.lo.toFixed(2)}–${ci.hi.toFixed(2)}]`;

/** About how many pairs would decide an undecided interval: a half-width shrinks as 1/√n, so n × (half-width ÷ the median's distance from `limit`)². */
export function pairsToDecide(ci: Interval, limit: number): number {
  const [m, l] = [Math.log(ci.median), Math.log(limit)];
  const half = m >= l ? m - Math.log(ci.lo) : Math.log(ci.hi) - m;
  return m === l ? Number.POSITIVE_INFINITY : Math.ceil(ci.n * (half / Math.abs(m - l)) ** 2);
}
