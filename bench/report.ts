/** Formatting the bench's figures: aligned tables, units, intervals, and one line per budget. */
import type { Interval, Verdict } from "./stats";

export const kib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 1024).toFixed(1)} KiB`);
export const mib = (bytes: number | undefined) => (bytes === undefined ? "n/a" : `${(bytes / 1024 / 1024).toFixed(2)} MiB`);
export const ms = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? "n/a" : `${value.toFixed(digits)} ms`;
export const times = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? "n/a" : `${value.toFixed(2)}×`);
export const int = (value: number | undefined) =>
  value === undefined || !Number.isFinite(value) ? "n/a" : Math.round(value).toLocaleString("en-US");

/** A text table: the first row is the header; columns after the first are right-aligned. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  ");
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(rows[0] ?? []), rule, ...rows.slice(1).map(line)].join("\n");
}

/** `0.97× [0.93–1.01]`: a median and its interval. */
export function interval(ci: Interval | undefined): string {
  if (!ci || !Number.isFinite(ci.median)) return "n/a";
  return `${ci.median.toFixed(2)}× [${ci.lo.toFixed(2)}–${ci.hi.toFixed(2)}]`;
}

export interface Budget {
  name: string;
  /** The statistic it is decided on, as printed, or undefined when it could not be measured. */
  figure: string | undefined;
  /** `<=`, `>=` or `<`. */
  relation: string;
  limit: string;
  verdict: Verdict | undefined;
  /** Why there is no figure, what it means, or what would decide it. */
  note?: string;
}

/** A verdict for a figure measured once (a size): no interval, so never undecided. */
export const exact = (ok: boolean | undefined): Verdict | undefined => (ok === undefined ? undefined : ok ? "met" : "not met");

/** `BUDGET <name>: <figure> <relation> <limit> — met|NOT met|undecided`. */
export function budgetLine(b: Budget): string {
  const verdict = b.verdict === undefined ? "n/a" : b.verdict === "not met" ? "NOT met" : b.verdict;
  const figure = b.figure ?? "n/a";
  return `BUDGET ${b.name}: ${figure} ${b.relation} ${b.limit} — ${verdict}${b.note ? ` (${b.note})` : ""}`;
}

export function heading(title: string): string {
  return `\n== ${title} ${"=".repeat(Math.max(0, 76 - title.length))}`;
}
