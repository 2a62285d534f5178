/**
 * The mails an editor can preview and test-send, each built by the code that sends it for
 * real (sending/compose.ts for list mail, subscriptions/service.ts for confirmation and
 * welcome), for a synthetic subscriber who holds no personal data.
 * @module
 */
import { countFor, entryAt, getSummary, hasSummary } from "../lib/store";
import type { Mail } from "../mail/types";
import { requireSecret } from "../routes/secret";
import { type Announced, composeDelivery, mailFrom, mailOrigin } from "../sending/compose";
import { confirmationFor, linkFor, welcomeFor } from "../subscriptions/service";
import type { Subscriber } from "../subscriptions/subscribers";

export type MailKind = "summary" | "daily" | "weekly" | "confirm" | "welcome";
export const MAIL_KINDS: readonly MailKind[] = ["summary", "daily", "weekly", "confirm", "welcome"];

/** Which mail: a kind, and for a summary's announcement its slug. */
export interface MailRef {
  kind: MailKind;
  slug?: string;
}

/** Where the synthetic subscriber's mail is addressed: a reserved domain (RFC 2606), no one's address. */
export const PREVIEW_ADDRESS = "subscriber@example.invalid";
/** Its id: no subscriber has it (ids start at 1), so its links open nobody's subscription. */
const PREVIEW_ID = 0;

const DAY = 86_400_000;
const PERIOD = { daily: DAY, weekly: 7 * DAY } as const;

/** A subscriber of every topic at `cadence`, confirmed at `since`. */
const synthetic = (cadence: Subscriber["cadence"], since: number, now: number): Subscriber => ({
  id: PREVIEW_ID,
  address: PREVIEW_ADDRESS,
  status: "confirmed",
  cadence,
  topics: "all",
  createdAt: since,
  updatedAt: now,
  confirmedAt: since,
  unsubscribedAt: null,
});

/** What `ref` names, as an admin URL path below /admin/preview. */
export const previewPath = (ref: MailRef) =>
  ref.kind === "summary" ? `/admin/preview/summary/${encodeURIComponent(ref.slug ?? "")}` : `/admin/preview/${ref.kind}`;

export const mailName = (ref: MailRef) => (ref.kind === "summary" ? `summary:${ref.slug}` : ref.kind);

/** A mail reference from a form or a path, checked: a summary must be live. */
export function mailRefOf(kind: unknown, slug: unknown): MailRef | undefined {
  if (typeof kind !== "string" || !(MAIL_KINDS as readonly string[]).includes(kind)) return undefined;
  if (kind !== "summary") return { kind: kind as MailKind };
  return typeof slug === "string" && hasSummary(slug) ? { kind: "summary", slug } : undefined;
}

/**
 * The mail `ref` names as it will be sent, or a sentence saying why there is none (a digest
 * with nothing new since its last run).
 */
export async function previewMail(env: Env, db: D1Database, ref: MailRef, now: number): Promise<Mail | string> {
  const secret = requireSecret(env);
  const origin = mailOrigin(env);
  if (ref.kind === "confirm") return (await confirmationFor(env, secret, origin, synthetic("each", now, now), now)).mail;
  if (ref.kind === "welcome") return (await welcomeFor(env, secret, origin, synthetic("each", now, now), now)).mail;
  let a: Announced;
  let subscriber: Subscriber;
  if (ref.kind === "summary") {
    const summary = ref.slug === undefined ? undefined : await getSummary(ref.slug, origin);
    if (summary === undefined) return "This summary is not live.";
    a = { id: 0, slug: summary.slug, tags: [...summary.tags], kind: "summary", liveAt: Date.parse(summary.published) };
    subscriber = synthetic("each", 0, now);
  } else {
    // The next run: what went live since the last run of this cadence (or one period back).
    const last = await db.prepare("SELECT MAX(live_at) AS at FROM announcements WHERE kind = ?1").bind(ref.kind).first<number | null>("at");
    a = { id: 0, slug: `digest:${ref.kind}:preview`, tags: [], kind: ref.kind, liveAt: now };
    subscriber = synthetic(ref.kind, last ?? now - PERIOD[ref.kind], now);
  }
  const compose = await composeDelivery(db, a, subscriber, mailFrom(env), origin);
  if (compose === undefined) return `Nothing has gone live since the last ${ref.kind} digest: the next run sends no mail yet.`;
  const [manageUrl, unsubscribeUrl] = await Promise.all([
    linkFor(secret, origin, "manage", PREVIEW_ID, now),
    linkFor(secret, origin, "unsubscribe", PREVIEW_ID, now),
  ]);
  return compose({ manageUrl, unsubscribeUrl });
}

/** The newest live summaries, for the dashboard. */
export function newestSlugs(limit: number): { slug: string; title: string; published: string }[] {
  const out = [];
  for (let i = 0; i < Math.min(limit, countFor()); i++) {
    const e = entryAt(undefined, i);
    out.push({ slug: e.slug, title: e.title, published: e.published });
  }
  return out;
}
