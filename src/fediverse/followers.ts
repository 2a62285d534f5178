/**
 * The publication's followers in D1 (migrations/0006_fediverse.sql), as Fedify delivers to them:
 * each with its inbox and, where its instance has one, its shared inbox.
 * @module
 */
import type { Recipient } from "@fedify/fedify/vocab";

export interface FollowerRow {
  actor: string;
  follow: string;
  inbox: string;
  sharedInbox: string | null;
}

/** Records a follow; a second Follow from the same actor replaces the first (its Undo names the new one). */
export async function addFollower(db: D1Database, f: FollowerRow): Promise<void> {
  await db
    .prepare(
      `INSERT INTO followers (actor, follow, inbox, shared_inbox, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
       ON CONFLICT (actor) DO UPDATE SET follow = ?2, inbox = ?3, shared_inbox = ?4`,
    )
    .bind(f.actor, f.follow, f.inbox, f.sharedInbox, Date.now())
    .run();
}

/** Undo(Follow): removes the follow `follow` of `actor` (an Undo naming someone else's follow changes nothing). */
export async function removeFollowerByFollow(db: D1Database, follow: string, actor: string): Promise<void> {
  await db.prepare("DELETE FROM followers WHERE follow = ?1 AND actor = ?2").bind(follow, actor).run();
}

export async function removeFollower(db: D1Database, actor: string): Promise<void> {
  await db.prepare("DELETE FROM followers WHERE actor = ?1").bind(actor).run();
}

export async function followerCount(db: D1Database): Promise<number> {
  const row = await db.prepare("SELECT count(*) AS n FROM followers").first<{ n: number }>();
  return row?.n ?? 0;
}

/** Every follower as a recipient, in one query: Fedify groups them by shared inbox. */
export async function followers(db: D1Database): Promise<Recipient[]> {
  const { results } = await db
    .prepare("SELECT actor, inbox, shared_inbox FROM followers ORDER BY id")
    .all<{ actor: string; inbox: string; shared_inbox: string | null }>();
  return results.map((r) => ({
    id: new URL(r.actor),
    inboxId: new URL(r.inbox),
    endpoints: r.shared_inbox === null ? null : { sharedInbox: new URL(r.shared_inbox) },
  }));
}
