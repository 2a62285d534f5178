/**
 * CSV for the list: the export written with RFC 4180 quoting (cells a spreadsheet would run as
 * a formula made inert), and imports read (quoted fields, doubled quotes, line breaks inside
 * quotes, CRLF, LF or CR between records, a leading byte-order mark dropped). A quote left open
 * is an error naming the record it opened in; the records before it are kept.
 * @module
 */

/** A spreadsheet treats a cell starting with one of these as a formula (or strips it and then does). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: a leading formula character gets a `'` before it; quotes, commas and line breaks are quoted. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ended by CRLF as RFC 4180 has it. */
export const csvLine = (cells: readonly (string | number | null | undefined)[]) => `${cells.map(csvCell).join(",")}\r\n`;

const CSV_HEADER = ["address", "status", "reason", "cadence", "topics", "created_at", "confirmed_at", "unsubscribed_at", "consents"];

/** The list as one CSV: a row per subscriber, then a row per suppressed address (status `suppressed`, with its reason). */
export function listCsv(list: import("./list-data").ListExport): string {
  let out = csvLine(CSV_HEADER);
  for (const s of list.subscribers) {
    const topics = s.topics === "all" ? "all" : s.topics.join(" ");
    const consents = s.consents.map((c) => `${c.at} ${c.action} (${c.source})`).join("; ");
    out += csvLine([s.address, s.status, "", s.cadence, topics, s.created_at, s.confirmed_at, s.unsubscribed_at, consents]);
  }
  for (const s of list.suppressions) out += csvLine([s.address, "suppressed", s.reason, "", "", s.at, "", "", s.source]);
  return out;
}

export interface CsvRecord {
  /** The record's number in the file, the header being 1. */
  record: number;
  fields: string[];
}

export interface Csv {
  header: string[];
  records: CsvRecord[];
  /** A record that cannot be read (a quote never closed), by its number. */
  error?: { record: number; message: string };
}

/** Reads `text`; blank records (every field empty or spaces) are skipped but keep their number. */
export function readCsv(text: string): Csv {
  const all: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let error: Csv["error"];
  const endField = () => {
    fields.push(field);
    field = "";
  };
  const endRecord = () => {
    endField();
    all.push(fields);
    fields = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === "") {
      const close = closingQuote(text, i + 1);
      if (close < 0) {
        error = { record: all.length + 1, message: "a quoted field is never closed" };
        fields = [];
        break;
      }
      field = text.slice(i + 1, close).replaceAll('""', '"');
      i = close + 1;
    } else if (c === ",") {
      endField();
      i++;
    } else if (c === "\n" || c === "\r") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      // Up to the next comma, quote or line break; a quote inside an unquoted field is kept as it is.
      const stop = nextSpecial(text, i + 1);
      field += text.slice(i, stop);
      i = stop;
    }
  }
  if (error === undefined && (field !== "" || fields.length > 0)) endRecord();
  const [header = [], ...rest] = all;
  const records = rest.map((f, k) => ({ record: k + 2, fields: f })).filter(({ fields: f }) => f.some((x) => x.trim() !== ""));
  return { header, records, ...(error === undefined ? {} : { error }) };
}

/** The index of the quote that closes a field opened before `from` (a doubled quote is a quote), or -1. */
function closingQuote(text: string, from: number): number {
  let i = from;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    if (text[q + 1] !== '"') return q;
    i = q + 2;
  }
}

/** The index of the next comma, quote or line break at or after `from`, or the text's end. */
function nextSpecial(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === "," || c === "\n" || c === "\r" || c === '"') return i;
  }
  return text.length;
}
