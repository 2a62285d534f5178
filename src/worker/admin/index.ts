/**
 * The admin area at /admin: everything behind the Access guard (./access.ts); the dashboard,
 * mail previews, test sends, holds and pauses here; the list's pages from ./list.ts.
 * @module
 */
import type { Context } from "hono";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { archive, hasSummary, originOf } from "../lib/store";
import { mailerFor } from "../mail/mailer";
import { toMime } from "../mail/mime";
import { accessGuard } from "./access";
import { cancel, heldSlugs, hold, pause, recentAnnouncements, release, resume, TEST_SENDS_AN_HOUR, takeTestSend } from "./controls";
import { csrfField } from "./csrf";
import { adminList } from "./list";
import { type AdminView, dashboardPage, previewPage } from "./pages";
import { type MailRef, mailName, mailRefOf, newestSlugs, previewMail, previewPath } from "./preview";
import { adminHtml, adminPage, adminRefusal, adminStyle, mailFrame } from "./respond";

export const admin = new Hono<AppEnv>();

admin.use("*", accessGuard);

async function view(c: Context<AppEnv>): Promise<AdminView> {
  const { style } = await adminStyle();
  return { origin: originOf(c.req.url), publication: archive.publication, email: c.get("adminEmail"), csrf: csrfField(c), style };
}

/** Where a test may go: the signed-in editor, and the configured list. */
function recipients(c: Context<AppEnv>): string[] {
  const listed = (c.env.ADMIN_TEST_RECIPIENTS ?? "")
    .split(",")
    .map((a) => a.trim())
    .filter((a) => /^[^\s@<>",]+@[^\s@<>",]+$/.test(a));
  return [...new Set([c.get("adminEmail"), ...listed])];
}

/** Back to `path` after a POST, with a notice to show (a word from a fixed set, never user input). */
const back = (path: string, done: string) => new Response(null, { status: 303, headers: { Location: `${path}?done=${done}` } });

const NOTICES: Record<string, string> = {
  held: "Held from mail: the cron will not announce it (and any fan-out of it is paused).",
  released: "Released: the next cron run announces it if it is among the newest summaries.",
  paused: "Paused: nothing more is queued, and queued mail waits unsent.",
  resumed: "Resumed: the next cron run queues everyone not yet sent, from the start; no one gets it twice.",
  cancelled: "Cancelled: none of its mail goes out.",
  unchanged: "Nothing changed: the announcement is not in a state that allows it.",
  sent: "Test sent.",
  limited: `Not sent: the site's limit of ${TEST_SENDS_AN_HOUR} test sends an hour is reached; try again later.`,
};
const noticeOf = (c: Context<AppEnv>) => NOTICES[c.req.query("done") ?? ""];

admin.get("/", async (c) => {
  const v = await view(c);
  const held = await heldSlugs(c.env.DB);
  const summaries = newestSlugs(30).map((s) => ({ ...s, held: held.has(s.slug) }));
  return adminHtml(dashboardPage(v, summaries, await recentAnnouncements(c.env.DB), noticeOf(c)));
});

/** The mail `ref` names, built for the synthetic subscriber now. */
const mailOf = (c: Context<AppEnv>, ref: MailRef) => previewMail(c.env, c.env.DB, ref, Date.now());

async function showPreview(c: Context<AppEnv>, ref: MailRef | undefined): Promise<Response> {
  if (ref === undefined) return adminRefusal(c, 404, "Not found", "No such mail, or the summary is not live.");
  return adminHtml(previewPage(await view(c), ref, await mailOf(c, ref), recipients(c), noticeOf(c)));
}

async function showPart(c: Context<AppEnv>, ref: MailRef | undefined, part: string): Promise<Response> {
  if (ref === undefined) return adminRefusal(c, 404, "Not found", "No such mail, or the summary is not live.");
  const mail = await mailOf(c, ref);
  if (typeof mail === "string") return adminRefusal(c, 404, "No mail", mail);
  if (part === "html") return mailFrame(mail.html);
  return adminPage(toMime(mail), 200, {
    "Content-Type": "message/rfc822",
    "Content-Disposition": `attachment; filename="${mailName(ref).replace(/[^a-z0-9-]+/gi, "-")}.eml"`,
  });
}

admin.get("/preview/summary/:slug", (c) => showPreview(c, mailRefOf("summary", c.req.param("slug"))));
admin.get("/preview/summary/:slug/:part{html|eml}", (c) => showPart(c, mailRefOf("summary", c.req.param("slug")), c.req.param("part")));
admin.get("/preview/:kind{daily|weekly|confirm|welcome}", (c) => showPreview(c, mailRefOf(c.req.param("kind"), undefined)));
admin.get("/preview/:kind{daily|weekly|confirm|welcome}/:part{html|eml}", (c) =>
  showPart(c, mailRefOf(c.req.param("kind"), undefined), c.req.param("part")),
);

/** A test send: the previewed mail, to the editor or a configured address, within the site-wide hourly limit; never a delivery. */
admin.post("/test-send", async (c) => {
  const form = await c.req.parseBody();
  const ref = mailRefOf(form.mail, form.slug);
  const to = typeof form.to === "string" ? form.to : "";
  if (ref === undefined || !recipients(c).includes(to))
    return adminRefusal(c, 400, "Not sent", "No such mail, or that address is not one tests may go to.");
  const mail = await mailOf(c, ref);
  if (typeof mail === "string") return adminRefusal(c, 409, "Not sent", mail);
  if (!(await takeTestSend(c.env.DB, mailName(ref), Date.now()))) return back(previewPath(ref), "limited");
  await mailerFor(c.env).send({ ...mail, to });
  console.log(`admin: test send of ${mailName(ref)}`);
  return back(previewPath(ref), "sent");
});

admin.post("/hold", async (c) => {
  const form = await c.req.parseBody();
  const slug = typeof form.slug === "string" ? form.slug : "";
  if (!hasSummary(slug)) return adminRefusal(c, 404, "Not found", "No live summary has this slug.");
  if (form.action === "release") {
    await release(c.env.DB, slug);
    return back("/admin", "released");
  }
  await hold(c.env.DB, slug, Date.now());
  return back("/admin", "held");
});

const ACTIONS = {
  pause: (db: D1Database, id: number) => pause(db, id, Date.now()),
  resume: (db: D1Database, id: number) => resume(db, id),
  cancel: (db: D1Database, id: number) => cancel(db, id, Date.now()),
};
const DONE = { pause: "paused", resume: "resumed", cancel: "cancelled" } as const;

admin.post("/announcements/:id{[0-9]{1,15}}/:action{pause|resume|cancel}", async (c) => {
  const action = c.req.param("action") as keyof typeof ACTIONS;
  const changed = await ACTIONS[action](c.env.DB, Number(c.req.param("id")));
  return back("/admin", changed ? DONE[action] : "unchanged");
});

admin.route("/", adminList);
