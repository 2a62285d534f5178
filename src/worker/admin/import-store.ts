/**
 * An import in D1: each row classified against the list (new, duplicate, suppressed or
 * erased), then, when applied, every new subscriber, consent record and suppression
 * written in one atomic batch. Rows travel as JSON arrays bound to constant statements.
 * @module
 */
import { keyHash } from "../subscriptions/address";
import type { ImportRow, ImportSource, RowProblem, SourceState } from "./import-map";

/** Rows a statement carries: a bound JSON of ~150 bytes a row stays far under D1's 100 KB a statement. */
const CHUNK = 500;

// The primary keys of subscribers (address_key), suppressions and erasures, once a row.
const LOOKUP = `SELECT k, status, suppressed, erased FROM (SELECT j.value ->> 0 AS k,
  (SELECT status FROM subscribers WHERE address_key = j.value ->> 0) AS status,
  EXISTS (SELECT 1 FROM suppressions WHERE address_key = j.value ->> 0) AS suppressed,
  EXISTS (SELECT 1 FROM erasures WHERE key_hash = j.value ->> 1) AS erased
  FROM json_each(?1) j) WHERE status IS NOT NULL OR suppressed OR erased`;
// A suppressed or erased address is never added, whatever the dry run saw.
const INSERT = `INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at, confirmed_at)
  SELECT j.value ->> '$.a', j.value ->> '$.k', ?2, ?3, 1, ?4, ?4, CASE WHEN ?2 = 'confirmed' THEN ?4 END FROM json_each(?1) j
  WHERE NOT EXISTS (SELECT 1 FROM suppressions WHERE address_key = j.value ->> '$.k')
    AND NOT EXISTS (SELECT 1 FROM erasures WHERE key_hash = j.value ->> '$.h')
  ON CONFLICT (address_key) DO NOTHING RETURNING id`;
// Only the rows this import made (made at ?4, no consent yet): their consent came from the source.
const ADD_SUBSCRIBE = `INSERT INTO consents (subscriber_id, action, source, wording, at)
  SELECT s.id, 'subscribe', ?2, ?3, COALESCE(j.value ->> '$.t', ?4) FROM json_each(?1) j JOIN subscribers s ON s.address_key = j.value ->> '$.k'
  WHERE s.created_at = ?4 AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.subscriber_id = s.id)`;
const ADD_CONFIRM = `INSERT INTO consents (subscriber_id, action, source, wording, at)
  SELECT s.id, 'confirm', ?2, ?3, ?4 FROM json_each(?1) j JOIN subscribers s ON s.address_key = j.value ->> '$.k'
  WHERE s.created_at = ?4 AND s.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM consents c WHERE c.subscriber_id = s.id AND c.action = 'confirm')`;
// Who left, bounced or complained at the source: suppressed, unless they are on the list here or were erased.
const ADD_SUPPRESSION = `INSERT OR IGNORE INTO suppressions (address_key, address, reason, source, at)
  SELECT j.value ->> '$.k', j.value ->> '$.a', j.value ->> '$.r', ?2, ?3 FROM json_each(?1) j
  WHERE NOT EXISTS (SELECT 1 FROM subscribers WHERE address_key = j.value ->> '$.k')
    AND NOT EXISTS (SELECT 1 FROM erasures WHERE key_hash = j.value ->> '$.h')`;

export type Mode = "trusted" | "reconfirm";
export type Verdict = "new" | "suppress" | "duplicate" | "suppressed" | "invalid";

export interface Classified {
  row: ImportRow;
  verdict: Verdict;
  /** Why, for every verdict but new. */
  note?: string;
  hash: string;
}

export interface Plan {
  rows: Classified[];
  problems: RowProblem[];
  counts: Record<Verdict, number>;
  /** D1 statements this import ran, the dry run's included. */
  queries: number;
}

const REASON: Record<Exclude<SourceState, "subscribed" | "unconfirmed">, string> = {
  unsubscribed: "unsubscribed",
  bounce: "bounce",
  complaint: "complaint",
};

const chunks = <T>(list: readonly T[]) =>
  Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => list.slice(i * CHUNK, (i + 1) * CHUNK));

