/** The admin area's pages: the dashboard and a mail's preview, server-rendered with the site's layout. */
import type { Mail } from "../mail/types";
import { type Html, html, raw } from "../pages/html";
import { layout, type Site } from "../pages/layout";
import type { AnnouncementState } from "./controls";
import { type MailRef, mailName, previewPath } from "./preview";

/** The admin pages' own rules, inline and allowed by their hash (respond.ts). */
export const ADMIN_CSS = `.admin-frames{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.admin-frames figure{margin:0}.admin-frames iframe{border:1px solid #8888;height:900px;background:#fff}
.admin-text{white-space:pre-wrap;max-width:72ch;border:1px solid #8888;padding:1rem;overflow:auto}
.admin-table td,.admin-table th{padding:.25rem .5rem;text-align:left;vertical-align:top}
.admin-inline{display:inline}`;

export interface AdminView extends Site {
  email: string;
  csrf: string;
  /** The admin pages' `<style>`, as respond.ts allows it. */
  style: Html;
}

const page = (v: AdminView, title: string, main: Html) =>
  layout({ ...v, title, description: "The publication's admin area.", feeds: [] }, html`${v.style}${main}`);

const when = (ms: number | null) => (ms === null ? "" : new Date(ms).toISOString().replace("T", " ").slice(0, 16));

function stateOf(a: AnnouncementState): string {
  if (a.cancelled_at !== null) return "cancelled";
  if (a.paused_at !== null) return "paused";
  if (a.fanned_out_at === null) return a.cursor === 0 ? "pending" : "queueing";
  return "queued";
}

/** One button that POSTs `fields` (with the CSRF token) to `action`. */
const button = (v: AdminView, action: string, label: string, fields: Record<string, string> = {}) =>
  html`<form class="admin-inline" method="post" action="${action}">${raw(v.csrf)}${Object.entries(fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}"/>`,
  )}<button type="submit">${label}</button></form>`;

export function dashboardPage(
  v: AdminView,
  summaries: readonly { slug: string; title: string; published: string; held: boolean }[],
  announcements: readonly AnnouncementState[],
  notice?: string,
): string {
  return page(
    v,
    "Admin",
    html`<h1>Admin</h1>
      <p class="lede">Signed in as ${v.email}.</p>
      ${notice && html`<p class="notice" role="status">${notice}</p>`}
      <h2>The list</h2>
      <ul>
        <li><a href="/admin/subscribers">Subscribers: the report, each send's outcome, the suppressions</a></li>
        <li><a href="/admin/import">Import from Substack, Buttondown or Mailchimp</a></li>
        <li>Export the whole list as <a href="/admin/export.csv">CSV</a> or <a href="/admin/export.json">JSON</a></li>
      </ul>
      <h2>Mails</h2>
      <ul>
        <li><a href="/admin/preview/daily">The next daily digest</a></li>
        <li><a href="/admin/preview/weekly">The next weekly digest</a></li>
        <li><a href="/admin/preview/confirm">The confirmation mail</a></li>
        <li><a href="/admin/preview/welcome">The welcome mail</a></li>
      </ul>
      <h2>Summaries</h2>
      <table class="admin-table">
        <thead><tr><th>Summary</th><th>Published</th><th>Mail</th><th></th></tr></thead>
        <tbody>${summaries.map(
          (
            s,
          ) => html`<tr><td><a href="${previewPath({ kind: "summary", slug: s.slug })}">${s.title}</a></td><td>${s.published.slice(0, 16)}</td>
            <td>${s.held ? "held" : "sent when it goes live"}</td>
            <td>${button(v, "/admin/hold", s.held ? "Release" : "Hold from mail", { slug: s.slug, action: s.held ? "release" : "hold" })}</td></tr>`,
        )}</tbody>
      </table>
      <h2>Sending</h2>
      ${
        announcements.length === 0
          ? html`<p>Nothing has been announced yet.</p>`
          : html`<table class="admin-table">
        <thead><tr><th>Announcement</th><th>Live</th><th>State</th><th>Sent</th><th></th></tr></thead>
        <tbody>${announcements.map((a) => {
          const state = stateOf(a);
          const at = `/admin/announcements/${a.id}`;
          return html`<tr><td>${a.slug}</td><td>${when(a.live_at)}</td><td>${state}</td><td>${a.sent}</td><td>
            ${state !== "cancelled" && state !== "paused" && button(v, `${at}/pause`, "Pause")}
            ${state === "paused" && button(v, `${at}/resume`, "Resume")}
            ${(state === "pending" || state === "paused") && button(v, `${at}/cancel`, "Cancel")}</td></tr>`;
        })}</tbody>
      </table>`
      }`,
  );
}

export function previewPage(v: AdminView, ref: MailRef, mail: Mail | string, recipients: readonly string[], notice?: string): string {
  const path = previewPath(ref);
  const body =
    typeof mail === "string"
      ? html`<p class="notice">${mail}</p>`
      : html`<dl>
          <dt>Subject</dt><dd>${mail.subject}</dd>
          <dt>From</dt><dd>${mail.from.name} &lt;${mail.from.email}&gt;</dd>
          <dt>To</dt><dd>${mail.to} (a synthetic subscriber)</dd>
          ${Object.entries(mail.headers).map(([k, value]) => html`<dt>${k}</dt><dd>${value}</dd>`)}
        </dl>
        <p><a href="${path}/eml" download="${`${mailName(ref).replace(/[^a-z0-9-]+/gi, "-")}.eml`}">Download the .eml</a></p>
        <div class="admin-frames">
          <figure><figcaption>HTML, 600 px</figcaption><iframe title="The HTML part at 600 px" sandbox="" src="${path}/html" width="600"></iframe></figure>
          <figure><figcaption>HTML, 375 px</figcaption><iframe title="The HTML part at 375 px" sandbox="" src="${path}/html" width="375"></iframe></figure>
          <figure><figcaption>Text part</figcaption><pre class="admin-text">${mail.text}</pre></figure>
        </div>
        <h2>Send a test</h2>
        <form method="post" action="/admin/test-send">${raw(v.csrf)}
          <input type="hidden" name="mail" value="${ref.kind}"/>${ref.slug !== undefined && html`<input type="hidden" name="slug" value="${ref.slug}"/>`}
          <label>To <select name="to">${recipients.map((r) => html`<option>${r}</option>`)}</select></label>
          <button type="submit">Send a test</button>
        </form>`;
  return page(
    v,
    `Preview: ${mailName(ref)}`,
    html`<p><a href="/admin">Admin</a></p><h1>Preview: ${mailName(ref)}</h1>${notice && html`<p class="notice" role="status">${notice}</p>`}${body}`,
  );
}
