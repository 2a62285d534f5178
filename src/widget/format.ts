/** Dates and figures through `Intl`, in the summary's language; a bad language tag falls back to the reader's. */
import type { Figure } from "../shared/api-schema";

function locale(lang: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(lang)[0];
  } catch {
    return undefined;
  }
}

/** `2026-11-23T00:00:00Z` → "23 November 2026": the calendar date as written, whatever the reader's time zone. */
export function formatDate(iso: string, lang: string): string | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(iso);
  if (!m) return null;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return Number.isNaN(+date) ? null : new Intl.DateTimeFormat(locale(lang), { dateStyle: "long", timeZone: "UTC" }).format(date);
}

/** A figure as one line: "≈ 11,000 troops · 2023" (≈ where the source hedges). */
export function formatFigure(f: Figure, lang: string): string {
  const when = f.period ?? (f.as_of && (formatDate(f.as_of, lang) ?? f.as_of));
  return [`${f.approx ? "≈ " : ""}${new Intl.NumberFormat(locale(lang)).format(f.value)}${f.unit ? ` ${f.unit}` : ""}`, when]
    .filter(Boolean)
    .join(" · ");
}
