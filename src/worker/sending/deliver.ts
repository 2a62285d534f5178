/**
 * The fan-out's consumer: each message is one (announcement, subscriber). The
 * delivery row is claimed first (INSERT OR IGNORE on its primary key), then the mail sent and
 * its message id kept: a retried batch, a message queued twice by overlapping producers or a
 * second cron run finds the row and sends nothing. Transient failures retry with a delay;
 * permanent ones suppress the address.
 * @module
 */
import { observeClock } from "../lib/store";
import { MailError, type Mailer } from "../mail/types";
import { isReconfirm, sendReconfirm } from "../subscriptions/reconfirm";
import { MissingSecretError, subscriptionSecret } from "../subscriptions/secret";
import { linkFor } from "../subscriptions/service";
import { findById } from "../subscriptions/subscribers";
import { type Announced, composeDelivery, mailFrom, mailOrigin } from "./compose";
import { claimDelivery, markRefused, markRetry, markSent } from "./deliveries";
import { type SendMessage, tagsOf } from "./fanout";

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

/** Handles one batch's mail at `now`; every message is acked or retried, never left to fail the batch. */
export async function deliverBatch(batch: Pick<MessageBatch, "messages">, env: Env, mailer: Mailer, now: number): Promise<void> {
  observeClock(now);
  let secret: string;
  try {
    secret = subscriptionSecret(env);
  } catch (e) {
    if (!(e instanceof MissingSecretError)) throw e;
    // No link can be signed: every message waits, none is claimed, until the secret is set.
    for (const message of batch.messages) message.retry({ delaySeconds: retryDelay(message.attempts) });
    return;
  }
  const announcements = new Map<number, Announced | null>();
  const origin = mailOrigin(env);
  const from = mailFrom(env);
  for (const message of batch.messages) {
    if (isReconfirm(message.body)) {
      // An import's double opt-in mail: a provider's refusal is retried like any other.
      await sendReconfirm(env, mailer, message.body.c, secret, origin, now).then(
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
      if (!(await claimDelivery(env.DB, m.a, m.s, now))) {
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
        await markSent(env.DB, m.a, m.s, messageId, now);
        if (env.DEV_MAIL_LOG === "1") console.log(`✉ sent "${mail.subject}" to subscriber ${m.s}`);
        message.ack();
      } catch (e) {
        if (!(e instanceof MailError)) throw e;
        if (e.permanent) {
          await markRefused(env.DB, m.a, m.s, now);
          message.ack();
        } else {
          await markRetry(env.DB, m.a, m.s);
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
