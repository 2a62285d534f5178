/**
 * The message we send, read back with a real parser (postal-mime, as Miniflare and
 * many mail tools read mail): a summary mail, a digest and a confirmation mail keep their
 * headers and both parts exactly; the one-click unsubscribe URL works when POSTed; hostile
 * summary text stays inert and never makes or breaks a header; any Unicode subject and body
 * comes back exactly; the HTML part stays under Gmail's 102 KB.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import PostalMime, { type Email } from "postal-mime";
import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/shared/api-schema";
import { archive } from "../../src/worker/lib/store";
import { digestMail } from "../../src/worker/mail/digest-mail";
import { headerText } from "../../src/worker/mail/header-text";
import { toMime } from "../../src/worker/mail/mime";
import { confirmMail } from "../../src/worker/mail/subscription-mails";
import { summaryMail } from "../../src/worker/mail/summary-mail";
import type { Mail } from "../../src/worker/mail/types";
import { linkFor } from "../../src/worker/subscriptions/service";
import { realSummary, withTenLongFacts } from "./mail-support";
import { call, confirmed, ORIGIN, row } from "./subscribe-support";

const from = { name: archive.publication.title, email: env.MAIL_FROM };
const prefs = { cadence: "each" as const, topics: ["russia"] };
const DATE = new Date("2026-11-23T09:30:00Z");
const KB = 1024;

const real = () => realSummary(ORIGIN);

/** The real links of a real confirmed subscriber, as the consumer puts them in a mail. */
async function subscriberLinks(email: string) {
  const id = await confirmed(email);
  const now = Date.now();
  return {
    id,
    manageUrl: await linkFor(env.SUBSCRIPTION_SECRET, ORIGIN, "manage", id, now),
    unsubscribeUrl: await linkFor(env.SUBSCRIPTION_SECRET, ORIGIN, "unsubscribe", id, now),
  };
}

const parse = (raw: string) => PostalMime.parse(raw);
const bytes = (text: string) => new TextEncoder().encode(text).length;
/** Every header the parser saw, by lower-case name, each with all its values. */
function headersOf(parsed: Email): Map<string, string[]> {
  const all = new Map<string, string[]>();
  for (const h of parsed.headers) all.set(h.key, [...(all.get(h.key) ?? []), h.value]);
  return all;
}

/** What every message we send has, whatever it is: parsed from its MIME, the same as the Mail. */
async function expectSameMessage(mail: Mail, raw: string): Promise<Email> {
  expect(raw).not.toMatch(/[^\r]\n|\r[^\n]/);
  for (const line of raw.split("\r\n")) expect(line.length, line).toBeLessThanOrEqual(998);
  const parsed = await parse(raw);
  expect(parsed.from).toEqual({ name: mail.from.name, address: mail.from.email });
  expect(parsed.to).toEqual([{ name: "", address: mail.to }]);
  expect(parsed.subject).toBe(mail.subject);
  expect(parsed.date).toBe(DATE.toISOString());
  expect(parsed.messageId).toMatch(/^<[0-9a-f]{32}@keyfacts\.example>$/);
  expect(headersOf(parsed).get("mime-version")).toEqual(["1.0"]);
  expect(headersOf(parsed).get("content-type")?.[0]).toMatch(/^multipart\/alternative; boundary=/);
  expect(parsed.text).toBe(mail.text);
  expect(parsed.html).toBe(mail.html);
  expect(parsed.attachments).toEqual([]);
  return parsed;
}

