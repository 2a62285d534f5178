/**
 * What the list's report and export read from D1: counts by status, cadence and topic, the
 * list over time from the consent records, each send's outcome, the suppressions, and the
 * whole list for export. Every statement is a constant with bound parameters.
 * @module
 */

const BY_STATUS = "SELECT status, cadence, COUNT(*) AS n FROM subscribers GROUP BY status, cadence";
const BY_TOPIC = `SELECT topic, COUNT(*) AS n FROM subscriber_topics t JOIN subscribers s ON s.id = t.subscriber_id
  WHERE s.status = 'confirmed' GROUP BY topic ORDER BY n DESC, topic`;
const ALL_TOPICS = "SELECT COUNT(*) AS n FROM subscribers WHERE status = 'confirmed' AND all_topics = 1";
// A day is a UTC day; a confirm (first, or subscribing again) joins, an unsubscribe leaves.
const OVER_TIME = `SELECT at / 86400000 AS day, SUM(action = 'confirm') AS joined, SUM(action = 'unsubscribe') AS left
  FROM consents WHERE action IN ('confirm', 'unsubscribe') GROUP BY day ORDER BY day`;
const SENDS = `SELECT a.id, a.slug, a.kind, a.live_at, a.queued, a.fanned_out_at,
  COUNT(d.subscriber_id) AS claimed, COALESCE(SUM(d.status = 'sent'), 0) AS sent, COALESCE(SUM(d.status = 'failed'), 0) AS refused,
  COALESCE(SUM(d.feedback = 'bounce'), 0) AS bounced, COALESCE(SUM(d.feedback = 'complaint'), 0) AS complained,
  COALESCE(SUM(d.feedback = 'unsubscribe'), 0) AS unsubscribed
  FROM announcements a LEFT JOIN deliveries d ON d.announcement_id = a.id
  WHERE a.kind != 'baseline' GROUP BY a.id ORDER BY a.id DESC LIMIT ?1`;
const SUPPRESSION_REASONS = "SELECT reason, COUNT(*) AS n FROM suppressions GROUP BY reason ORDER BY n DESC";
const SUPPRESSIONS = "SELECT address, reason, source, at FROM suppressions ORDER BY at DESC, address_key LIMIT ?1";
const EXPORT_SUBSCRIBERS =
  "SELECT id, address, status, cadence, all_topics, created_at, confirmed_at, unsubscribed_at FROM subscribers ORDER BY id";
const EXPORT_TOPICS = "SELECT subscriber_id, topic FROM subscriber_topics ORDER BY subscriber_id, topic";
const EXPORT_CONSENTS = "SELECT subscriber_id, action, source, wording, at FROM consents ORDER BY subscriber_id, id";
const EXPORT_SUPPRESSIONS = "SELECT address, reason, source, at FROM suppressions ORDER BY address_key";

/** Sends on the report, newest first. */
const SENDS_SHOWN = 30;
/** Suppressed addresses listed on the report (the export has them all). */
const SUPPRESSIONS_SHOWN = 500;

export interface SendOutcome {
  slug: string;
  kind: string;
  liveAt: number;
  queued: number;
  fannedOut: boolean;
  sent: number;
  refused: number;
  bounced: number;
  complained: number;
  unsubscribed: number;
}

export interface Suppression {
  address: string;
  reason: string;
  source: string;
  at: number;
}

export interface Report {
  byStatus: { status: string; cadence: string; n: number }[];
  byTopic: { topic: string; n: number }[];
  allTopics: number;
  /** Per UTC day with a change: who joined, who left, and the list's size at its end. */
  overTime: { day: string; joined: number; left: number; total: number }[];
  sends: SendOutcome[];
  reasons: { reason: string; n: number }[];
  suppressions: Suppression[];
}

const num = (v: unknown) => (typeof v === "number" ? v : 0);

