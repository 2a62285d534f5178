/**
 * The mail announcing a summary, as the consumer hands it to the Mailer: both
 * parts carry the key facts with their sources' chains and figures, the date in the
 * publication's zone, why the reader gets it and their links; the list headers; under
 * 102 KB for ten long facts; hostile summary text arrives inert and never breaks a header.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/shared/api-schema";
import { digestMail } from "../../src/worker/mail/digest-mail";
import { summaryMail } from "../../src/worker/mail/summary-mail";
import { realSummary, SLUG, withTenLongFacts } from "./mail-support";

const ORIGIN = "https://mail.example.com";
const links = { manageUrl: `${ORIGIN}/subscription?token=m`, unsubscribeUrl: `${ORIGIN}/unsubscribe?token=u` };
const from = { name: "Keyfacts", email: env.MAIL_FROM };
const prefs = { cadence: "each" as const, topics: ["russia"] };

const real = () => realSummary(ORIGIN);

describe("the mail announcing a summary", () => {
  it("carries the key facts with their sources' chains and figures in both parts", async () => {
    const s = await real();
    const mail = summaryMail({ from, to: "reader@example.com", summary: s, prefs, ...links });
    expect(mail.subject).toBe(s.title);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Radio Free Asia");
      expect(part).toContain("via Radio Free Asia, cited by HNGN");
      expect(part).toContain("13,221");
      expect(part).toContain("Unverified: HNGN could not verify this");
      expect(part).toContain("November 23, 2026");
      expect(part).toContain(links.manageUrl);
      expect(part).toContain(links.unsubscribeUrl);
      expect(part).toContain(`${ORIGIN}/summaries/${SLUG}`);
      expect(part).toContain("You get this because you subscribed");
    }
    expect(mail.headers).toEqual({
      "List-Unsubscribe": `<${links.unsubscribeUrl}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-Id": "<newsletter.mail.example.com>",
    });
  });

  it("names the list by the links' host name, never with a port (a List-Id is a dot-atom)", async () => {
    const s = await real();
    const local = { manageUrl: "http://localhost:8787/subscription?token=m", unsubscribeUrl: "http://localhost:8787/unsubscribe?token=u" };
    const mail = summaryMail({ from, to: "reader@example.com", summary: s, prefs, ...local });
    expect(mail.headers["List-Id"]).toBe("<newsletter.localhost>");
  });

  it("has no tracking: no image, and every link is ours or a source's, unrewritten", async () => {
    const s = await real();
    const mail = summaryMail({ from, to: "reader@example.com", summary: s, prefs, ...links });
    expect(mail.html).not.toMatch(/<img|<script|<iframe/i);
    const hrefs = [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => (m[1] as string).replaceAll("&amp;", "&"));
    for (const href of hrefs) expect(href.startsWith(ORIGIN), href).toBe(true);
  });

  it("stays under 102 KB for ten long facts with long chains", async () => {
    const s = await real();
    const big = withTenLongFacts(s);
    const mail = summaryMail({ from, to: "reader@example.com", summary: big, prefs, ...links });
    const bytes = new TextEncoder().encode(mail.html).length;
    expect(bytes).toBeLessThan(102 * 1024);
    expect(mail.html.match(/<li /g)).toHaveLength(10);
  });

  it("a digest of twenty summaries with ten long facts each stays under 102 KB", async () => {
    const s = await real();
    const big = withTenLongFacts(s);
    const mail = digestMail({ from, to: "reader@example.com", summaries: Array.from({ length: 20 }, () => big), prefs, ...links });
    expect(mail.subject).toBe(`20 new summaries: ${s.title}`);
    expect(new TextEncoder().encode(mail.html).length).toBeLessThan(102 * 1024);
    expect(mail.html.match(/<h2 /g)).toHaveLength(20);
  });

  it("keeps hostile summary text inert and out of the headers' structure", async () => {
    const s = await real();
    const evil = "Evil\r\nBcc: victim@example.com\r\n\r\n<script>alert(1)</script> ]]> \u202Egnp.exe";
    const hostile: Summary = { ...s, title: evil, summary: evil, facts: s.facts.map((f) => ({ ...f, text: evil })) };
    const mail = summaryMail({ from, to: "reader@example.com", summary: hostile, prefs, ...links });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).not.toContain("\u202E");
    for (const [name, value] of Object.entries(mail.headers)) expect(`${name}${value}`).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).toContain("&lt;script&gt;");
    // In HTML the text is isolated (<bdi>); the text part has no bidi control to reorder what follows.
    expect(mail.html).toMatch(/<bdi>Evil/);
    expect(mail.text).not.toContain("\u202E");
    expect(mail.text).not.toContain("\r");
  });
});