/** Sorts every row into what an import would do with it, reading the list in one batch. */
export async function classify(db: D1Database, rows: readonly ImportRow[], problems: readonly RowProblem[], mode: Mode): Promise<Plan> {
  const hashes = await Promise.all(rows.map((r) => keyHash(r.address.key)));
  const parts = chunks(rows.map((r, i) => [r.address.key, hashes[i]]));
  const found = new Map<string, { status: string | null; suppressed: boolean; erased: boolean }>();
  if (parts.length > 0) {
    const results = await db.batch<Record<string, unknown>>(parts.map((p) => db.prepare(LOOKUP).bind(JSON.stringify(p))));
    for (const r of results.flatMap((x) => x.results))
      found.set(String(r.k), {
        status: r.status === null ? null : String(r.status),
        suppressed: r.suppressed === 1,
        erased: r.erased === 1,
      });
  }
  const first = new Map<string, number>();
  const out: Classified[] = rows.map((row, i) => {
    const hash = hashes[i] as string;
    const earlier = first.get(row.address.key);
    if (earlier !== undefined) return { row, hash, verdict: "duplicate", note: `the same address as row ${earlier}` };
    first.set(row.address.key, row.row);
    const here = found.get(row.address.key);
    if (here?.erased) return { row, hash, verdict: "suppressed", note: "erased here at their request: never added again" };
    if (here?.suppressed || here?.status === "suppressed") return { row, hash, verdict: "suppressed", note: "on the suppression list" };
    if (here?.status) return { row, hash, verdict: "duplicate", note: `already on the list (${here.status})` };
    if (row.state === "unsubscribed" || row.state === "bounce" || row.state === "complaint")
      return { row, hash, verdict: "suppress", note: `${row.state === "unsubscribed" ? "unsubscribed" : `${row.state}d`} at the source` };
    if (row.state === "unconfirmed" && mode === "trusted")
      return { row, hash, verdict: "invalid", note: "never confirmed at the source: import them with re-confirm" };
    return { row, hash, verdict: "new" };
  });
  const counts: Record<Verdict, number> = { new: 0, suppress: 0, duplicate: 0, suppressed: 0, invalid: problems.length };
  for (const c of out) counts[c.verdict]++;
  return { rows: out, problems: [...problems], counts, queries: parts.length };
}

export interface ImportRecord {
  source: ImportSource;
  mode: Mode;
  cadence: string;
  editor: string;
  now: number;
}

/** Where each imported row's consent came from, as its consent record keeps it. */
export const consentSource = (r: ImportRecord) =>
  `import:${r.source} ${new Date(r.now).toISOString().slice(0, 10)} by ${r.editor}${r.mode === "reconfirm" ? " (re-confirm)" : ""}`;

const TRUSTED_WORDING = "Consent given at the source and carried over by the editor's import, not asked again here.";
const RECONFIRM_WORDING = "Imported by the editor; nothing is sent before the subscriber confirms through the link mailed to them.";

/** Writes the plan in one atomic batch; the ids of the new subscribers (for re-confirm mails) and the statements run. */
export async function apply(db: D1Database, plan: Plan, record: ImportRecord): Promise<{ added: number[]; queries: number }> {
  const source = consentSource(record);
  const status = record.mode === "trusted" ? "confirmed" : "pending";
  const wording = record.mode === "trusted" ? TRUSTED_WORDING : RECONFIRM_WORDING;
  const statements: D1PreparedStatement[] = [];
  const json = (c: Classified) => ({ a: c.row.address.address, k: c.row.address.key, h: c.hash, t: c.row.since });
  for (const part of chunks(plan.rows.filter((c) => c.verdict === "new"))) {
    const rows = JSON.stringify(part.map(json));
    statements.push(db.prepare(INSERT).bind(rows, status, record.cadence, record.now));
    statements.push(db.prepare(ADD_SUBSCRIBE).bind(rows, source, wording, record.now));
    if (status === "confirmed") statements.push(db.prepare(ADD_CONFIRM).bind(rows, source, wording, record.now));
  }
  const gone = plan.rows.filter((c) => c.verdict === "suppress");
  for (const part of chunks(gone)) {
    const rows = part.map((c) => ({ ...json(c), r: REASON[c.row.state as keyof typeof REASON] }));
    statements.push(db.prepare(ADD_SUPPRESSION).bind(JSON.stringify(rows), source, record.now));
  }
  if (statements.length === 0) return { added: [], queries: 0 };
  const results = await db.batch<{ id: number }>(statements);
  // Only the INSERTs return rows (RETURNING id).
  const added = results.flatMap((r) => r.results.map((x) => x.id)).filter((id) => typeof id === "number");
  return { added, queries: statements.length };
}