/** The report, in one batch (one round trip). */
export async function readReport(db: D1Database): Promise<Report> {
  const [status, topic, all, time, sends, reasons, suppressions] = await db.batch<Record<string, unknown>>([
    db.prepare(BY_STATUS),
    db.prepare(BY_TOPIC),
    db.prepare(ALL_TOPICS),
    db.prepare(OVER_TIME),
    db.prepare(SENDS).bind(SENDS_SHOWN),
    db.prepare(SUPPRESSION_REASONS),
    db.prepare(SUPPRESSIONS).bind(SUPPRESSIONS_SHOWN),
  ]);
  let total = 0;
  return {
    byStatus: (status?.results ?? []).map((r) => ({ status: String(r.status), cadence: String(r.cadence), n: num(r.n) })),
    byTopic: (topic?.results ?? []).map((r) => ({ topic: String(r.topic), n: num(r.n) })),
    allTopics: num(all?.results[0]?.n),
    overTime: (time?.results ?? []).map((r) => {
      total += num(r.joined) - num(r.left);
      return { day: new Date(num(r.day) * 86_400_000).toISOString().slice(0, 10), joined: num(r.joined), left: num(r.left), total };
    }),
    sends: (sends?.results ?? []).map((r) => ({
      slug: String(r.slug),
      kind: String(r.kind),
      liveAt: num(r.live_at),
      queued: num(r.queued),
      fannedOut: r.fanned_out_at !== null,
      sent: num(r.sent),
      refused: num(r.refused),
      bounced: num(r.bounced),
      complained: num(r.complained),
      unsubscribed: num(r.unsubscribed),
    })),
    reasons: (reasons?.results ?? []).map((r) => ({ reason: String(r.reason), n: num(r.n) })),
    suppressions: (suppressions?.results ?? []).map((r) => ({
      address: String(r.address),
      reason: String(r.reason),
      source: String(r.source),
      at: num(r.at),
    })),
  };
}

export interface ExportedConsent {
  action: string;
  source: string;
  wording: string;
  at: string;
}

export interface ExportedSubscriber {
  address: string;
  status: string;
  cadence: string;
  topics: "all" | string[];
  created_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
  consents: ExportedConsent[];
}

export interface ListExport {
  exported_at: string;
  subscribers: ExportedSubscriber[];
  suppressions: { address: string; reason: string; source: string; at: string }[];
}

const iso = (ms: unknown) => (typeof ms === "number" ? new Date(ms).toISOString() : null);

/** The whole list with topics, consent records and suppressions, in one batch. */
export async function readExport(db: D1Database, now: number): Promise<ListExport> {
  const [subs, topics, consents, suppressions] = await db.batch<Record<string, unknown>>([
    db.prepare(EXPORT_SUBSCRIBERS),
    db.prepare(EXPORT_TOPICS),
    db.prepare(EXPORT_CONSENTS),
    db.prepare(EXPORT_SUPPRESSIONS),
  ]);
  const topicsOf = new Map<unknown, string[]>();
  for (const t of topics?.results ?? []) topicsOf.set(t.subscriber_id, [...(topicsOf.get(t.subscriber_id) ?? []), String(t.topic)]);
  const consentsOf = new Map<unknown, ExportedConsent[]>();
  for (const c of consents?.results ?? []) {
    const list = consentsOf.get(c.subscriber_id) ?? [];
    list.push({ action: String(c.action), source: String(c.source), wording: String(c.wording), at: iso(c.at) ?? "" });
    consentsOf.set(c.subscriber_id, list);
  }
  return {
    exported_at: new Date(now).toISOString(),
    subscribers: (subs?.results ?? []).map((s) => ({
      address: String(s.address),
      status: String(s.status),
      cadence: String(s.cadence),
      topics: s.all_topics === 1 ? "all" : (topicsOf.get(s.id) ?? []),
      created_at: iso(s.created_at) ?? "",
      confirmed_at: iso(s.confirmed_at),
      unsubscribed_at: iso(s.unsubscribed_at),
      consents: consentsOf.get(s.id) ?? [],
    })),
    suppressions: (suppressions?.results ?? []).map((s) => ({
      address: String(s.address),
      reason: String(s.reason),
      source: String(s.source),
      at: iso(s.at) ?? "",
    })),
  };
}
