/**
 * The fan-out's consumer: each message is one (announcement, subscriber). The
 * delivery row is claimed first (INSERT OR IGNORE on its primary key), then the mail sent and
 * its message id kept: a retried batch, a message queued twice by overlapping producers or a
 * second cron run finds the row and sends nothing. Transient failures retry with a delay;
 * permanent ones suppress the address.
 * @module
 */
import { observeClock } from "../lib/store";
import { MailError, type Mailer } from "../mail/mailer";
import { subscriptionSecret } from "../subscriptions/guard";
import { isReconfirm, sendReconfirm } from "../subscriptions/reconfirm";
import { linkFor } from "../subscriptions/service";
import { findById } from "../subscriptions/subscribers";
import { type Announced, composeDelivery, mailFrom, mailOrigin } from "./compose";
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
// The announcement, and whether an editor paused or cancelled it (its messages are then left unclaimed).
const ANNOUNCEMENT = "SELECT slug, tags, kind, live_at, paused_at, cancelled_at FROM announcements WHERE id = ?1";

/** Seconds before a put-off message is tried again: 1, 2, 4 … minutes, at most an hour. */
export const retryDelay = (attempts: number) => Math.min(3600, 60 * 2 ** Math.max(0, (Number.isSafeInteger(attempts) ? attempts : 1) - 1));

/** A queue message's body, checked: it crossed a boundary. */
function sendMessageOf(body: unknown): SendMessage | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { a, s } = body as Record<string, unknown>;
  return Number.isSafeInteger(a) && Number.isSafeInteger(s) ? { a: a as number, s: s as number } : undefined;
}

interface AnnouncementRow {
  slug: string;
  tags: string;
  kind: string;
  live_at: number;
  paused_at: number | null;
  cancelled_at: number | null;
}

const announcedOf = (id: number, r: AnnouncementRow): Announced => ({
  id,
  slug: r.slug,
  tags: tagsOf(r.tags),
  kind: r.kind,
  liveAt: r.live_at,
});

/** Handles one batch at `now`; every message is acked or retried, never left to fail the batch. */
export async function deliverBatch(batch: MessageBatch, env: Env, mailer: Mailer, now: number): Promise<void> {
  observeClock(now);
  const announcements = new Map<number, Announced | null>();
  const secret = subscriptionSecret(env);
  const origin = mailOrigin(env);
  const from = mailFrom(env);
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
        const row = await env.DB.prepare(ANNOUNCEMENT).bind(m.a).first<AnnouncementRow>();
        // Paused or cancelled: nothing claimed, so resuming queues it again and it is sent once.
        a = row === null || row.paused_at !== null || row.cancelled_at !== null ? null : announcedOf(m.a, row);
        announcements.set(m.a, a);
      }
      const subscriber = await findById(env.DB, m.s);
      const compose = a === null || subscriber === undefined ? undefined : await composeDelivery(env.DB, a, subscriber, from, origin);
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
