/** CSV as the export writes it: RFC 4180 quoting, and cells a spreadsheet would run as a formula made inert. */

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