describe("the message a summary mail is sent as", () => {
  it("keeps From with its name, To, the subject, Date, Message-ID, both parts and the list headers", async () => {
    const s = await real();
    const links = await subscriberLinks("mime-summary@example.com");
    const mail = summaryMail({ from, to: "mime-summary@example.com", summary: s, prefs, ...links });
    const parsed = await expectSameMessage(mail, toMime(mail, { date: DATE }));
    expect(parsed.subject).toBe(s.title);
    const headers = headersOf(parsed);
    expect(headers.get("list-unsubscribe")).toEqual([`<${links.unsubscribeUrl}>`]);
    expect(headers.get("list-unsubscribe-post")).toEqual(["List-Unsubscribe=One-Click"]);
    expect(headers.get("list-id")).toEqual(["<newsletter.example.com>"]);
    expect(parsed.text).toContain("via Radio Free Asia, cited by HNGN");
    expect(parsed.html).toContain("13,221");
  });

  it("carries an https List-Unsubscribe URL that unsubscribes with one POST (RFC 8058)", async () => {
    const s = await real();
    const links = await subscriberLinks("mime-one-click@example.com");
    const mail = summaryMail({ from, to: "mime-one-click@example.com", summary: s, prefs, ...links });
    const parsed = await parse(toMime(mail));
    const value = headersOf(parsed).get("list-unsubscribe")?.[0] ?? "";
    const url = new URL(value.replace(/^<|>$/g, ""));
    expect(url.protocol).toBe("https:");
    // As a mail provider sends it: from its own servers, no Origin, no cookie.
    const res = await call(url.pathname + url.search, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect((await row("mime-one-click@example.com"))?.status).toBe("unsubscribed");
  });

  it("stays under 102 KB of HTML for ten long facts (measured: HTML 15.5 KB, whole message 29.5 KB)", async () => {
    const big = withTenLongFacts(await real());
    const mail = summaryMail({ from, to: "reader@example.com", summary: big, prefs, ...links() });
    const raw = toMime(mail);
    const parsed = await parse(raw);
    expect(bytes(parsed.html ?? "")).toBeLessThan(102 * KB);
    expect(parsed.html?.match(/<li /g)).toHaveLength(10);
    // The whole message, text part and encoding included, is under the limit too.
    expect(bytes(raw)).toBeLessThan(102 * KB);
  });

  it("keeps hostile summary text inert: no header added or broken, the text as text", async () => {
    const s = await real();
    const evil = "Evil\r\nBcc: x@evil.example\r\n\r\n<script>alert(1)</script> ]]> \u202Egnp.exe \u2066x\u2069";
    const hostile: Summary = { ...s, title: evil, summary: evil, facts: s.facts.map((f) => ({ ...f, text: evil })) };
    const mail = summaryMail({ from, to: "reader@example.com", summary: hostile, prefs, ...links() });
    const parsed = await parse(toMime(mail));
    const headers = headersOf(parsed);
    expect([...headers.keys()].sort()).toEqual(
      [
        "content-type",
        "date",
        "from",
        "list-id",
        "list-unsubscribe",
        "list-unsubscribe-post",
        "message-id",
        "mime-version",
        "subject",
        "to",
      ].sort(),
    );
    for (const values of headers.values()) expect(values).toHaveLength(1);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.subject).toBe("Evil Bcc: x@evil.example <script>alert(1)</script> ]]> gnp.exe x");
    // HTML: escaped and isolated; text: the characters themselves, which a text part cannot run.
    expect(parsed.html).not.toMatch(/<script|\]\]>/);
    expect(parsed.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;");
    expect(parsed.html).toMatch(/<bdi>Evil/);
    expect(parsed.text).toContain("<script>alert(1)</script> ]]>");
    expect(parsed.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  it("never lets a subject or From name start a header, even when handed one unchecked", async () => {
    const mail: Mail = {
      from: { name: 'Ann "Boss"\r\nBcc: x@evil.example', email: env.MAIL_FROM },
      to: "reader@example.com",
      subject: "Hi\r\nBcc: x@evil.example\nX-Evil: 1\u2028Cc: y@evil.example",
      text: "t",
      html: "<p>h</p>",
      headers: {},
    };
    const raw = toMime(mail);
    const parsed = await parse(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.cc).toBeUndefined();
    expect(headersOf(parsed).has("x-evil")).toBe(false);
    expect(parsed.subject).toBe("Hi Bcc: x@evil.example X-Evil: 1 Cc: y@evil.example");
    expect(parsed.from).toEqual({ name: 'Ann "Boss" Bcc: x@evil.example', address: env.MAIL_FROM });
    expect(() => toMime({ ...mail, headers: { "List-Id": "<a>\r\nBcc: x@evil.example" } })).toThrow(/line break/);
    expect(() => toMime({ ...mail, headers: { Bcc: "x@evil.example" } })).toThrow(/not a header/);
    expect(() => toMime({ ...mail, to: "a@b.example\r\nBcc: x@evil.example" })).toThrow(/recipient address/);
  });

  it("writes a From name that is not ASCII as encoded words, and folds every header line under 78", async () => {
    const name = "Clés & faits «keyfacts» — 要点";
    const subject = `Résumé: ${"les faits clés, avec leurs sources ".repeat(6)}`;
    const mail: Mail = { from: { name, email: env.MAIL_FROM }, to: "reader@example.com", subject, text: "t", html: "h", headers: {} };
    const raw = toMime(mail);
    const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
    expect(head).not.toMatch(/[^\x20-\x7e\r\n]/);
    for (const line of head.split("\r\n")) expect(line.length, line).toBeLessThan(78);
    const parsed = await parse(raw);
    expect(parsed.from?.name).toBe(name);
    expect(parsed.subject).toBe(subject);
  });

  it("round-trips any Unicode subject and bodies exactly (controls in a subject become spaces)", async () => {
    // Any code point anywhere, except U+FEFF first: UTF-8 decoders (WHATWG's, so postal-mime's)
    // take a leading U+FEFF for a byte order mark, not text.
    const text = fc.string({ unit: "binary", maxLength: 300 }).filter((s) => !s.startsWith("\uFEFF"));
    await fc.assert(
      fc.asyncProperty(text, text, text, async (subject, plain, markup) => {
        const mail: Mail = { from, to: "reader@example.com", subject, text: plain, html: markup, headers: {} };
        const parsed = await parse(toMime(mail));
        expect(parsed.subject ?? "").toBe(headerText(subject));
        expect(parsed.text ?? "").toBe(plain);
        expect(parsed.html ?? "").toBe(markup);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the message a digest is sent as", () => {
  it("keeps its headers and both parts, and stays under 102 KB of HTML for twenty summaries (measured: HTML 91.8 KB, whole message 171 KB)", async () => {
    const big = withTenLongFacts(await real());
    const l = await subscriberLinks("mime-digest@example.com");
    const mail = digestMail({ from, to: "mime-digest@example.com", summaries: Array.from({ length: 20 }, () => big), prefs, ...l });
    const raw = toMime(mail, { date: DATE });
    const parsed = await expectSameMessage(mail, raw);
    expect(parsed.subject).toBe(`20 new summaries: ${big.title}`);
    expect(headersOf(parsed).get("list-unsubscribe")).toEqual([`<${l.unsubscribeUrl}>`]);
    expect(headersOf(parsed).get("list-unsubscribe-post")).toEqual(["List-Unsubscribe=One-Click"]);
    expect(headersOf(parsed).get("list-id")).toEqual(["<newsletter.example.com>"]);
    expect(bytes(parsed.html ?? "")).toBeLessThan(102 * KB);
    expect(parsed.html?.match(/<h2 /g)).toHaveLength(20);
  });
});

describe("the message a confirmation mail is sent as", () => {
  it("keeps its headers and both parts, marked auto-generated and without list headers", async () => {
    const confirmUrl = `${ORIGIN}/subscribe/confirm?token=1.c.1.abc.${"A".repeat(43)}`;
    const mail = confirmMail({ from, to: "ann@example.com", prefs: { cadence: "weekly", topics: ["russia"] }, confirmUrl });
    const parsed = await expectSameMessage(mail, toMime(mail, { date: DATE }));
    const headers = headersOf(parsed);
    expect(headers.get("auto-submitted")).toEqual(["auto-generated"]);
    expect(headers.has("list-unsubscribe")).toBe(false);
    expect(parsed.text).toContain(confirmUrl);
    expect(parsed.html).toContain(`href="${confirmUrl}"`);
  });
});

/** Links for mails nobody will follow. */
function links() {
  return { manageUrl: `${ORIGIN}/subscription?token=m`, unsubscribeUrl: `${ORIGIN}/unsubscribe?token=u` };
}
