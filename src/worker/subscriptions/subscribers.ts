/**
 * Subscribers in D1. Every statement is a constant with `?N` parameters, bound by D1 and
 * never built from input (a test reads this file to hold that). Which index serves each
 * statement is said next to it.
 * @module
 */
import { CADENCES } from "../../shared/limits";
import { keyHash } from "./address";

const STATUSES = ["pending", "confirmed", "unsubscribed", "suppressed"] as const;
type Status = (typeof STATUSES)[number];
export type Cadence = (typeof CADENCES)[number];

/** What a subscriber asked for: every topic (new ones too), or these tags. */
export interface Preferences {
  cadence: Cadence;
  topics: "all" | readonly string[];
}

export interface Subscriber extends Preferences {
  id: number;
  address: string;
  status: Status;
  createdAt: number;
  updatedAt: number;
  confirmedAt: number | null;
  unsubscribedAt: number | null;
}

interface Consent {
  action: "subscribe" | "confirm" | "preferences" | "unsubscribe";
  /** Which form or link: subscribe-page, api, confirm-page, subscription-page, unsubscribe-page, one-click. */
  source: string;
  wording: string;
  at: number;
}

const MINUTE = 60_000;
/** At most one confirmation mail per address per 10 minutes, and three a day. */
const MAIL_COOLDOWN_MS = 10 * MINUTE;
const MAIL_DAY_MS = 24 * 60 * MINUTE;
const MAILS_PER_DAY = 3;

// sqlite_autoindex_subscribers_1 (the UNIQUE address_key).
const BY_KEY = "SELECT id, status FROM subscribers WHERE address_key = ?1";
// The rowid (INTEGER PRIMARY KEY).
const BY_ID =
  "SELECT id, address, status, cadence, all_topics, created_at, updated_at, confirmed_at, unsubscribed_at FROM subscribers WHERE id = ?1";
// The primary key of subscriber_topics (subscriber_id, topic).
const TOPICS_OF = "SELECT topic FROM subscriber_topics WHERE subscriber_id = ?1 ORDER BY topic";
// consents_by_subscriber.
const CONSENTS_OF = "SELECT action, source, wording, at FROM consents WHERE subscriber_id = ?1 ORDER BY id";
// Unique address_key: two racing first subscribes make one row; the loser inserts nothing.
const INSERT =
  "INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at) VALUES (?1, ?2, 'pending', ?3, ?4, ?5, ?5) ON CONFLICT (address_key) DO NOTHING";
// By id (rowid). Not for confirmed subscribers: their preferences change only on their own page.
const REPEND =
  "UPDATE subscribers SET status = 'pending', cadence = ?2, all_topics = ?3, updated_at = ?4 WHERE id = ?1 AND status IN ('pending', 'unsubscribed')";
const SET_PREFERENCES = "UPDATE subscribers SET cadence = ?2, all_topics = ?3, updated_at = ?4 WHERE id = ?1";
const CLEAR_TOPICS = "DELETE FROM subscriber_topics WHERE subscriber_id = ?1";
const ADD_TOPIC = "INSERT OR IGNORE INTO subscriber_topics (subscriber_id, topic) VALUES (?1, ?2)";
// The new row's id through the unique address_key, so an insert and its topics go in one batch.
const ADD_TOPIC_BY_KEY =
  "INSERT OR IGNORE INTO subscriber_topics (subscriber_id, topic) SELECT id, ?2 FROM subscribers WHERE address_key = ?1";
const ADD_CONSENT = "INSERT INTO consents (subscriber_id, action, source, wording, at) VALUES (?1, ?2, ?3, ?4, ?5)";
const ADD_CONSENT_BY_KEY =
  "INSERT INTO consents (subscriber_id, action, source, wording, at) SELECT id, ?2, ?3, ?4, ?5 FROM subscribers WHERE address_key = ?1";
const CONFIRM = "UPDATE subscribers SET status = 'confirmed', confirmed_at = ?2, updated_at = ?2 WHERE id = ?1 AND status = 'pending'";
const UNSUBSCRIBE =
  "UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = ?2, updated_at = ?2 WHERE id = ?1 AND status IN ('pending', 'confirmed')";
// By id (rowid). Only from the subscriber's own page, whose link proves the address is theirs.
const RESUBSCRIBE =
  "UPDATE subscribers SET status = 'confirmed', unsubscribed_at = NULL, updated_at = ?2 WHERE id = ?1 AND status = 'unsubscribed'";
