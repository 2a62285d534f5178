/**
 * Digest runs: at `DIGEST_HOUR` in the publication's time zone, one daily run, and on
 * `DIGEST_WEEKDAY` one weekly run, each recorded once as an announcement of its cadence (the
 * cron fires twelve times in that hour; the slug names the local date, so one row is made).
 * What each subscriber's digest holds is decided when it is sent (`deliver.ts`).
 * @module
 */
import { archive } from "../lib/store";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The local date (YYYY-MM-DD), hour (0–23) and ISO weekday (1 Monday … 7 Sunday) of `now` in `timeZone`. */
export function localTime(now: number, timeZone: string): { date: string; hour: number; weekday: number } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
    weekday: "short",
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    date: `${part("year")}-${part("month")}-${part("day")}`,
    hour: Number(part("hour")),
    weekday: WEEKDAYS.indexOf(part("weekday")) + 1,
  };
}

/** A whole number from a `[vars]` string, or `fallback` when it is not one within `min`–`max`. */
function setting(value: string | undefined, min: number, max: number, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

const INSERT = "INSERT OR IGNORE INTO announcements (slug, tags, kind, live_at, created_at) VALUES (?1, '[]', ?2, ?3, ?3)";

/** Records the digest runs due at `now`, once each; returns how many rows it added. */
export async function scheduleDigests(db: D1Database, env: Pick<Env, "DIGEST_HOUR" | "DIGEST_WEEKDAY">, now: number): Promise<number> {
  const local = localTime(now, archive.publication.timezone);
  if (local.hour !== setting(env.DIGEST_HOUR, 0, 23, 8)) return 0;
  const kinds = local.weekday === setting(env.DIGEST_WEEKDAY, 1, 7, 1) ? ["daily", "weekly"] : ["daily"];
  const results = await db.batch(kinds.map((kind) => db.prepare(INSERT).bind(`digest:${kind}:${local.date}`, kind, now)));
  return results.reduce((sum, r) => sum + r.meta.changes, 0);
}
