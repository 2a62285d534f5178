// The bench's decision rule, on fixed seeded data: a budget comes out met, not met or undecided
// from its interval, the interval is the same for the same seed, and a starved slice or a
// noisy window does not move a figure.
import { describe, expect, it } from "vitest";
import { ratios as pairRatios, type Slice, windowedCpuPer1k } from "../../bench/paired";
import { bootstrapMedian, decide, median, pairsToDecide, prng } from "../../bench/stats";

/** Ratios around `centre`, spread ± `spread`, from a fixed seed. */
function ratios(centre: number, spread: number, n: number, seed: number): number[] {
  const random = prng(seed);
  return Array.from({ length: n }, () => centre + (random() * 2 - 1) * spread);
}

describe("bench statistics", () => {
  it("takes the median of odd and even counts, ignoring values that are not finite", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([1, Number.NaN, 3])).toBe(2);
    expect(median([])).toBeNaN();
  });

  it("gives the same interval for the same data and seed, around the median", () => {
    const xs = ratios(1, 0.2, 20, 7);
    const a = bootstrapMedian(xs, 123);
    expect(bootstrapMedian(xs, 123)).toEqual(a);
    expect(a.n).toBe(20);
    expect(a.median).toBe(median(xs));
    expect(a.lo).toBeLessThanOrEqual(a.median);
    expect(a.hi).toBeGreaterThanOrEqual(a.median);
    expect(a.lo).toBeGreaterThan(0.8);
    expect(a.hi).toBeLessThan(1.2);
  });

  it("gives the reversed ratios about the reciprocal interval, so that an A/A pair is met both ways or neither", () => {
    const xs = ratios(1, 0.2, 21, 13);
    const ab = bootstrapMedian(xs, 8);
    const ba = bootstrapMedian(
      xs.map((x) => 1 / x),
      8,
    );
    expect(ba.median).toBeCloseTo(1 / ab.median, 12);
    expect(ba.lo).toBeCloseTo(1 / ab.hi, 2);
    expect(ba.hi).toBeCloseTo(1 / ab.lo, 2);
  });

  // 200 intervals of 4,000 resamples: about a second alone, a few while the suite runs.
  it("holds the true median in about 90% of samples of 20 pairs", () => {
    // Skewed ratios (an exponential tail above 0.95) whose median is 0.95 + 0.05 ln 2.
    const truth = 0.95 + 0.05 * Math.LN2;
    const random = prng(2024);
    let held = 0;
    const samples = 200;
    for (let k = 0; k < samples; k++) {
      const xs = Array.from({ length: 20 }, () => 0.95 - 0.05 * Math.log(1 - random()));
      const ci = bootstrapMedian(xs, k);
      if (ci.lo <= truth && truth <= ci.hi) held++;
    }
    expect(held / samples).toBeGreaterThanOrEqual(0.87);
    expect(held / samples).toBeLessThanOrEqual(0.97);
  }, 30_000);

  it("narrows the interval as pairs are added", () => {
    const few = bootstrapMedian(ratios(1, 0.2, 20, 11), 5);
    const many = bootstrapMedian(ratios(1, 0.2, 800, 11), 5);
    expect(many.hi - many.lo).toBeLessThan((few.hi - few.lo) / 2);
  });

  it("decides a floor: met above it, not met below it, undecided across it", () => {
    const at = (lo: number, hi: number) => ({ median: (lo + hi) / 2, lo, hi, n: 20 });
    expect(decide(at(0.96, 1.04), ">=", 0.95)).toBe("met");
    expect(decide(at(0.95, 1.04), ">=", 0.95)).toBe("met");
    expect(decide(at(0.85, 0.94), ">=", 0.95)).toBe("NOT met");
    expect(decide(at(0.9, 1.0), ">=", 0.95)).toBe("undecided");
  });

  it("says about how many pairs would decide an undecided interval: more the nearer its median is to the limit", () => {
    const ci = { median: 1.0, lo: 0.9, hi: 1.1, n: 20 };
    const near = pairsToDecide(ci, 0.95);
    expect(near).toBeGreaterThan(20);
    expect(pairsToDecide(ci, 0.92)).toBeLessThan(near);
    expect(decide(bootstrapMedian(ratios(1.0, 0.2, near * 2, 7)), ">=", 0.95)).toBe("met");
    expect(pairsToDecide({ ...ci, median: 0.95 }, 0.95)).toBe(Number.POSITIVE_INFINITY);
  });

  it("decides a ceiling the other way round", () => {
    const at = (lo: number, hi: number) => ({ median: (lo + hi) / 2, lo, hi, n: 20 });
    expect(decide(at(1.1, 1.4), "<=", 1.5)).toBe("met");
    expect(decide(at(1.6, 1.9), "<=", 1.5)).toBe("NOT met");
    expect(decide(at(1.3, 1.7), "<=", 1.5)).toBe("undecided");
    expect(decide({ median: Number.NaN, lo: Number.NaN, hi: Number.NaN, n: 0 }, "<=", 1.5)).toBe("undecided");
  });

  it("tells a clear 10% slowdown from an A/A pair on seeded data", () => {
    const aa = bootstrapMedian(ratios(1, 0.1, 20, 3), 99);
    const slowed = bootstrapMedian(ratios(0.9, 0.1, 20, 4), 99);
    expect(decide(aa, ">=", 0.95)).toBe("met");
    expect(aa.lo).toBeLessThanOrEqual(1);
    expect(aa.hi).toBeGreaterThanOrEqual(1);
    expect(decide(slowed, ">=", 0.95)).toBe("NOT met");
  });

  it("leaves out a round where either slice was starved, instead of a ratio of 0 or infinity", () => {
    const at = (requests: number): Slice => ({ requests, rps: requests * 2, p99Ms: 10, cpuPer1k: 100 });
    const a = [at(1000), at(0), at(1200), at(900)];
    const b = [at(500), at(800), at(40), at(900)];
    expect(pairRatios(a, b, (s) => s.rps)).toEqual([2, 1]);
  });

  it("takes a slice's CPU per request from its typical window, not from a burst or an empty one", () => {
    // 500 bytes a response: 100 requests a window at 5 ms, one window of a neighbour's burst
    // at 40 ms, one that wrote nothing; the middle half (four of eight) is summed.
    const windows = [5, 5, 5.2, 40, 4.8, 5, 5, 5].map((cpuMs) => ({ cpuMs, bytes: 50_000 }));
    windows.push({ cpuMs: 3, bytes: 0 });
    expect(windowedCpuPer1k(windows, 500)).toBeCloseTo(50, 6);
    // The same slice summed would say 97.5 ms/1k: the burst alone nearly doubles it.
    // Windows of unequal requests weigh by their requests: 12 ms for 300, 5 ms for 100.
    const uneven = [3, 12, 5, 100].map((cpuMs, i) => ({ cpuMs, bytes: (i === 1 ? 300 : 100) * 500 }));
    expect(windowedCpuPer1k(uneven, 500)).toBeCloseTo((17 / 400) * 1000, 6);
    expect(windowedCpuPer1k([], 500)).toBeNaN();
    expect(windowedCpuPer1k(windows, 0)).toBeNaN();
  });
});