const ERASE_CONSENTS = "DELETE FROM consents WHERE subscriber_id = ?1";
const ERASE = "DELETE FROM subscribers WHERE id = ?1";
// The primary key of erasures: an import never brings an erased address back (no address is kept, only its hash).
const NOTE_ERASURE = "INSERT OR IGNORE INTO erasures (key_hash, at) VALUES (?1, ?2)";
// deliveries_by_subscriber: the report counts an unsubscribe against the last mail its reader was sent.
const UNSUBSCRIBED_AFTER = `UPDATE deliveries SET feedback = 'unsubscribe' WHERE subscriber_id = ?1 AND feedback IS NULL
  AND announcement_id = (SELECT announcement_id FROM deliveries WHERE subscriber_id = ?1 AND status = 'sent' ORDER BY sent_at DESC LIMIT 1)`;
// By id (rowid). Claims the right to send one mail, in one statement, so two racing requests cannot both send.
const CLAIM_MAIL = `UPDATE subscribers SET
  last_mail_at = ?2,
  mail_day_count = CASE WHEN mail_day_start IS NULL OR mail_day_start <= ?2 - ?4 THEN 1 ELSE mail_day_count + 1 END,
  mail_day_start = CASE WHEN mail_day_start IS NULL OR mail_day_start <= ?2 - ?4 THEN ?2 ELSE mail_day_start END
WHERE id = ?1 AND (last_mail_at IS NULL OR last_mail_at <= ?2 - ?3)
  AND (mail_day_start IS NULL OR mail_day_start <= ?2 - ?4 OR mail_day_count < ?5)
RETURNING id`;

/** Every statement above, for the test that checks they are constants and what indexes they use. */
export const STATEMENTS = {
  BY_KEY,
  BY_ID,
  TOPICS_OF,
  CONSENTS_OF,
  INSERT,
  REPEND,
  SET_PREFERENCES,
  CLEAR_TOPICS,
  ADD_TOPIC,
  ADD_TOPIC_BY_KEY,
  ADD_CONSENT,
  ADD_CONSENT_BY_KEY,
  CONFIRM,
  UNSUBSCRIBE,
  RESUBSCRIBE,
  ERASE_CONSENTS,
  ERASE,
  NOTE_ERASURE,
  UNSUBSCRIBED_AFTER,
  CLAIM_MAIL,
} as const;

const isStatus = (v: unknown): v is Status => STATUSES.includes(v as Status);
const isCadence = (v: unknown): v is Cadence => CADENCES.includes(v as Cadence);
const int = (v: unknown): number => {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError("subscribers: a column holds no integer");
  return v;
};
const intOrNull = (v: unknown): number | null => (v === null ? null : int(v));
const text = (v: unknown): string => {
  if (typeof v !== "string") throw new TypeError("subscribers: a column holds no text");
  return v;
};

const allFlag = (p: Preferences) => (p.topics === "all" ? 1 : 0);
const tagsOf = (p: Preferences) => (p.topics === "all" ? [] : p.topics);

/** The subscriber with this address key: its id and status, or undefined. */
export async function findByKey(db: D1Database, key: string): Promise<{ id: number; status: Status } | undefined> {
  const row = await db.prepare(BY_KEY).bind(key).first();
  if (row === null) return undefined;
  if (!isStatus(row.status)) throw new TypeError("subscribers: unknown status");
  return { id: int(row.id), status: row.status };
}

/** The whole subscriber with their topics, or undefined once erased. */
export async function findById(db: D1Database, id: number): Promise<Subscriber | undefined> {
  const [rows, topics] = await db.batch<Record<string, unknown>>([db.prepare(BY_ID).bind(id), db.prepare(TOPICS_OF).bind(id)]);
  const row = rows?.results[0];
  if (row === undefined) return undefined;
  if (!isStatus(row.status) || !isCadence(row.cadence)) throw new TypeError("subscribers: unknown status or cadence");
  return {
    id: int(row.id),
    address: text(row.address),
    status: row.status,
    cadence: row.cadence,
    topics: row.all_topics === 1 ? "all" : (topics?.results ?? []).map((t) => text(t.topic)),
    createdAt: int(row.created_at),
    updatedAt: int(row.updated_at),
    confirmedAt: intOrNull(row.confirmed_at),
    unsubscribedAt: intOrNull(row.unsubscribed_at),
  };
}

/** The consent records of a subscriber, oldest first. */
export async function consentsOf(db: D1Database, id: number): Promise<Consent[]> {
  const { results } = await db.prepare(CONSENTS_OF).bind(id).all();
  return results.map((r) => {
    const action = text(r.action);
    if (action !== "subscribe" && action !== "confirm" && action !== "preferences" && action !== "unsubscribe")
      throw new TypeError("consents: unknown action");
    return { action, source: text(r.source), wording: text(r.wording), at: int(r.at) };
  });
}

