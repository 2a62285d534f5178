/**
 * Reading another newsletter's export: the CSV read (./csv), its maker told from its
 * header (Substack, Buttondown, Mailchimp, or any CSV with an `email` column), and each row
 * turned into an address with what its source says of it. Unknown columns are ignored.
 * @module
 */
import { type Address, isAddress, parseAddress } from "../subscriptions/address";
import { readCsv } from "./csv";

export const SOURCES = ["substack", "buttondown", "mailchimp", "csv"] as const;
export type ImportSource = (typeof SOURCES)[number];

/** What the source says of a person: still subscribed (confirmed there or not), or gone and why. */
export type SourceState = "subscribed" | "unconfirmed" | "unsubscribed" | "bounce" | "complaint";

export interface ImportRow {
  /** The row's number in the file, the header being row 1. */
  row: number;
  address: Address;
  state: SourceState;
  /** When the source says they subscribed (Unix ms), if it says. */
  since: number | undefined;
}

export interface RowProblem {
  row: number;
  message: string;
}

export interface ParsedImport {
  source: ImportSource;
  rows: ImportRow[];
  problems: RowProblem[];
}

type Record_ = Record<string, string | undefined>;

const lower = (r: Record_, name: string) => (r[name] ?? "").trim().toLowerCase();
const truthy = (v: string) => v === "true" || v === "1" || v === "yes";

/** A date as the exports write it ("2024-03-01 10:11:12" in UTC, or ISO 8601); undefined when there is none. */
function dateOf(text: string | undefined): number | undefined {
  const t = (text ?? "").trim();
  if (t === "") return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(t) ? `${t.replace(" ", "T")}Z` : t);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Which export this is, from its header. */
export function detectSource(fields: readonly string[]): ImportSource | undefined {
  const has = (f: string) => fields.includes(f);
  if (has("Email Address")) return "mailchimp";
  if (has("email") && has("subscriber_type")) return "buttondown";
  if (has("email") && (has("active_subscription") || has("email_disabled"))) return "substack";
  if (has("email")) return "csv";
  return undefined;
}

/** The column holding the address, per source. */
const EMAIL: Record<ImportSource, string> = { substack: "email", buttondown: "email", mailchimp: "Email Address", csv: "email" };

// Buttondown's subscriber_type values: who may be imported, who must be suppressed.
const BUTTONDOWN_GONE: Record<string, SourceState> = {
  unsubscribed: "unsubscribed",
  removed: "unsubscribed",
  undeliverable: "bounce",
  malformed: "bounce",
  spammy: "complaint",
  complained: "complaint",
  blocked: "complaint",
};

/** What the row's source says of the person, and since when. */
function stateOf(source: ImportSource, r: Record_): { state: SourceState; since: number | undefined } {
  switch (source) {
    case "substack":
      // active_subscription is about a paid plan, not about mail: email_disabled is the unsubscribe.
      return { state: truthy(lower(r, "email_disabled")) ? "unsubscribed" : "subscribed", since: dateOf(r.created_at) };
    case "buttondown": {
      const type = lower(r, "subscriber_type");
      const state = BUTTONDOWN_GONE[type] ?? (type === "unactivated" ? "unconfirmed" : "subscribed");
      return { state, since: dateOf(r.creation_date ?? r.created_at) };
    }
    case "mailchimp": {
      // The unsubscribed and cleaned exports add UNSUB_TIME or CLEAN_TIME; a spam report is an unsubscribe reason.
      const since = dateOf(r.CONFIRM_TIME) ?? dateOf(r.OPTIN_TIME);
      if ((r.CLEAN_TIME ?? "").trim() !== "") return { state: "bounce", since };
      if ((r.UNSUB_TIME ?? "").trim() !== "")
        return { state: /spam|abuse/i.test(`${r.UNSUB_REASON ?? ""}`) ? "complaint" : "unsubscribed", since };
      return { state: "subscribed", since };
    }
    case "csv": {
      const status = lower(r, "status");
      const state: SourceState =
        status === "unsubscribed" ? "unsubscribed" : status === "bounced" ? "bounce" : status === "complained" ? "complaint" : "subscribed";
      return { state, since: dateOf(r.created_at) };
    }
  }
}

/** Parses `text` as the export of `chosen` (or whichever its header says); rows that cannot be imported become problems naming their row. */
export function parseImport(text: string, chosen: ImportSource | "auto"): ParsedImport | { error: string } {
  const csv = readCsv(text);
  const fields = csv.header;
  const source = chosen === "auto" ? detectSource(fields) : chosen;
  if (source === undefined) return { error: "The file's first row names no e-mail column (email, or Email Address for Mailchimp)." };
  const email = EMAIL[source];
  if (!fields.includes(email)) return { error: `The file's first row has no "${email}" column, which a ${source} export has.` };
  const problems: RowProblem[] = [];
  if (csv.error !== undefined)
    problems.push({ row: csv.error.record, message: `the CSV cannot be read from here on: ${csv.error.message}` });
  const rows: ImportRow[] = [];
  for (const { record: row, fields: values } of csv.records) {
    // A too-short or too-long row still has its address; columns are matched by position.
    const r: Record_ = Object.fromEntries(fields.map((name, k) => [name, values[k]]));
    const address = parseAddress(r[email] ?? "");
    if (!isAddress(address)) {
      problems.push({ row, message: `"${(r[email] ?? "").slice(0, 80)}" is not an address: ${address.problem}` });
      continue;
    }
    rows.push({ row, address, ...stateOf(source, r) });
  }
  return { source, rows, problems };
}
