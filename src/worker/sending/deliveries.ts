/**
 * The deliveries table: one row per (announcement, subscriber), claimed before its mail is
 * sent and updated with what became of it. Every statement is a constant with `?N` parameters.
 * The queue's consumer writes it; a subscriber's export reads it.
 * @module
 */

const CLAIM = "INSERT OR IGNORE INTO deliveries (announcement_id, subscriber_id, status, created_at) VALUES (?1, ?2, 'sending', ?3)";
// A delivery the provider put off: taken again by exactly one consumer (the status changes under it).
const RECLAIM =
  "UPDATE deliveries SET status = 'sending', attempts = attempts + 1 WHERE announcement_id = ?1 AND subscriber_id = ?2 AND status = 'retry'";
const SENT = "UPDATE deliveries SET status = 'sent', message_id = ?3, sent_at = ?4 WHERE announcement_id = ?1 AND subscriber_id = ?2";
const RETRY = "UPDATE deliveries SET status = 'retry' WHERE announcement_id = ?1 AND subscriber_id = ?2";
const FAILED = "UPDATE deliveries SET status = 'failed' WHERE announcement_id = ?1 AND subscriber_id = ?2";
const SUPPRESS = "UPDATE subscribers SET status = 'suppressed', updated_at = ?2 WHERE id = ?1 AND status = 'confirmed'";
// Why, for the report's suppression list.
const SUPPRESSION = `INSERT OR IGNORE INTO suppressions (address_key, address, reason, source, at)
  SELECT address_key, address, 'refused', 'send', ?2 FROM subscribers WHERE id = ?1`;
// deliveries_by_subscriber.
const OF_SUBSCRIBER =
  "SELECT a.slug AS mail, d.status, d.created_at AS at, d.sent_at FROM deliveries d JOIN announcements a ON a.id = d.announcement_id WHERE d.subscriber_id = ?1 ORDER BY d.created_at, a.id";

/**
 * True when this consumer may send announcement `a` to subscriber `s` now: it made the row,
 * or took back one the provider put off. A second claim of the same delivery is false.
 */
export async function claimDelivery(db: D1Database, a: number, s: number, now: number): Promise<boolean> {
  if ((await db.prepare(CLAIM).bind(a, s, now).run()).meta.changes === 1) return true;
  return (await db.prepare(RECLAIM).bind(a, s).run()).meta.changes === 1;
}

/** The mail went: its provider's message id is kept. */
export async function markSent(db: D1Database, a: number, s: number, messageId: string, now: number): Promise<void> {
  await db.prepare(SENT).bind(a, s, messageId, now).run();
}

/** The provider put the mail off: the delivery waits for its retry. */
export async function markRetry(db: D1Database, a: number, s: number): Promise<void> {
  await db.prepare(RETRY).bind(a, s).run();
}

/** The provider refused the address: the delivery failed, and the subscriber is suppressed with the reason. */
export async function markRefused(db: D1Database, a: number, s: number, now: number): Promise<void> {
  await db.batch([db.prepare(FAILED).bind(a, s), db.prepare(SUPPRESS).bind(s, now), db.prepare(SUPPRESSION).bind(s, now)]);
}

/** The mails recorded for a subscriber, oldest first, for the export of all we hold: which summary or digest, and what became of it. */
export async function deliveriesOf(
  db: D1Database,
  subscriber: number,
): Promise<{ mail: string; status: string; at: number; sent_at: number | null }[]> {
  const { results } = await db
    .prepare(OF_SUBSCRIBER)
    .bind(subscriber)
    .all<{ mail: string; status: string; at: number; sent_at: number | null }>();
  return results;
}
