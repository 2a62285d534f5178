/**
 * The fan-out's consumer (SPEC §4): each message is one (announcement, subscriber). The
 * delivery row is claimed first (INSERT OR IGNORE on its primary key), then the mail sent and
 * its message id kept: a retried batch, a message queued twice by overlapping producers or a
 * second cron run finds the row and sends nothing. Transient failures retry with a delay;
 * permanent ones suppress the address.
 * @module
 */
import type { Summary } from "../../shared/api-schema";
import { archive, countFor, entryAt, getSummary, observeClock } from "../lib/store";
import { digestMail } from "../mail/digest-mail";
import { type Mail, MailError, type Mailer } from "../mail/mailer";
import { summaryMail } from "../mail/summary-mail";
import { subscriptionSecret } from "../subscriptions/guard";
import { isReconfirm, sendReconfirm } from "../subscriptions/reconfirm";
import { linkFor } from "../subscriptions/service";
import { findById, type Subscriber } from "../subscriptions/subscribers";
import { type SendMessage, tagsOf } from "./fanout";

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
const ANNOUNCEMENT = "SELECT slug, tags, kind, live_at FROM announcements WHERE id = ?1";
// deliveries_by_subscriber: when the subscriber's last digest of this cadence ran.
const LAST_DIGEST = `SELECT MAX(a.live_at) AS at FROM deliveries d JOIN announcements a ON a.id = d.announcement_id
  WHERE d.subscriber_id = ?1 AND a.kind = ?2 AND d.status = 'sent' AND a.id != ?3`;
/** Summaries in one digest at most (newest kept): twenty stay under 102 KB. */
const DIGEST_MAX = 20;

/** Seconds before a put-off message is tried again: 1, 2, 4 … minutes, at most an hour. */
export const retryDelay = (attempts: number) => Math.min(3600, 60 * 2 ** Math.max(0, (Number.isSafeInteger(attempts) ? attempts : 1) - 1));

/** A queue message's body, checked: it crossed a boundary. */
function sendMessageOf(body: unknown): SendMessage | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { a, s } = body as Record<string, unknown>;
  return Number.isSafeInteger(a) && Number.isSafeInteger(s) ? { a: a as number, s: s as number } : undefined;
}

interface Announced {
  id: number;
  slug: string;
  tags: string[];
  kind: string;
  liveAt: number;
}

const onTopic = (s: Subscriber, tags: readonly string[]) => s.topics === "all" || s.topics.some((t) => tags.includes(t));

/** Whether `s` still wants mail about a summary with `tags`, as each summary goes live. */
function wants(s: Subscriber, tags: readonly string[]): boolean {
  return s.status === "confirmed" && s.cadence === "each" && onTopic(s, tags);
}

/**
 * What a digest run `a` holds for `s`: the summaries on their topics that went live after
 * their last digest of that cadence (or their confirmation) and by the run, newest first.
 */
async function digestOf(db: D1Database, s: Subscriber, a: Announced, origin: string): Promise<Summary[]> {
  const last = await db.prepare(LAST_DIGEST).bind(s.id, a.kind, a.id).first<number | null>("at");
  const since = last ?? s.confirmedAt ?? 0;
  const slugs: string[] = [];
  for (let i = 0; i < countFor() && slugs.length < DIGEST_MAX; i++) {
    const e = entryAt(undefined, i);
    const at = Date.parse(e.published);
    if (at <= since) break;
    if (at <= a.liveAt && onTopic(s, e.tags)) slugs.push(e.slug);
  }
  const found = await Promise.all(slugs.map((slug) => getSummary(slug, origin)));
  return found.filter((x) => x !== undefined);
}

/** The origin of the links in mail: the publication's, else the configured one (no request to take it from). */
const mailOrigin = (env: Env) => archive.publication.base_url ?? env.PUBLIC_ORIGIN.replace(/\/+$/, "");

