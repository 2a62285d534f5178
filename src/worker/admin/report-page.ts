/** The list's report page: who subscribes, how the list grew, what became of each send, and who is suppressed. No tracking: counts only. */
import { archive } from "../lib/store";
import { type Html, html } from "../pages/html";
import { layout } from "../pages/layout";
import type { Report, SendOutcome } from "./list-data";

/** Amazon SES reviews an account whose bounces pass 5% or complaints 0.1% of its mail. */
const BOUNCE_LIMIT = 0.05;
const COMPLAINT_LIMIT = 0.001;

const when = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 16);
const pct = (part: number, whole: number) => (whole === 0 ? "–" : `${((100 * part) / whole).toFixed(part / whole < 0.01 ? 2 : 1)}%`);

/** The warnings a send earns by SES's thresholds, as sentences. */
export function sendWarnings(s: SendOutcome): string[] {
  const out: string[] = [];
  if (s.sent > 0 && s.bounced / s.sent > BOUNCE_LIMIT)
    out.push(`${s.slug}: ${pct(s.bounced, s.sent)} of its mail bounced, over the 5% at which Amazon SES reviews an account.`);
  if (s.sent > 0 && s.complained / s.sent > COMPLAINT_LIMIT)
    out.push(`${s.slug}: ${pct(s.complained, s.sent)} of its mail drew a complaint, over the 0.1% at which Amazon SES reviews an account.`);
  return out;
}

/** The admin pages share the site's shell, kept out of search engines (no path). */
export const adminLayout = (title: string, main: Html) =>
  layout({ origin: "", publication: archive.publication, title, description: "The publication's admin area.", feeds: [] }, main);

const nav = html`<p><a href="/admin">Admin</a> · <a href="/admin/subscribers">Subscribers</a> · <a href="/admin/import">Import</a> · <a href="/admin/export.csv">Export CSV</a> · <a href="/admin/export.json">Export JSON</a></p>`;

export { nav as listNav };

export function reportPage(r: Report): string {
  const statuses = [...new Set(r.byStatus.map((x) => x.status))].sort();
  const cadences = ["each", "daily", "weekly"];
  const cell = (status: string, cadence: string) => r.byStatus.find((x) => x.status === status && x.cadence === cadence)?.n ?? 0;
  const warnings = r.sends.flatMap(sendWarnings);
  return adminLayout(
    "Subscribers",
    html`${nav}<h1>Subscribers</h1>
      ${warnings.map((w) => html`<p class="notice" role="alert">Warning: ${w}</p>`)}
      <h2>By status and cadence</h2>
      <table class="admin-table" id="by-status"><thead><tr><th>status</th>${cadences.map((c) => html`<th>${c}</th>`)}<th>all</th></tr></thead>
      <tbody>${statuses.map(
        (s) =>
          html`<tr data-status="${s}"><th>${s}</th>${cadences.map((c) => html`<td>${cell(s, c)}</td>`)}<td>${cadences.reduce((n, c) => n + cell(s, c), 0)}</td></tr>`,
      )}</tbody></table>
      <h2>By topic (confirmed)</h2>
      <table class="admin-table" id="by-topic"><tbody><tr><th>every topic</th><td>${r.allTopics}</td></tr>
      ${r.byTopic.map((t) => html`<tr><th>${t.topic}</th><td>${t.n}</td></tr>`)}</tbody></table>
      <h2>Over time</h2>
      <p>From the consent records, by UTC day: a confirmation joins, an unsubscribe leaves. Erased subscribers take their records with them.</p>
      <table class="admin-table" id="over-time"><thead><tr><th>day</th><th>joined</th><th>left</th><th>subscribed at its end</th></tr></thead>
      <tbody>${r.overTime
        .slice(-90)
        .reverse()
        .map((d) => html`<tr><td>${d.day}</td><td>${d.joined}</td><td>${d.left}</td><td>${d.total}</td></tr>`)}</tbody></table>
      <h2>Sends</h2>
      <p>Each announcement and digest run, newest first. Refused: the provider would not take it (the address is suppressed). Bounced and complained: as Amazon SES reported them. Unsubscribed: readers who left while it was the last mail they had.</p>
      <table class="admin-table" id="sends"><thead><tr><th>send</th><th>at</th><th>queued</th><th>sent</th><th>refused</th><th>bounced</th><th>complained</th><th>unsubscribed</th></tr></thead>
      <tbody>${r.sends.map(
        (s) =>
          html`<tr data-slug="${s.slug}"><td>${s.slug}${s.fannedOut ? "" : " (queueing)"}</td><td>${when(s.liveAt)}</td><td>${s.queued}</td><td>${s.sent}</td><td>${s.refused}</td><td>${s.bounced} (${pct(s.bounced, s.sent)})</td><td>${s.complained} (${pct(s.complained, s.sent)})</td><td>${s.unsubscribed}</td></tr>`,
      )}</tbody></table>
      <h2>Suppressions</h2>
      <p>Addresses never mailed again. ${r.reasons.map((x) => `${x.reason}: ${x.n}. `)}</p>
      <table class="admin-table" id="suppressions"><thead><tr><th>address</th><th>reason</th><th>source</th><th>since</th></tr></thead>
      <tbody>${r.suppressions.map((s) => html`<tr><td>${s.address}</td><td>${s.reason}</td><td>${s.source}</td><td>${when(s.at)}</td></tr>`)}</tbody></table>`,
  );
}
