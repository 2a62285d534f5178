/** Dates and figures through `Intl`, in the summary's language; a bad language tag falls back to the reader's. */
import type { Figure } from "../shared/api-schema";

/** `f(lang)`, or `f()` (the reader's locale) when `lang` is not a valid BCP 47 tag. */
function inLang<T>(lang: string, f: (locale?: string) => T): T {
  try {
    return f(lang);
  } catch {
    return f();
  }
}

/** `2026-11-23T00:00:00Z` → "23 November 2026": the calendar date as written, whatever the reader's time zone. */
export function formatDate(iso: string, lang: string): string | null {
  const date = new Date(iso.slice(0, 10));
  return Number.isNaN(+date) ? null : inLang(lang, (l) => date.toLocaleDateString(l, { dateStyle: "long", timeZone: "UTC" }));
}

/** A figure as one line: "≈ 11,000 troops · 2023" (≈ where the source hedges). */
export function formatFigure(f: Figure, lang: string): string {
  const value = inLang(lang, (l) => f.value.toLocaleString(l));
  const when = f.period || (f.as_of && (formatDate(f.as_of, lang) ?? f.as_of));
  return `${f.approx ? "≈ " : ""}${value}${f.unit ? ` ${f.unit}` : ""}${when ? ` · ${when}` : ""}`;
}
