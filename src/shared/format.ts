/**
 * What a person reads of dates and figures, in one place for the pages, the embed, the card
 * and the feeds: `Intl` text in the summary's language, dates in the publication's time zone.
 * @module
 */
import type { Figure } from "./api-schema";

/** The zone when a publication names none, or names one this runtime does not know. */
export const DEFAULT_TIME_ZONE = "UTC";

/** Whether `zone` is a time zone `Intl` knows here (IANA names such as `Asia/Seoul`, and `UTC`). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || !/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `f(lang)`, or `f()` (the runtime's locale) when `lang` is not a valid BCP 47 tag. */
function inLang<T>(lang: string, f: (locale?: string) => T): T {
  try {
    return f(lang);
  } catch {
    return f();
  }
}

/**
 * The day an instant falls on in `timeZone`, in words: `2026-11-23T01:00:00+09:00` is
 * "November 22, 2026" in UTC and "November 23, 2026" in Asia/Seoul. Null for a broken date;
 * an unknown zone reads as UTC. Content dates without a time are midnight UTC.
 */
export function formatDate(iso: string, lang: string, timeZone: string): string | null {
  const date = new Date(iso);
  if (Number.isNaN(+date)) return null;
  const day = (timeZone: string) => inLang(lang, (l) => date.toLocaleDateString(l, { dateStyle: "long", timeZone }));
  try {
    return day(timeZone);
  } catch {
    return day(DEFAULT_TIME_ZONE);
  }
}

/** A calendar day as written (`2024-05-01`, a figure's "as of"), in words, or null: no zone applies to it. */
function formatDay(text: string, lang: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(text.slice(0, 10)) ? formatDate(`${text.slice(0, 10)}T00:00:00Z`, lang, "UTC") : null;
}

/** A figure as one line: "≈ 11,000 troops · 2023" (≈ where the source hedges). */
export function formatFigure(f: Figure, lang: string): string {
  const value = inLang(lang, (l) => f.value.toLocaleString(l));
  const when = f.period || (f.as_of && (formatDay(f.as_of, lang) ?? f.as_of));
  return `${f.approx ? "≈ " : ""}${value}${f.unit ? ` ${f.unit}` : ""}${when ? ` · ${when}` : ""}`;
}
