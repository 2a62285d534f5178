/**
 * `POST /webhooks/ses`: Amazon SES's bounces and complaints, delivered by Amazon SNS. Only a
 * message of the configured topic (`SES_SNS_TOPIC_ARN`) with a valid SNS signature is
 * believed (401 otherwise, nothing changed). A permanent bounce or a complaint suppresses each
 * address it names, found by the subscription code's address key; a transient bounce changes
 * nothing. A signed SubscriptionConfirmation is confirmed by a GET of its SubscribeURL.
 * @module
 */

import { MAX_SNS_BODY } from "../../shared/limits";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { ProblemError } from "../lib/problem";
import { kindOf, SECURITY_HEADERS } from "../lib/security";
import { isOnHost, isSignedBySns, snsHost, snsMessageOf } from "../mail/sns";
import { isAddress, parseAddress } from "../subscriptions/address";
import { readCapped } from "./subscribe-body";

// The unique address_key; any state but suppressed (a pending address whose confirmation bounced too).
const SUPPRESS = "UPDATE subscribers SET status = 'suppressed', updated_at = ?2 WHERE address_key = ?1 AND status != 'suppressed'";
// Why, for the report's suppression list; the first reason recorded stays.
const SUPPRESSION = "INSERT OR IGNORE INTO suppressions (address_key, address, reason, source, at) VALUES (?1, ?2, ?3, 'ses', ?4)";
// deliveries_by_message: the send the event is about, for the report's bounce and complaint counts.
const FEEDBACK = "UPDATE deliveries SET feedback = ?2 WHERE message_id = ?1 AND (feedback IS NULL OR feedback != 'complaint')";
/** SES names at most 50 recipients a message. */
const MAX_RECIPIENTS = 50;

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const invalid = (message: string) =>
  new ProblemError("invalid-body", `Not an Amazon SNS message: ${message}.`, [{ field: "body", message }]);

/** The addresses an SES event asks us to stop mailing: a permanent bounce's or a complaint's recipients. */
function addressesToSuppress(event: Record<string, unknown>): unknown[] {
  // Identity notifications say notificationType; configuration-set event publishing says eventType.
  const type = event.notificationType ?? event.eventType;
  const bounce = event.bounce as { bounceType?: unknown; bouncedRecipients?: unknown } | undefined;
  const complaint = event.complaint as { complainedRecipients?: unknown } | undefined;
  const list =
    type === "Bounce" && bounce?.bounceType === "Permanent"
      ? bounce.bouncedRecipients
      : type === "Complaint"
        ? complaint?.complainedRecipients
        : [];
  return Array.isArray(list) ? list.slice(0, MAX_RECIPIENTS).map((r) => (r as { emailAddress?: unknown } | null)?.emailAddress) : [];
}

export const sesWebhook = new Hono<AppEnv>().post("/ses", async (c) => {
  let body: unknown;
  try {
    body = JSON.parse(UTF8.decode(await readCapped(c.req.raw, MAX_SNS_BODY)));
  } catch (e) {
    if (e instanceof ProblemError) throw e;
    throw invalid("the body is not UTF-8 JSON");
  }
  const m = snsMessageOf(body);
  if (m === undefined) throw invalid("a field is missing, or the Type is not one SNS sends");
  const topic = c.env.SES_SNS_TOPIC_ARN;
  if (!(await isSignedBySns(m, topic)))
    throw new ProblemError("invalid-signature", "The message is not signed by Amazon SNS for this publication's topic.");

  if (m.Type === "SubscriptionConfirmation") {
    // The same host rule as the certificate's: a signed message still names only SNS.
    const url = m.SubscribeURL ?? "";
    if (!isOnHost(url, snsHost(topic))) throw new ProblemError("invalid-signature", "The SubscribeURL is not on the topic's SNS host.");
    const confirmed = await fetch(url).catch(() => undefined);
    if (!confirmed?.ok) console.error(`ses webhook: confirming the SNS subscription failed (${confirmed?.status ?? "unreachable"})`);
  } else if (m.Type === "Notification") {
    let event: unknown;
    try {
      event = JSON.parse(m.Message);
    } catch {}
    if (typeof event !== "object" || event === null) throw invalid("its Message is not an SES event");
    const e = event as Record<string, unknown>;
    const found = addressesToSuppress(e).flatMap((a) => {
      const parsed = typeof a === "string" ? parseAddress(a.replace(/^.*<([^>]*)>.*$/, "$1")) : undefined;
      return parsed && isAddress(parsed) ? [parsed] : [];
    });
    if (found.length > 0) {
      const now = Date.now();
      const reason = (e.notificationType ?? e.eventType) === "Complaint" ? "complaint" : "bounce";
      const messageId = (e.mail as { messageId?: unknown } | undefined)?.messageId;
      const db = c.env.DB;
      const done = await db.batch([
        ...found.map((a) => db.prepare(SUPPRESS).bind(a.key, now)),
        ...found.map((a) => db.prepare(SUPPRESSION).bind(a.key, a.address, reason, now)),
        ...(typeof messageId === "string" ? [db.prepare(FEEDBACK).bind(messageId, reason)] : []),
      ]);
      // Counts only: an address never reaches the logs.
      const changed = done.slice(0, found.length).reduce((n, r) => n + r.meta.changes, 0);
      console.log(`ses webhook: ${changed} of ${found.length} address(es) suppressed`);
    }
  }
  return new Response(null, { status: 204, headers: { ...SECURITY_HEADERS[kindOf(c.req.path)], "Cache-Control": "no-store" } });
});