/** Handles one batch at `now`; every message is acked or retried, never left to fail the batch. */
export async function deliverBatch(batch: MessageBatch, env: Env, mailer: Mailer, now: number): Promise<void> {
  observeClock(now);
  const announcements = new Map<number, Announced | null>();
  const secret = subscriptionSecret(env);
  const origin = mailOrigin(env);
  const from = { name: archive.publication.title, email: env.MAIL_FROM };
  for (const message of batch.messages) {
    if (isReconfirm(message.body)) {
      // An import's double opt-in mail: a provider's refusal is retried like any other.
      await sendReconfirm(env, mailer, message.body.c, origin, now).then(
        () => message.ack(),
        () => message.retry({ delaySeconds: retryDelay(message.attempts) }),
      );
      continue;
    }
    const m = sendMessageOf(message.body);
    if (m === undefined) {
      console.error("send queue: a message that is not {a, s} was dropped");
      message.ack();
      continue;
    }
    try {
      let a = announcements.get(m.a);
      if (a === undefined) {
        const row = await env.DB.prepare(ANNOUNCEMENT).bind(m.a).first<{ slug: string; tags: string; kind: string; live_at: number }>();
        a = row === null ? null : { id: m.a, slug: row.slug, tags: tagsOf(row.tags), kind: row.kind, liveAt: row.live_at };
        announcements.set(m.a, a);
      }
      const subscriber = await findById(env.DB, m.s);
      let compose: ((links: { manageUrl: string; unsubscribeUrl: string }) => Mail) | undefined;
      if (a !== null && subscriber !== undefined && a.kind === "summary" && wants(subscriber, a.tags)) {
        // Not live in this isolate's view (or removed by a deploy): nothing to send now, nothing claimed.
        const summary = await getSummary(a.slug, origin);
        if (summary !== undefined) compose = (links) => summaryMail({ from, to: subscriber.address, summary, prefs: subscriber, ...links });
      } else if (a !== null && subscriber?.status === "confirmed" && subscriber.cadence === a.kind) {
        // A digest with nothing new is skipped: no mail, and no delivery recorded.
        const summaries = await digestOf(env.DB, subscriber, a, origin);
        if (summaries.length > 0) compose = (links) => digestMail({ from, to: subscriber.address, summaries, prefs: subscriber, ...links });
      }
      if (compose === undefined) {
        message.ack();
        continue;
      }
      const claimed = (await env.DB.prepare(CLAIM).bind(m.a, m.s, now).run()).meta.changes === 1;
      if (!claimed && (await env.DB.prepare(RECLAIM).bind(m.a, m.s).run()).meta.changes !== 1) {
        message.ack();
        continue;
      }
      const [manageUrl, unsubscribeUrl] = await Promise.all([
        linkFor(secret, origin, "manage", m.s, now),
        linkFor(secret, origin, "unsubscribe", m.s, now),
      ]);
      const mail = compose({ manageUrl, unsubscribeUrl });
      try {
        const { messageId } = await mailer.send(mail);
        await env.DB.prepare(SENT).bind(m.a, m.s, messageId, now).run();
        if (env.DEV_MAIL_LOG === "1") console.log(`✉ sent "${mail.subject}" to subscriber ${m.s}`);
        message.ack();
      } catch (e) {
        if (!(e instanceof MailError)) throw e;
        if (e.permanent) {
          await env.DB.batch([
            env.DB.prepare(FAILED).bind(m.a, m.s),
            env.DB.prepare(SUPPRESS).bind(m.s, now),
            env.DB.prepare(SUPPRESSION).bind(m.s, now),
          ]);
          message.ack();
        } else {
          await env.DB.prepare(RETRY).bind(m.a, m.s).run();
          // The provider's Retry-After when it gave one, else our back-off.
          message.retry({ delaySeconds: e.retryAfter ?? retryDelay(message.attempts) });
        }
      }
    } catch (e) {
      // D1 or the store failed: the message comes back later (a claimed delivery stays 'sending' and is never re-sent).
      console.error(`send queue: announcement ${m.a}, subscriber ${m.s}:`, e instanceof Error ? e.message : e);
      message.retry({ delaySeconds: retryDelay(message.attempts) });
    }
  }
}

/** The mails recorded for a subscriber, oldest first, for the export of all we hold: which summary or digest, and what became of it. */
export async function deliveriesOf(
  db: D1Database,
  subscriber: number,
): Promise<{ mail: string; status: string; at: number; sent_at: number | null }[]> {
  const { results } = await db
    .prepare(
      "SELECT a.slug AS mail, d.status, d.created_at AS at, d.sent_at FROM deliveries d JOIN announcements a ON a.id = d.announcement_id WHERE d.subscriber_id = ?1 ORDER BY d.created_at, a.id",
    )
    .bind(subscriber)
    .all<{ mail: string; status: string; at: number; sent_at: number | null }>();
  return results;
}
