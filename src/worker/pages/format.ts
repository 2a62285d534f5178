/** Dates as pages print them: `Intl` text for people beside the RFC 3339 value in `<time datetime>`. */

/** A calendar date in words for `lang`, read in UTC: content dates without a time are midnight UTC. */
export function humanDate(iso: string, lang: string): string {
  const date = new Date(iso);
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(date);
  } catch {
    // An unusual BCP 47 tag must not fail the page: fall back to the ISO date.
    return iso.slice(0, 10);
  }
}
