/**
 * Announcements: each cron run records, once, every summary that went live. The
 * unique slug does the "once": two overlapping runs insert the same rows and one of them
 * is ignored, with no check-then-insert between them.
 * @module
 */
import { countFor, entryAt, observeClock } from "../lib/store";

/** How many of the newest live summaries each run looks at: more than can go live between two runs. */
const RECENT = 100;
/** Summaries per INSERT: one bound parameter (a JSON array) each, far under D1's 100 KB a statement at ~200 bytes a summary. */
const CHUNK = 400;

const INSERT = `INSERT OR IGNORE INTO announcements (slug, tags, kind, live_at, created_at, fanned_out_at)
  SELECT json_extract(value, '$.slug'), json_extract(value, '$.tags'), ?2, json_extract(value, '$.live'), ?3, ?4 FROM json_each(?1)
  WHERE json_extract(value, '$.slug') NOT IN (SELECT slug FROM mail_holds)`;

/**
 * Records the live summaries not yet announced, and returns how many rows it added. The
 * first run (no announcement yet) marks the whole live archive as `baseline`, fanned out
 * already: a first deploy mails nobody about old summaries. What is live is what is live at `now`.
 * A summary held from mail (an editor's hold in mail_holds) is left out until it is released.
 */
export async function announce(db: D1Database, now: number): Promise<number> {
  observeClock(now);
  const first = (await db.prepare("SELECT 1 FROM announcements LIMIT 1").first()) === null;
  const count = first ? countFor() : Math.min(RECENT, countFor());
  const kind = first ? "baseline" : "summary";
  const statements: D1PreparedStatement[] = [];
  for (let from = 0; from < count; from += CHUNK) {
    const rows = [];
    for (let i = from; i < Math.min(count, from + CHUNK); i++) {
      const e = entryAt(undefined, i);
      rows.push({ slug: e.slug, tags: e.tags, live: Date.parse(e.published) });
    }
    statements.push(db.prepare(INSERT).bind(JSON.stringify(rows), kind, now, first ? now : null));
  }
  if (statements.length === 0) return 0;
  const results = await db.batch(statements);
  return results.reduce((sum, r) => sum + r.meta.changes, 0);
}
