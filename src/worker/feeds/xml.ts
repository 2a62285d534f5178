/**
 * Text that is safe in XML 1.0 feeds: character filtering, escaping, and the date forms
 * RSS (RFC 822), Atom/JSON Feed (RFC 3339) and HTTP (IMF-fixdate) want.
 * @module
 */

/**
 * Characters never emitted: those XML 1.0 forbids (C0 controls but tab, LF and CR; lone
 * surrogates; U+FFFE, U+FFFF), those it discourages and the W3C feed validator flags as
 * "bad characters" (DEL and the C1 controls, the trace of mislabelled windows-1252),
 * U+FFFD, which only ever marks text that was already lost in a decoding error, and U+FEFF, a
 * byte-order mark, which means nothing inside text and which libxml2 (what many readers parse
 * with) loses at the start of some text: a title that began with one would read differently.
 */
const UNSAFE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\uFFFD\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without the characters a feed must not carry (see {@link UNSAFE}). */
export function cleanText(text: string): string {
  return text.replace(UNSAFE, "");
}

// Hexadecimal references, as the RSS Advisory Board profile recommends for `&` and `<` in
// plain-text elements: the W3C validator then reads them as text, not as stray HTML. `>` is
// escaped where it would close `]]>`; CR as a reference so parsers do not fold it to LF.
const TEXT_REFS: Record<string, string> = { "&": "&#x26;", "<": "&#x3C;", ">": "&#x3E;", "\r": "&#xD;" };
// Attribute values also keep quotes, tabs and newlines through attribute-value normalisation.
const ATTR_REFS: Record<string, string> = { ...TEXT_REFS, '"': "&#x22;", "'": "&#x27;", "\t": "&#x9;", "\n": "&#xA;" };

/** Character data for an element: clean, with markup characters as references. */
export function xmlText(text: string): string {
  return cleanText(text).replace(/[&<\r]|(?<=\]\])>/g, (c) => TEXT_REFS[c] as string);
}

/** An attribute value for use between double quotes. */
export function xmlAttr(text: string): string {
  return cleanText(text).replace(/[&<>"'\r\n\t]/g, (c) => ATTR_REFS[c] as string);
}

/** `<name attrs>text</name>`, or `<name attrs/>` for empty text; null/undefined attributes are left out. */
export function element(name: string, attrs: Record<string, string | null | undefined>, text?: string): string {
  let open = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) open += ` ${k}="${xmlAttr(v)}"`;
  return text === undefined || text === "" ? `${open}/>` : `${open}>${xmlText(text)}</${name}>`;
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** RFC 822 (as RFC 2822 tightens it) in UTC with the weekday: `Mon, 23 Nov 2026 00:00:00 +0000`. */
export function rfc822(ms: number): string {
  const d = new Date(ms);
  const date = `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCFullYear(), 4)}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** RFC 3339 in UTC (`Z`), with milliseconds only when there are any. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

/** The HTTP date (`Last-Modified`): IMF-fixdate, whole seconds. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
