/** The confirmation mail: built as data, sent through the real local send_email binding, its link working. */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { cloudflareMailer } from "../../src/worker/mail/providers/cloudflare";
import { alreadySubscribedMail, confirmMail, welcomeMail } from "../../src/worker/mail/subscription-mails";
import { call, form, ORIGIN, post, row } from "./subscribe-support";

const from = { name: "Keyfacts", email: "newsletter@keyfacts.example" };
const LINK = `${ORIGIN}/subscribe/confirm?token=1.c.1.abc.${"A".repeat(43)}`;

describe("the confirmation mail", () => {
  it("says what was asked for and carries the confirm link in both parts", () => {
    const mail = confirmMail({ from, to: "ann@example.com", prefs: { cadence: "weekly", topics: ["russia"] }, confirmUrl: LINK });
    expect(mail.subject).toMatch(/^Confirm your subscription to /);
    expect(mail.to).toBe("ann@example.com");
    expect(mail.text).toContain(LINK);
    expect(mail.text).toContain("a weekly digest, on russia");
    expect(mail.text).toContain("48 hours");
    expect(mail.html).toContain(`href="${LINK}"`);
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    for (const value of [mail.subject, ...Object.keys(mail.headers), ...Object.values(mail.headers)]) expect(value).not.toMatch(/[\r\n]/);
  });

  it("for an address already confirmed, links to the subscriber's page instead", () => {
    const url = `${ORIGIN}/subscription?token=x`;
    const mail = alreadySubscribedMail({ from, to: "ann@example.com", manageUrl: url });
    expect(mail.subject).toMatch(/^You already get /);
    expect(mail.text).toContain(url);
    expect(mail.html).toContain(`href="${url}"`);
  });

  it("goes through the local send_email binding, which gives a message id", async () => {
    const mail = confirmMail({ from, to: "ann@example.com", prefs: { cadence: "each", topics: "all" }, confirmUrl: LINK });
    const sent = await cloudflareMailer(env.EMAIL).send(mail);
    expect(sent.messageId).toMatch(/@keyfacts\.example>?$/);
  });

  it("under wrangler dev, prints its subject and a link that confirms, never the address", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const res = await call(
      "/subscribe",
      {
        method: "POST",
        body: form({ email: "Dev.Loop@example.com" }),
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin" },
      },
      { ...env, DEV_MAIL_LOG: "1" },
    );
    expect(res.status).toBe(200);
    const lines = log.mock.calls.flat().map(String);
    log.mockRestore();
    const line = lines.find((l) => l.startsWith("✉ sent"));
    expect(line).toMatch(/"Confirm your subscription to .+" → https:\/\/example\.com\/subscribe\/confirm\?token=1\.c\./);
    expect(lines.join("\n").toLowerCase()).not.toContain("dev.loop@example.com");
    const link = new URL(line?.split(" → ")[1] ?? "");
    expect((await post(link.pathname + link.search, "")).status).toBe(200);
    expect((await row("dev.loop@example.com"))?.status).toBe("confirmed");
  });

  it("is not printed in production (DEV_MAIL_LOG unset)", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    await post("/subscribe", form({ email: "prod@example.com" }));
    expect(
      log.mock.calls
        .flat()
        .map(String)
        .some((l) => l.startsWith("✉")),
    ).toBe(false);
    log.mockRestore();
  });
});

describe("the welcome mail", () => {
  it("carries the one-click unsubscribe headers every list mail will carry", () => {
    const mail = welcomeMail({
      from,
      to: "ann@example.com",
      prefs: { cadence: "daily", topics: "all" },
      manageUrl: `${ORIGIN}/subscription?token=m`,
      unsubscribeUrl: `${ORIGIN}/unsubscribe?token=u`,
    });
    expect(mail.headers).toEqual({
      "List-Unsubscribe": `<${ORIGIN}/unsubscribe?token=u>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "List-Id": "<newsletter.example.com>",
    });
    expect(mail.text).toContain("a daily digest, on every topic");
    expect(mail.text).toContain(`${ORIGIN}/subscription?token=m`);
  });
});
