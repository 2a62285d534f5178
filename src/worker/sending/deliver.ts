/**
 * The fan-out's consumer (SPEC §4): each message is one (announcement, subscriber). The
 * delivery row is claimed first (INSERT OR IGNORE on its primary key), then the mail sent and
 * its message id kept: a retried batch, a message queued twice by overlapping producers or a
 * second cron run finds the row and sends nothing. Transient failures retry with a delay;
 * permanent ones suppress the address.
 * @module
 */
import { archive, getSummary, observeClock } from "../lib/store";
import { MailError, type Mailer } from "../mail/mailer";
import { summaryMail } from "../mail/summary-mail";
import { subscriptionSecret } from "../subscriptions/guard";
import { linkFor } from "../subscriptions/service";
import { findById, type Subscriber } from "../subscriptions/subscribers";
import type { SendMessage } from "./fanout";

const CLAIM = "INSERT OR IGNORE INTO deliveries (announcement_id, subscriber_id, status, created_at) VALUES (?1, ?2, 'sending', ?3)";
// A delivery the provider put off: taken again by exactly one consumer (the status changes under it).
const RECLAIM =
  "UPDATE deliveries SET status = 'sending', attempts = attempts + 1 WHERE announcement_id = ?1 AND subscriber_id = ?2 AND status = 'retry'";
const SENT = "UPDATE deliveries SET status = 'sent', message_id = ?3, sent_at = ?4 WHERE announcement_id = ?1 AND subscriber_id = ?2";
const RETRY = "UPDATE deliveries SET status = 'retry' WHERE announcement_id = ?1 AND subscriber_id = ?2";
const FAILED = "UPDATE deliveries SET status = 'failed' WHERE announcement_id = ?1 AND subscriber_id = ?2";
const SUPPRESS = "UPDATE subscribers SET status = 'suppressed', updated_at = ?2 WHERE id = ?1 AND status = 'confirmed'";
const ANNOUNCEMENT = "SELECT slug, tags, kind FROM announcements WHERE id = ?1";

/** Seconds before a put-off message is tried again: 1, 2, 4 … minutes, at most an hour. */
export const retryDelay = (attempts: number) => Math.min(3600, 60 * 2 ** Math.max(0, (Number.isSafeInteger(attempts) ? attempts : 1) - 1));

/** A queue message's body, checked: it crossed a boundary. */
function sendMessageOf(body: unknown): SendMessage | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { a, s } = body as Record<string, unknown>;
  return Number.isSafeInteger(a) && Number.isSafeInteger(s) ? { a: a as number, s: s as number } : undefined;
}

interface Announced {
  slug: string;
  tags: string[];
  kind: string;
}

/** Whether `s` still wants mail about a summary with `tags`, as each summary goes live. */
function wants(s: Subscriber, tags: readonly string[]): boolean {
  if (s.status !== "confirmed" || s.cadence !== "each") return false;
  return s.topics === "all" || s.topics.some((t) => tags.includes(t));
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
    const m = sendMessageOf(message.body);
    if (m === undefined) {
      console.error("send queue: a message that is not {a, s} was dropped");
      message.ack();
      continue;
    }
    try {
      let a = announcements.get(m.a);
      if (a === undefined) {
        const row = await env.DB.prepare(ANNOUNCEMENT).bind(m.a).first<{ slug: string; tags: string; kind: string }>();
        a = row === null ? null : { slug: row.slug, tags: JSON.parse(row.tags) as string[], kind: row.kind };
        announcements.set(m.a, a);
      }
      const subscriber = await findById(env.DB, m.s);
      if (a === null || a.kind !== "summary" || subscriber === undefined || !wants(subscriber, a.tags)) {
        message.ack();
        continue;
      }
      const summary = await getSummary(a.slug, origin);
      if (summary === undefined) {
        // Not live in this isolate's view (or removed by a deploy): nothing to send now, nothing claimed.
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
      const mail = summaryMail({ from, to: subscriber.address, summary, prefs: subscriber, manageUrl, unsubscribeUrl });
      try {
        const { messageId } = await mailer.send(mail);
        await env.DB.prepare(SENT).bind(m.a, m.s, messageId, now).run();
        if (env.DEV_MAIL_LOG === "1") console.log(`✉ sent "${mail.subject}" to subscriber ${m.s}`);
        message.ack();
      } catch (e) {
        if (!(e instanceof MailError)) throw e;
        if (e.permanent) {
          await env.DB.batch([env.DB.prepare(FAILED).bind(m.a, m.s), env.DB.prepare(SUPPRESS).bind(m.s, now)]);
          message.ack();
        } else {
          await env.DB.prepare(RETRY).bind(m.a, m.s).run();
          message.retry({ delaySeconds: retryDelay(message.attempts) });
        }
      }
    } catch (e) {
      // D1 or the store failed: the message comes back later (a claimed delivery stays 'sending' and is never re-sent).
      console.error(`send queue: announcement ${m.a}, subscriber ${m.s}:`, e instanceof Error ? e.message : e);
      message.retry({ delaySeconds: retryDelay(message.attempts) });
    }
  }
}
