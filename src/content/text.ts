/** Text rules shared by every content file: XML 1.0 characters, calendar dates, sentences. */

/**
 * Characters XML 1.0 forbids: C0 controls other than tab, LF and CR, lone surrogates,
 * U+FFFE and U+FFFF. Anything here would make a feed ill-formed.
 */
const XML_FORBIDDEN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Every forbidden character as `{index, line, col, code}` (line and col 1-based). */
export function findXmlForbidden(text: string): { index: number; line: number; col: number; code: string }[] {
  const found: { index: number; line: number; col: number; code: string }[] = [];
  for (const m of text.matchAll(XML_FORBIDDEN)) {
    const before = text.slice(0, m.index);
    const line = before.split("\n").length;
    const col = m.index - before.lastIndexOf("\n");
    const code = `U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
    found.push({ index: m.index, line, col, code });
  }
  return found;
}

export function hasXmlForbidden(text: string): boolean {
  XML_FORBIDDEN.lastIndex = 0;
  const hit = XML_FORBIDDEN.test(text);
  XML_FORBIDDEN.lastIndex = 0;
  return hit;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

function realDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

/** The UTC offset of `timeZone` at the instant `ms`, as RFC 3339 writes it: `Z`, `+09:00`. */
function offsetAt(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "longOffset" }).formatToParts(ms);
  const offset = (parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT").slice(3);
  return offset === "" || offset === "+00:00" ? "Z" : offset;
}

/** The midnight that starts `day` (`YYYY-MM-DD`) in `timeZone`, with the zone's offset. */
function midnightIn(day: string, timeZone: string): string {
  const at = (offset: string) => Date.parse(`${day}T00:00:00${offset}`);
  const first = offsetAt(at("Z"), timeZone);
  const second = offsetAt(at(first), timeZone);
  // They differ only where the offset changes near midnight: keep the one that holds at its own midnight.
  return `${day}T00:00:00${offsetAt(at(second), timeZone) === second ? second : first}`;
}

/**
 * A `YYYY-MM-DD` date or an RFC 3339 date-time with offset, as a normalised RFC 3339
 * string, or an error message. A date becomes the midnight it starts with in the
 * publication's `timeZone` (a known IANA name), so that it reads as that day everywhere.
 */
export function parseContentDate(text: string, timeZone = "UTC"): { iso: string } | { error: string } {
  const d = DATE.exec(text);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (!realDay(y, m, day)) return { error: `"${text}" is not a real calendar date` };
    return { iso: midnightIn(text, timeZone) };
  }
  const t = DATE_TIME.exec(text);
  if (t) {
    const [y, m, day, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(t[i]));
    if (!realDay(y as number, m as number, day as number)) return { error: `"${text}" is not a real calendar date` };
    if ((hh as number) > 23 || (mm as number) > 59 || (ss as number) > 59) return { error: `"${text}" is not a real time of day` };
    const offset = t[8] ?? "Z";
    if (offset !== "Z" && offset !== "z") {
      const [oh, om] = offset.slice(1).split(":").map(Number);
      if ((oh as number) > 23 || (om as number) > 59) return { error: `"${text}" has an impossible UTC offset` };
    }
    return { iso: text.replace("t", "T").replace(/z$/, "Z") };
  }
  return { error: `"${text}" is not a date: write YYYY-MM-DD or an RFC 3339 date-time with offset` };
}

/** Rough sentence count: terminal punctuation followed by space or end. */
export function countSentences(text: string): number {
  const parts = text
    .trim()
    .split(/(?<=[.!?。！？؟])\s+/u)
    .filter((s) => s.trim().length > 0);
  return parts.length;
}

const RTL_LANGS = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "ug", "ur", "yi"]);

export function directionOf(lang: string): "ltr" | "rtl" {
  const [primary = "", script = ""] = lang.toLowerCase().split("-");
  if (script === "arab" || script === "hebr" || script === "thaa" || script === "syrc") return "rtl";
  return RTL_LANGS.has(primary) ? "rtl" : "ltr";
}

/** True where `value` is written in `body`, with or without thousands separators. */
export function bodyHasNumber(body: string, value: number): boolean {
  const plain = body.replace(/(\d)[,\u00A0\u202F\u2009](?=\d{3}(?!\d))/g, "$1");
  // Escaped whole, so that `1e+21` is matched as written and not read as a pattern.
  const written = String(value).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\d.])-?${written}(?![\\d]|\\.\\d)`).test(plain);
}
