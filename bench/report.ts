/** Formatting the bench's figures: aligned tables, units, and one line per budget. */

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

export interface Budget {
  name: string;
  /** The measured figure as printed, or undefined when it could not be measured. */
  figure: string | undefined;
  /** `<=`, `>=` or `<`. */
  relation: string;
  limit: string;
  met: boolean | undefined;
  /** Why there is no figure, or what it means. */
  note?: string;
}

/** `BUDGET <name>: <figure> <relation> <limit> — met|NOT met`. */
export function budgetLine(b: Budget): string {
  const verdict = b.met === undefined ? "n/a" : b.met ? "met" : "NOT met";
  const figure = b.figure ?? "n/a";
  return `BUDGET ${b.name}: ${figure} ${b.relation} ${b.limit} — ${verdict}${b.note ? ` (${b.note})` : ""}`;
}

export function heading(title: string): string {
  return `\n== ${title} ${"=".repeat(Math.max(0, 76 - title.length))}`;
}
