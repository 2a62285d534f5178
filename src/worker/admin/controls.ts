/**
 * What an editor changes about sending: holding a summary from mail, pausing, resuming and
 * cancelling an announcement's fan-out, and the site-wide limit on test sends.
 * @module
 */

/** Test sends allowed in any hour, site-wide. */
export const TEST_SENDS_AN_HOUR = 10;
const HOUR = 3_600_000;

/** Holds `slug` from mail; an announcement of it already under way is paused (its unsent mail waits). */
export async function hold(db: D1Database, slug: string, now: number): Promise<void> {
  await db.batch([
    db.prepare("INSERT OR IGNORE INTO mail_holds (slug, at) VALUES (?1, ?2)").bind(slug, now),
    db
      .prepare(
        "UPDATE announcements SET paused_at = ?2 WHERE slug = ?1 AND kind = 'summary' AND paused_at IS NULL AND cancelled_at IS NULL",
      )
      .bind(slug, now),
  ]);
}

/** Releases a hold: the next cron run announces the summary (a paused announcement of it waits for Resume). */
export async function release(db: D1Database, slug: string): Promise<void> {
  await db.prepare("DELETE FROM mail_holds WHERE slug = ?1").bind(slug).run();
}

export async function heldSlugs(db: D1Database): Promise<Set<string>> {
  const { results } = await db.prepare("SELECT slug FROM mail_holds").all<{ slug: string }>();
  return new Set(results.map((r) => r.slug));
}

/** Pauses a fan-out: nothing more is queued, and queued messages are left unclaimed by the consumer. */
export async function pause(db: D1Database, id: number, now: number): Promise<boolean> {
  const r = await db
    .prepare("UPDATE announcements SET paused_at = ?2 WHERE id = ?1 AND paused_at IS NULL AND cancelled_at IS NULL AND kind != 'baseline'")
    .bind(id, now)
    .run();
  return r.meta.changes === 1;
}

/**
 * Resumes a paused fan-out from its first subscriber: everyone already claimed is skipped by
 * the consumer's claim, everyone left unclaimed is queued again, so nothing is sent twice or lost.
 */
export async function resume(db: D1Database, id: number): Promise<boolean> {
  const r = await db
    .prepare(
      "UPDATE announcements SET paused_at = NULL, cursor = 0, fanned_out_at = NULL WHERE id = ?1 AND paused_at IS NOT NULL AND cancelled_at IS NULL",
    )
    .bind(id)
    .run();
  return r.meta.changes === 1;
}

/** Cancels an announcement that has not started (nothing queued yet) or is paused: no more of its mail goes out. */
export async function cancel(db: D1Database, id: number, now: number): Promise<boolean> {
  const r = await db
    .prepare(
      `UPDATE announcements SET cancelled_at = ?2, paused_at = NULL, fanned_out_at = COALESCE(fanned_out_at, ?2)
       WHERE id = ?1 AND cancelled_at IS NULL AND kind != 'baseline' AND ((cursor = 0 AND fanned_out_at IS NULL) OR paused_at IS NOT NULL)`,
    )
    .bind(id, now)
    .run();
  return r.meta.changes === 1;
}

export interface AnnouncementState {
  id: number;
  slug: string;
  kind: string;
  live_at: number;
  cursor: number;
  fanned_out_at: number | null;
  paused_at: number | null;
  cancelled_at: number | null;
  sent: number;
}

/** The newest announcements (not the baseline), with how many of their mails were sent. */
export async function recentAnnouncements(db: D1Database, limit = 20): Promise<AnnouncementState[]> {
  const { results } = await db
    .prepare(
      `SELECT a.id, a.slug, a.kind, a.live_at, a.cursor, a.fanned_out_at, a.paused_at, a.cancelled_at,
       (SELECT COUNT(*) FROM deliveries d WHERE d.announcement_id = a.id AND d.status = 'sent') AS sent
       FROM announcements a WHERE a.kind != 'baseline' ORDER BY a.id DESC LIMIT ?1`,
    )
    .bind(limit)
    .all<AnnouncementState>();
  return results;
}

/**
 * Counts one test send against the site-wide limit, in one statement (two editors at once
 * cannot both take the last one); false when the last hour's sends reached it.
 */
export async function takeTestSend(db: D1Database, mail: string, now: number): Promise<boolean> {
  const r = await db
    .prepare("INSERT INTO test_sends (mail, at) SELECT ?1, ?2 WHERE (SELECT COUNT(*) FROM test_sends WHERE at > ?2 - ?3) < ?4")
    .bind(mail, now, HOUR, TEST_SENDS_AN_HOUR)
    .run();
  return r.meta.changes === 1;
}
