/**
 * What the followers are told, from the cron: a Create when a summary's announcement (the same row
 * the e-mail fan-out sends from) first appears, an Update when its `updated` changed (a correction
 * deployed), a Delete when it left the archive. Each row of `fediverse_posts` is changed by a
 * conditional statement before its activity is queued, so two overlapping runs send it once.
 * @module
 */
import { Delete, Tombstone, Update } from "@fedify/fedify/vocab";
import { archive, countFor, entryAt, getSummary, observeClock } from "../worker/lib/store";
import type { FediverseEnv } from "./env";
import { createOf, federationFor, HANDLE, noteIds } from "./federation";
import { noteOf } from "./objects";

export interface Published {
  created: number;
  updated: number;
  deleted: number;
}

/**
 * Tells the followers what changed since the last run. `origin` is the site's, which the ids are
 * minted under (the publication's base_url when it has one).
 */
export async function publish(env: FediverseEnv, origin: string, now: number): Promise<Published> {
  observeClock(now);
  const db = env.DB;
  const fed = federationFor(env);
  const ctx = fed.createContext(new URL(origin), env);
  const done: Published = { created: 0, updated: 0, deleted: 0 };
  /**
   * Queues `activity` for the followers, or, when that fails, undoes the claim made for it (so the
   * next run tries again) and throws. One message per shared inbox straight from here: Fedify's
   * fan-out message lists every follower, which outgrows a Queue message (128 KB) at a few
   * thousand followers.
   */
  const send = async (activity: Update | Delete | ReturnType<typeof createOf>, undo: D1PreparedStatement) => {
    try {
      await ctx.sendActivity({ identifier: HANDLE }, "followers", activity, { preferSharedInbox: true, fanout: "skip" });
    } catch (err) {
      await undo.run();
      throw err;
    }
  };

  // The first run (no post yet) takes every summary announced so far as told already: followers
  // who arrive later are not flooded with the archive.
  const first = (await db.prepare("SELECT 1 FROM fediverse_posts LIMIT 1").first()) === null;
  const { results: fresh } = await db
    .prepare(
      `SELECT a.slug FROM announcements a LEFT JOIN fediverse_posts p ON p.slug = a.slug
       WHERE a.kind IN ('summary', 'baseline') AND p.slug IS NULL ORDER BY a.id`,
    )
    .all<{ slug: string }>();
  for (const { slug } of fresh) {
    const summary = await getSummary(slug, origin);
    const version = summary === undefined ? "" : (summary.updated ?? summary.published);
    const claimed = await db
      .prepare("INSERT OR IGNORE INTO fediverse_posts (slug, version, created_at, updated_at, deleted_at) VALUES (?1, ?2, ?3, ?3, ?4)")
      .bind(slug, version, now, summary === undefined ? now : null)
      .run();
    if (claimed.meta.changes === 0 || first || summary === undefined) continue;
    await send(createOf(noteOf(summary, noteIds(origin, slug, ctx))), db.prepare("DELETE FROM fediverse_posts WHERE slug = ?1").bind(slug));
    done.created++;
  }

  // Corrections and removals change only with a deploy: the archive's version says whether to look.
  const seenKey = "archive-version";
  const seen = await db.prepare("SELECT value FROM fedify_kv WHERE key = ?1").bind(seenKey).first<{ value: string }>();
  if (seen?.value === JSON.stringify(archive.version)) return done;
  const live = new Map<string, string>();
  for (let i = 0; i < countFor(); i++) {
    const e = entryAt(undefined, i);
    live.set(e.slug, e.modified);
  }
  const { results: posts } = await db
    .prepare("SELECT slug, version FROM fediverse_posts WHERE deleted_at IS NULL")
    .all<{ slug: string; version: string }>();
  for (const post of posts) {
    const modified = live.get(post.slug);
    if (modified === undefined) {
      const claimed = await db
        .prepare("UPDATE fediverse_posts SET deleted_at = ?2, updated_at = ?2 WHERE slug = ?1 AND deleted_at IS NULL")
        .bind(post.slug, now)
        .run();
      if (claimed.meta.changes === 0) continue;
      const ids = noteIds(origin, post.slug, ctx);
      await send(
        new Delete({ id: new URL(`${ids.id.href}#delete`), actor: ids.actor, to: ids.followers, object: new Tombstone({ id: ids.id }) }),
        db.prepare("UPDATE fediverse_posts SET deleted_at = NULL WHERE slug = ?1").bind(post.slug),
      );
      done.deleted++;
    } else if (Date.parse(modified) !== Date.parse(post.version)) {
      const summary = await getSummary(post.slug, origin);
      if (summary === undefined) continue;
      const claimed = await db
        .prepare("UPDATE fediverse_posts SET version = ?3, updated_at = ?4 WHERE slug = ?1 AND version = ?2")
        .bind(post.slug, post.version, modified, now)
        .run();
      if (claimed.meta.changes === 0) continue;
      const note = noteOf(summary, noteIds(origin, post.slug, ctx));
      await send(
        new Update({
          id: new URL(`${note.id?.href}#update-${Date.parse(modified)}`),
          actor: note.attributionId,
          to: note.toId,
          cc: note.ccId,
          object: note,
        }),
        db.prepare("UPDATE fediverse_posts SET version = ?2 WHERE slug = ?1 AND version = ?3").bind(post.slug, post.version, modified),
      );
      done.updated++;
    }
  }
  await db
    .prepare("INSERT INTO fedify_kv (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2")
    .bind(seenKey, JSON.stringify(archive.version))
    .run();
  return done;
}
