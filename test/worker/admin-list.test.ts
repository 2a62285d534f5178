/**
 * The list's tools in /admin, against the real local D1 and send queue: an import's dry run
 * changes nothing and says what each row would become; whoever left, bounced or complained at
 * the source becomes a suppression, never a subscriber; a suppressed or erased address is never
 * added again; trusted imports carry consent over, re-confirm imports mail a confirmation; every
 * row keeps where its consent came from; the report counts without tracking; the export holds
 * the whole list. And a 10,000-row import in a bounded number of D1 statements.
 */
import { env } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { adminGet, adminPost, EDITOR } from "./admin-support";
import { emptyTables, type QueueWatch, watchQueue } from "./sending-support";

let watch: QueueWatch;

const count = (sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .first<number>("n");

/** What an erasure keeps of an address: the SHA-256 of its lower-cased form, in hex. */
async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The dry run's (or result's) counts table, by verdict. */
function countsOf(page: string): Record<string, number> {
  const table = /<table class="admin-table" id="import-counts">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? "";
  return Object.fromEntries([...table.matchAll(/data-verdict="(\w+)"><th>[^<]*<\/th><td>(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]));
}

const importCsv = (csv: string, step: "dry-run" | "apply", mode: "trusted" | "reconfirm", source = "auto") =>
  adminPost("/admin/import", { csv, step, mode, source, cadence: "weekly" });

const subscriber = (address: string) =>
  env.DB.prepare("SELECT id, status, cadence, confirmed_at FROM subscribers WHERE address_key = ?1")
    .bind(address.toLowerCase())
    .first<{ id: number; status: string; cadence: string; confirmed_at: number | null }>();

const consents = async (address: string) =>
  (
    await env.DB.prepare(
      "SELECT c.action, c.source, c.wording FROM consents c JOIN subscribers s ON s.id = c.subscriber_id WHERE s.address_key = ?1 ORDER BY c.id",
    )
      .bind(address.toLowerCase())
      .all<{ action: string; source: string; wording: string }>()
  ).results;

const suppression = (address: string) =>
  env.DB.prepare("SELECT reason, source FROM suppressions WHERE address_key = ?1")
    .bind(address.toLowerCase())
    .first<{ reason: string; source: string }>();

/** A Mailchimp audience export (subscribed, unsubscribed and cleaned rows in one file). */
const MAILCHIMP = [
  "Email Address,First Name,OPTIN_TIME,CONFIRM_TIME,UNSUB_TIME,UNSUB_REASON,CLEAN_TIME",
  "new.one@example.com,New,2024-03-01 10:11:12,2024-03-01 10:15:00,,,",
  "left@example.com,Left,2024-01-01 09:00:00,2024-01-01 09:01:00,2024-06-01 12:00:00,No longer interested,",
  "cleaned@example.com,Gone,2023-05-05 08:00:00,2023-05-05 08:10:00,,,2024-02-02 02:02:02",
  "reported@example.com,Spam,2023-07-07 07:00:00,2023-07-07 07:05:00,2024-04-04 04:04:04,Marked as spam,",
  "NEW.ONE@example.com,Twice,2024-03-01 10:11:12,,,,",
  "here@example.com,Already,2022-01-01 00:00:00,,,,",
  "blocked@example.com,Suppressed,2022-01-01 00:00:00,,,,",
  "erased@example.com,Erased,2022-01-01 00:00:00,,,,",
  "not an address,Broken,,,,,",
].join("\n");

beforeAll(() => {
  watch = watchQueue();
});

beforeEach(async () => {
  await emptyTables();
  await env.DB.batch(["consents", "suppressions", "erasures"].map((t) => env.DB.prepare(`DELETE FROM ${t}`)));
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at, confirmed_at) VALUES ('here@example.com', 'here@example.com', 'confirmed', 'each', 1, 1, 1, 1)",
    ),
    env.DB.prepare(
      "INSERT INTO suppressions (address_key, address, reason, source, at) VALUES ('blocked@example.com', 'blocked@example.com', 'complaint', 'ses', 1)",
    ),
    env.DB.prepare("INSERT INTO erasures (key_hash, at) VALUES (?1, 1)").bind(await sha256("erased@example.com")),
  ]);
});

