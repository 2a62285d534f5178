/**
 * The subscriber list's admin pages, mounted by ./index.ts at /admin behind the Access guard
 * (which also checks every POST's CSRF token): the report, the export as CSV and JSON, and
 * the import (form, dry run, apply).
 * @module
 */
import type { Context } from "hono";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { csrfField } from "./csrf";
import { listCsv } from "./csv";
import { type ImportSource, parseImport, SOURCES } from "./import-map";
import { dryRunPage, type ImportChoice, importForm, resultPage } from "./import-page";
import { apply, classify, type Mode } from "./import-store";
import { readExport, readReport } from "./list-data";
import { reportPage } from "./report-page";
import { ADMIN_HEADERS, adminHtml } from "./respond";

/** The largest import file: ~50,000 rows of an export, far under a Worker's memory. */
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
/** Queue messages per sendBatch (the Queues limit). */
const QUEUE_BATCH = 100;

/** A download of the list: never stored by a cache or a browser, saved as a file. */
const download = (body: string, type: string, name: string) =>
  new Response(body, {
    headers: { ...ADMIN_HEADERS, "Content-Type": type, "Content-Disposition": `attachment; filename="${name}"` },
  });

const stamp = (now: number) => new Date(now).toISOString().slice(0, 10);

function choiceOf(form: Record<string, unknown>): ImportChoice & { source: ImportSource | "auto"; mode: Mode } {
  const source = SOURCES.find((s) => s === form.source) ?? "auto";
  const mode: Mode = form.mode === "trusted" ? "trusted" : "reconfirm";
  const cadence = ["each", "daily", "weekly"].find((x) => x === form.cadence) ?? "each";
  return { source, mode, cadence };
}

/** The uploaded file or the dry run's text; a message when there is none or it is too large. */
async function csvOf(form: Record<string, unknown>): Promise<string | { problem: string }> {
  const file = form.file;
  if (file instanceof File && file.size > 0) {
    if (file.size > MAX_IMPORT_BYTES) return { problem: `The file is ${Math.ceil(file.size / 1048576)} MB; an import takes at most 8 MB.` };
    return await file.text();
  }
  if (typeof form.csv === "string" && form.csv.trim() !== "") {
    if (form.csv.length > MAX_IMPORT_BYTES) return { problem: "The text is over 8 MB; an import takes at most 8 MB." };
    return form.csv;
  }
  return { problem: "Choose a CSV file to import." };
}

async function importPost(c: Context<AppEnv>): Promise<Response> {
  const form = await c.req.parseBody();
  const text = await csvOf(form);
  if (typeof text !== "string") return adminHtml(importForm(csrfField(c), text.problem), 400);
  const choice = choiceOf(form);
  const parsed = parseImport(text, choice.source);
  if ("error" in parsed) return adminHtml(importForm(csrfField(c), parsed.error), 400);
  const plan = await classify(c.env.DB, parsed.rows, parsed.problems, choice.mode);
  if (form.step !== "apply") return adminHtml(dryRunPage(csrfField(c), parsed.source, { ...choice, source: parsed.source }, plan, text));
  const now = Date.now();
  const done = await apply(c.env.DB, plan, {
    source: parsed.source,
    mode: choice.mode,
    cadence: choice.cadence,
    editor: c.get("adminEmail"),
    now,
  });
  let queued = 0;
  if (choice.mode === "reconfirm") {
    // The confirmation mails go through the send queue, so its consumer's pace and the per-address limits hold.
    for (let i = 0; i < done.added.length; i += QUEUE_BATCH) {
      const batch = done.added.slice(i, i + QUEUE_BATCH);
      await c.env.SEND_QUEUE.sendBatch(batch.map((id) => ({ body: { c: id }, contentType: "json" as const })));
      queued += batch.length;
    }
  }
  console.log(`admin import: ${done.added.length} added, ${plan.counts.suppress} suppressed, ${queued} confirmation(s) queued`);
  return adminHtml(resultPage(plan, done.added.length, queued, plan.queries + done.queries));
}

export const adminList = new Hono<AppEnv>()
  .get("/subscribers", async (c) => adminHtml(reportPage(await readReport(c.env.DB))))
  .get("/export.json", async (c) => {
    const now = Date.now();
    return download(
      JSON.stringify(await readExport(c.env.DB, now), null, 2),
      "application/json; charset=utf-8",
      `subscribers-${stamp(now)}.json`,
    );
  })
  .get("/export.csv", async (c) => {
    const now = Date.now();
    return download(listCsv(await readExport(c.env.DB, now)), "text/csv; charset=utf-8", `subscribers-${stamp(now)}.csv`);
  })
  .get("/import", (c) => adminHtml(importForm(csrfField(c))))
  .post("/import", importPost);
