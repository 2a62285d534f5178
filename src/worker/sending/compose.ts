/**
 * What one delivery's mail is: the one function the queue's consumer and the admin preview
 * both build a message with, so a preview is the mail as it will be sent.
 * @module
 */
import type { Summary } from "../../shared/api-schema";
import { archive, countFor, entryAt, getSummary } from "../lib/store";
import { digestMail } from "../mail/digest-mail";
import { summaryMail } from "../mail/summary-mail";
import type { Mail, MailAddress } from "../mail/types";
import type { Subscriber } from "../subscriptions/subscribers";

// deliveries_by_subscriber: when the subscriber's last digest of this cadence ran.
const LAST_DIGEST = `SELECT MAX(a.live_at) AS at FROM deliveries d JOIN announcements a ON a.id = d.announcement_id
  WHERE d.subscriber_id = ?1 AND a.kind = ?2 AND d.status = 'sent' AND a.id != ?3`;
/** Summaries in one digest at most (newest kept): twenty stay under 102 KB. */
const DIGEST_MAX = 20;

/** An announcement as the consumer reads it: a summary that went live, or a digest run. */
export interface Announced {
  id: number;
  slug: string;
  tags: string[];
  kind: string;
  liveAt: number;
}

/** The links every list mail carries, made for its subscriber once the delivery is claimed. */
export interface ListLinks {
  manageUrl: string;
  unsubscribeUrl: string;
}

export type Compose = (links: ListLinks) => Mail;

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
export const mailOrigin = (env: Env) => archive.publication.base_url ?? env.PUBLIC_ORIGIN.replace(/\/+$/, "");

/** Who list mail comes from. */
export const mailFrom = (env: Env): MailAddress => ({ name: archive.publication.title, email: env.MAIL_FROM });

/**
 * The mail announcement `a` makes for `subscriber`, still to be given its links; undefined
 * when there is nothing to send them (they no longer want it, the summary is not live in
 * this isolate's view, or a digest has nothing new).
 */
export async function composeDelivery(
  db: D1Database,
  a: Announced,
  subscriber: Subscriber,
  from: MailAddress,
  origin: string,
): Promise<Compose | undefined> {
  if (a.kind === "summary") {
    if (!wants(subscriber, a.tags)) return undefined;
    const summary = await getSummary(a.slug, origin);
    if (summary === undefined) return undefined;
    return (links) => summaryMail({ from, to: subscriber.address, summary, prefs: subscriber, ...links });
  }
  if (subscriber.status !== "confirmed" || subscriber.cadence !== a.kind) return undefined;
  const summaries = await digestOf(db, subscriber, a, origin);
  if (summaries.length === 0) return undefined;
  return (links) => digestMail({ from, to: subscriber.address, summaries, prefs: subscriber, ...links });
}