/** A new pending subscriber with their preferences and consent, in one batch; its id, or undefined when the address exists. */
export async function insertPending(
  db: D1Database,
  address: string,
  key: string,
  prefs: Preferences,
  consent: Consent,
): Promise<number | undefined> {
  const inserted = await db.batch([
    db.prepare(INSERT).bind(address, key, prefs.cadence, allFlag(prefs), consent.at),
    ...tagsOf(prefs).map((t) => db.prepare(ADD_TOPIC_BY_KEY).bind(key, t)),
    db.prepare(ADD_CONSENT_BY_KEY).bind(key, consent.action, consent.source, consent.wording, consent.at),
  ]);
  if ((inserted[0]?.meta.changes ?? 0) === 0) return undefined;
  return int(inserted[0]?.meta.last_row_id);
}

function preferenceStatements(db: D1Database, id: number, prefs: Preferences): D1PreparedStatement[] {
  return [db.prepare(CLEAR_TOPICS).bind(id), ...tagsOf(prefs).map((t) => db.prepare(ADD_TOPIC).bind(id, t))];
}

/** A pending or unsubscribed subscriber asks again: pending, with the preferences of the new form. */
export async function repend(db: D1Database, id: number, prefs: Preferences, consent: Consent): Promise<void> {
  await db.batch([
    db.prepare(REPEND).bind(id, prefs.cadence, allFlag(prefs), consent.at),
    ...preferenceStatements(db, id, prefs),
    db.prepare(ADD_CONSENT).bind(id, consent.action, consent.source, consent.wording, consent.at),
  ]);
}

/** New topics and cadence from the subscriber's own page. */
export async function setPreferences(db: D1Database, id: number, prefs: Preferences, consent: Consent): Promise<void> {
  await db.batch([
    db.prepare(SET_PREFERENCES).bind(id, prefs.cadence, allFlag(prefs), consent.at),
    ...preferenceStatements(db, id, prefs),
    db.prepare(ADD_CONSENT).bind(id, consent.action, consent.source, consent.wording, consent.at),
  ]);
}

/** Pending → confirmed, with its consent record; false when the subscriber was not pending. */
export async function confirm(db: D1Database, id: number, consent: Consent): Promise<boolean> {
  const [done] = await db.batch([db.prepare(CONFIRM).bind(id, consent.at)]);
  if ((done?.meta.changes ?? 0) === 0) return false;
  await db.prepare(ADD_CONSENT).bind(id, consent.action, consent.source, consent.wording, consent.at).run();
  return true;
}

/** Pending or confirmed → unsubscribed, with its record; an unsubscribed one stays as it is. */
export async function unsubscribe(db: D1Database, id: number, consent: Consent): Promise<void> {
  const done = await db.prepare(UNSUBSCRIBE).bind(id, consent.at).run();
  if (done.meta.changes > 0)
    await db.batch([
      db.prepare(ADD_CONSENT).bind(id, consent.action, consent.source, consent.wording, consent.at),
      db.prepare(UNSUBSCRIBED_AFTER).bind(id),
    ]);
}

/** Unsubscribed → confirmed again, from the subscriber's own page. */
export async function resubscribe(db: D1Database, id: number, consent: Consent): Promise<void> {
  const done = await db.prepare(RESUBSCRIBE).bind(id, consent.at).run();
  if (done.meta.changes > 0) await db.prepare(ADD_CONSENT).bind(id, consent.action, consent.source, consent.wording, consent.at).run();
}

/**
 * Deletes the subscriber, their topics and consent records. Their id is never reused, so every
 * token for it stops working; the hash of their address keeps an import from adding it again.
 */
export async function erase(db: D1Database, id: number, address: string, now: number): Promise<void> {
  await db.batch([
    db.prepare(ERASE_CONSENTS).bind(id),
    db.prepare(CLEAR_TOPICS).bind(id),
    db.prepare(ERASE).bind(id),
    db.prepare(NOTE_ERASURE).bind(await keyHash(address.toLowerCase()), now),
  ]);
}

/** True when a mail to this subscriber may go now (and counts it); false within the cooldown or past the day's limit. */
export async function claimMail(db: D1Database, id: number, now: number): Promise<boolean> {
  const row = await db.prepare(CLAIM_MAIL).bind(id, now, MAIL_COOLDOWN_MS, MAIL_DAY_MS, MAILS_PER_DAY).first();
  return row !== null;
}