describe("importing a list", () => {
  it("shows what each row would become in a dry run, and changes nothing", async () => {
    const before = await count("SELECT COUNT(*) AS n FROM subscribers");
    const res = await importCsv(MAILCHIMP, "dry-run", "trusted");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("Read as a mailchimp export");
    expect(countsOf(page)).toEqual({ new: 1, suppress: 3, duplicate: 2, suppressed: 2, invalid: 1 });
    expect(page).toContain("Row 6: NEW.ONE@example.com: the same address as row 2");
    expect(page).toContain("Row 9: erased@example.com: erased here at their request: never added again");
    expect(page).toContain("Row 10: &quot;not an address&quot; is not an address");
    expect(await count("SELECT COUNT(*) AS n FROM subscribers")).toBe(before);
    expect(await count("SELECT COUNT(*) AS n FROM suppressions")).toBe(1);
    expect(watch.sent()).toEqual([]);
  });

  it("suppresses who left, bounced or complained at the source, with the reason, and never subscribes them", async () => {
    const res = await importCsv(MAILCHIMP, "apply", "trusted");
    expect(res.status).toBe(200);
    expect(countsOf(await res.text())).toMatchObject({ new: 1, suppress: 3 });
    expect(await suppression("left@example.com")).toMatchObject({ reason: "unsubscribed" });
    expect(await suppression("cleaned@example.com")).toMatchObject({ reason: "bounce" });
    expect(await suppression("reported@example.com")).toMatchObject({ reason: "complaint" });
    for (const gone of ["left@example.com", "cleaned@example.com", "reported@example.com"]) expect(await subscriber(gone)).toBeNull();
  });

  it("never adds a suppressed or an erased address again, and leaves one already on the list as it is", async () => {
    await importCsv(MAILCHIMP, "apply", "trusted");
    expect(await subscriber("blocked@example.com")).toBeNull();
    expect(await subscriber("erased@example.com")).toBeNull();
    expect(await suppression("erased@example.com")).toBeNull();
    expect(await suppression("blocked@example.com")).toEqual({ reason: "complaint", source: "ses" });
    expect(await subscriber("here@example.com")).toMatchObject({ status: "confirmed", cadence: "each" });
    expect(await consents("here@example.com")).toEqual([]);
  });

  it("refuses an address suppressed between the dry run and the import", async () => {
    const dry = await importCsv("email\nlate@example.com\n", "dry-run", "trusted");
    expect(countsOf(await dry.text())).toMatchObject({ new: 1 });
    await env.DB.prepare(
      "INSERT INTO suppressions (address_key, address, reason, source, at) VALUES ('late@example.com', 'late@example.com', 'bounce', 'ses', 2)",
    ).run();
    const res = await importCsv("email\nlate@example.com\n", "apply", "trusted");
    expect(await res.text()).toContain("0 added");
    expect(await subscriber("late@example.com")).toBeNull();
  });

  it("carries consent over in a trusted import, recording where it came from, and mails nobody", async () => {
    const res = await importCsv(MAILCHIMP, "apply", "trusted");
    expect(await res.text()).toContain("1 added, 3 suppressed, 0 confirmation mail(s) queued");
    expect(await subscriber("new.one@example.com")).toMatchObject({ status: "confirmed", cadence: "weekly" });
    const today = new Date().toISOString().slice(0, 10);
    const source = `import:mailchimp ${today} by ${EDITOR}`;
    expect(await consents("new.one@example.com")).toEqual([
      expect.objectContaining({ action: "subscribe", source, wording: expect.stringContaining("carried over") }),
      expect.objectContaining({ action: "confirm", source }),
    ]);
    expect((await suppression("left@example.com"))?.source).toBe(source);
    expect(watch.sent()).toEqual([]);
  });

  it("asks each new address to confirm in a re-confirm import, through the send queue", async () => {
    const buttondown = [
      "email,subscriber_type,creation_date",
      "fresh@example.com,regular,2024-05-05T10:00:00Z",
      "waiting@example.com,unactivated,2024-05-06T10:00:00Z",
      "quit@example.com,unsubscribed,2024-01-01T10:00:00Z",
      "spammy@example.com,spammy,2024-01-01T10:00:00Z",
    ].join("\n");
    const dry = await importCsv(buttondown, "dry-run", "trusted");
    expect(countsOf(await dry.text())).toMatchObject({ new: 1, suppress: 2, invalid: 1 });

    const res = await importCsv(buttondown, "apply", "reconfirm");
    expect(await res.text()).toContain("2 added, 2 suppressed, 2 confirmation mail(s) queued");
    const fresh = await subscriber("fresh@example.com");
    const waiting = await subscriber("waiting@example.com");
    expect(fresh).toMatchObject({ status: "pending", confirmed_at: null });
    expect(waiting).toMatchObject({ status: "pending" });
    expect(await consents("fresh@example.com")).toEqual([
      expect.objectContaining({ action: "subscribe", source: expect.stringMatching(/^import:buttondown .* \(re-confirm\)$/) }),
    ]);
    expect(watch.sent()).toEqual([{ c: fresh?.id }, { c: waiting?.id }]);
    await watch.drained();
    const mails = watch.mails().filter((m) => m.to === "fresh@example.com" || m.to === "waiting@example.com");
    expect(mails.map((m) => m.to).sort()).toEqual(["fresh@example.com", "waiting@example.com"]);
    expect(mails[0]?.text).toMatch(/confirm/i);
    expect(await suppression("quit@example.com")).toMatchObject({ reason: "unsubscribed" });
    expect(await suppression("spammy@example.com")).toMatchObject({ reason: "complaint" });
  });

  it("reads Substack's email_disabled as an unsubscribe", async () => {
    const substack =
      "email,active_subscription,expiry,plan,email_disabled,created_at\non@example.com,false,,,false,2024-01-01T00:00:00Z\noff@example.com,true,,,true,2024-01-01T00:00:00Z\n";
    const res = await importCsv(substack, "apply", "trusted");
    expect(await res.text()).toContain("1 added, 1 suppressed");
    expect(await subscriber("on@example.com")).toMatchObject({ status: "confirmed" });
    expect(await suppression("off@example.com")).toMatchObject({ reason: "unsubscribed" });
  });

  it("explains a file it cannot read, and writes nothing", async () => {
    const res = await importCsv("name,phone\nAnn,123\n", "apply", "trusted");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("names no e-mail column");
    expect(await count("SELECT COUNT(*) AS n FROM subscribers")).toBe(1);
  });

  it("lets a browser submit its forms: the import's pages allow form-action 'self', as the dashboard does", async () => {
    // The site's page CSP has form-action 'none': under it Chromium submits nothing (curl never notices).
    const pages = [
      await adminGet("/admin/import"),
      await importCsv(MAILCHIMP, "dry-run", "trusted"),
      await importCsv("name\nAnn\n", "dry-run", "trusted"),
      await importCsv(MAILCHIMP, "apply", "trusted"),
      await adminGet("/admin/subscribers"),
    ];
    for (const res of pages) {
      const policy = res.headers.get("Content-Security-Policy") ?? "";
      expect(policy).toContain("form-action 'self'");
      expect(policy).not.toContain("form-action 'none'");
      expect(policy).toContain("frame-ancestors 'none'");
    }
    expect(await pages[1]?.text()).toMatch(/<form method="post" action="\/admin\/import"/);
  });

  it("imports 10,000 rows in 80 D1 statements, a dry run's 20 included", async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `reader${i}@example.net`);
    const res = await importCsv(`email\n${rows.join("\n")}\n`, "apply", "trusted");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("10000 added");
    // 20 lookups of 500 rows; per 500 new rows an insert, a subscribe and a confirm record.
    expect(/data-queries="(\d+)"/.exec(page)?.[1]).toBe("80");
    expect(await count("SELECT COUNT(*) AS n FROM subscribers WHERE status = 'confirmed'")).toBe(10_001);
    expect(await count("SELECT COUNT(*) AS n FROM consents")).toBe(20_000);
  });
});

