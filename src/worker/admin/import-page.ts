/** The import's pages: the form, the dry run (what each row would become) and the result. */
import { type Html, html, raw } from "../pages/html";
import { SOURCES } from "./import-map";
import type { Plan, Verdict } from "./import-store";
import { adminLayout, listNav } from "./report-page";

const VERDICTS: Record<Verdict, string> = {
  new: "new: to be added",
  suppress: "left, bounced or complained at the source: to be suppressed",
  duplicate: "duplicate: already on the list or earlier in the file, left as it is",
  suppressed: "suppressed or erased here: never added again",
  invalid: "invalid: not imported",
};

/** Rows listed per verdict on the dry run (the counts are of all). */
const SHOWN = 200;

export interface ImportChoice {
  source: string;
  mode: string;
  cadence: string;
}

const choices = (c: ImportChoice) =>
  html`<p><label>Exported from <select name="source"><option value="auto"${c.source === "auto" ? raw(" selected") : ""}>tell from the file</option>${SOURCES.map(
    (s) => html`<option value="${s}"${c.source === s ? raw(" selected") : ""}>${s}</option>`,
  )}</select></label></p>
  <fieldset><legend>Consent</legend>
  <label><input type="radio" name="mode" value="reconfirm"${c.mode !== "trusted" ? raw(" checked") : ""}/> Re-confirm: each new address gets a confirmation mail and is mailed nothing else until it confirms</label><br/>
  <label><input type="radio" name="mode" value="trusted"${c.mode === "trusted" ? raw(" checked") : ""}/> Trusted: they confirmed at the source; carry their consent over (recorded as such)</label></fieldset>
  <p><label>Cadence for everyone imported <select name="cadence">${["each", "daily", "weekly"].map(
    (x) => html`<option value="${x}"${c.cadence === x ? raw(" selected") : ""}>${x}</option>`,
  )}</select></label></p>`;

export function importForm(csrf: string, problem?: string): string {
  return adminLayout(
    "Import",
    html`${listNav}<h1>Import subscribers</h1>
      ${problem && html`<p class="notice" role="alert">${problem}</p>`}
      <p>A CSV exported from Substack, Buttondown or Mailchimp (or any CSV with an <code>email</code> column). A dry run comes first and changes nothing.</p>
      <form method="post" action="/admin/import" enctype="multipart/form-data">${raw(csrf)}
        <p><label>File <input type="file" name="file" accept=".csv,text/csv"/></label></p>
        ${choices({ source: "auto", mode: "reconfirm", cadence: "each" })}
        <input type="hidden" name="step" value="dry-run"/>
        <button type="submit">Dry run</button>
      </form>`,
  );
}

function rowsOf(plan: Plan, verdict: Verdict): Html {
  const list =
    verdict === "invalid"
      ? [
          ...plan.problems.map((p) => ({ row: p.row, text: p.message })),
          ...plan.rows.filter((c) => c.verdict === "invalid").map((c) => ({ row: c.row.row, text: `${c.row.address.address}: ${c.note}` })),
        ].sort((a, b) => a.row - b.row)
      : plan.rows
          .filter((c) => c.verdict === verdict)
          .map((c) => ({ row: c.row.row, text: `${c.row.address.address}${c.note ? `: ${c.note}` : ""}` }));
  if (list.length === 0) return html``;
  return html`<details${verdict === "invalid" ? raw(" open") : ""}><summary>${VERDICTS[verdict]}</summary><ul>${list
    .slice(0, SHOWN)
    .map(
      (x) => html`<li>Row ${x.row}: ${x.text}</li>`,
    )}${list.length > SHOWN ? html`<li>… and ${list.length - SHOWN} more</li>` : ""}</ul></details>`;
}

const countsOf = (plan: Plan) =>
  html`<table class="admin-table" id="import-counts"><tbody>${(Object.keys(VERDICTS) as Verdict[]).map(
    (v) => html`<tr data-verdict="${v}"><th>${VERDICTS[v]}</th><td>${plan.counts[v]}</td></tr>`,
  )}</tbody></table>`;

/** The dry run: what each row would become, and a form that applies it (the file travels along, as text). */
export function dryRunPage(csrf: string, source: string, choice: ImportChoice, plan: Plan, text: string): string {
  return adminLayout(
    "Import: dry run",
    html`${listNav}<h1>Dry run: nothing changed yet</h1>
      <p>Read as a ${source} export (the header is row 1).</p>
      ${countsOf(plan)}
      ${(Object.keys(VERDICTS) as Verdict[]).map((v) => rowsOf(plan, v))}
      <form method="post" action="/admin/import" enctype="multipart/form-data">${raw(csrf)}
        <input type="hidden" name="csv" value="${text}"/>
        ${choices(choice)}
        <input type="hidden" name="step" value="apply"/>
        <button type="submit">Import ${plan.counts.new} new and suppress ${plan.counts.suppress}</button>
      </form>`,
  );
}

export function resultPage(plan: Plan, added: number, queued: number, queries: number): string {
  return adminLayout(
    "Import: done",
    html`${listNav}<h1>Imported</h1>
      <p role="status" id="import-result" data-added="${added}" data-queries="${queries}">${added} added, ${plan.counts.suppress} suppressed, ${queued} confirmation mail(s) queued; ${plan.counts.duplicate} duplicate, ${plan.counts.suppressed} already suppressed or erased and ${plan.counts.invalid} invalid row(s) left out.</p>
      ${countsOf(plan)}
      ${rowsOf(plan, "invalid")}`,
  );
}