describe("the list's report and export", () => {
  it("counts subscribers by status and cadence, and lists suppressions with their reasons", async () => {
    await importCsv(MAILCHIMP, "apply", "trusted");
    const res = await adminGet("/admin/subscribers");
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    const page = await res.text();
    const row = (status: string) =>
      /<tr data-status="(\w+)">(.*?)<\/tr>/g.exec(page.slice(page.indexOf(`data-status="${status}"`) - 9))?.[2];
    expect(row("confirmed")).toBe("<th>confirmed</th><td>1</td><td>0</td><td>1</td><td>2</td>");
    const suppressions = page.slice(page.indexOf('id="suppressions"'));
    for (const [address, reason] of [
      ["left@example.com", "unsubscribed"],
      ["cleaned@example.com", "bounce"],
      ["reported@example.com", "complaint"],
      ["blocked@example.com", "complaint"],
    ] as const)
      expect(suppressions).toMatch(new RegExp(`${address.replace(".", "\\.")}</td><td>${reason}</td>`));
    expect(page).not.toContain("erased@example.com");
  });

  it("warns when a send's bounces pass 5% of what it sent", async () => {
    const a = await env.DB.prepare(
      "INSERT INTO announcements (slug, tags, kind, live_at, created_at, fanned_out_at, queued) VALUES ('bouncy', '[]', 'summary', 1, 1, 1, 20) RETURNING id",
    ).first<number>("id");
    const ids = (
      await env.DB.prepare(
        `INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at, confirmed_at)
         SELECT 'r' || value || '@example.com', 'r' || value || '@example.com', 'confirmed', 'each', 1, 1, 1, 1 FROM json_each(?1) RETURNING id`,
      )
        .bind(JSON.stringify(Array.from({ length: 20 }, (_, i) => i)))
        .all<{ id: number }>()
    ).results.map((r) => r.id);
    await env.DB.prepare(
      `INSERT INTO deliveries (announcement_id, subscriber_id, status, created_at, sent_at, feedback)
       SELECT ?1, value, 'sent', 1, 1, CASE WHEN key < 2 THEN 'bounce' END FROM json_each(?2)`,
    )
      .bind(a, JSON.stringify(ids))
      .run();
    const page = await (await adminGet("/admin/subscribers")).text();
    expect(page).toContain("Warning: bouncy: 10.0% of its mail bounced, over the 5% at which Amazon SES reviews an account.");
    expect(page).toMatch(/<tr data-slug="bouncy"><td>bouncy<\/td><td>[^<]+<\/td><td>20<\/td><td>20<\/td><td>0<\/td><td>2 \(10\.0%\)<\/td>/);
  });

  it("exports the whole list as CSV and JSON, with consent records and suppressions, never cached", async () => {
    await importCsv(MAILCHIMP, "apply", "trusted");
    const csv = await adminGet("/admin/export.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Cache-Control")).toContain("no-store");
    expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="subscribers-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("address,status,reason,cadence,topics,created_at,confirmed_at,unsubscribed_at,consents");
    expect(text).toMatch(/\r\nnew\.one@example\.com,confirmed,,weekly,all,[^,]+,[^,]+,,[^\r]*subscribe \(import:mailchimp /);
    expect(text).toContain("\r\nleft@example.com,suppressed,unsubscribed,");

    const json = (await (await adminGet("/admin/export.json")).json()) as {
      subscribers: { address: string; consents: { action: string; source: string }[] }[];
      suppressions: { address: string; reason: string }[];
    };
    expect(json.subscribers.map((s) => s.address).sort()).toEqual(["here@example.com", "new.one@example.com"]);
    expect(json.subscribers.find((s) => s.address === "new.one@example.com")?.consents.map((c) => c.action)).toEqual([
      "subscribe",
      "confirm",
    ]);
    expect(json.suppressions.map((s) => [s.address, s.reason]).sort()).toEqual([
      ["blocked@example.com", "complaint"],
      ["cleaned@example.com", "bounce"],
      ["left@example.com", "unsubscribed"],
      ["reported@example.com", "complaint"],
    ]);
  });
});
