/**
 * The mails subscribing sends, built as data (a {@link Mail}): the confirmation link, and
 * for an address already confirmed, a link to its own page instead of a second subscription.
 * @module
 */
import { archive } from "../lib/store";
import { html } from "../pages/html";
import type { Preferences } from "../subscriptions/subscribers";
import { preferencesPhrase } from "../subscriptions/wording";
import type { Mail, MailAddress } from "./mailer";

/** No control character (line breaks above all) may reach a header through a title. */
const headerSafe = (text: string) => text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ").trim();

const STYLE = {
  body: "margin:0;padding:24px;background:#fdfcfa;color:#1c1b19;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif",
  box: "max-width:600px;margin:0 auto",
  button: "display:inline-block;padding:12px 20px;background:#0b5394;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600",
  small: "color:#55524c;font-size:14px",
};

function htmlPart(title: string, paragraphs: readonly string[], button: { href: string; text: string }, footer: string): string {
  return `<!DOCTYPE html>\n${
    html`<html lang="${archive.publication.language}">
    <head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><meta name="color-scheme" content="light dark"/><title>${title}</title></head>
    <body style="${STYLE.body}"><div style="${STYLE.box}">
      <h1 style="font-size:22px">${title}</h1>
      ${paragraphs.map((p) => html`<p>${p}</p>`)}
      <p><a href="${button.href}" style="${STYLE.button}">${button.text}</a></p>
      <p style="${STYLE.small}">If the button does not work, copy this address into your browser: ${button.href}</p>
      <p style="${STYLE.small}">${footer}</p>
    </div></body>
  </html>`.value
  }`;
}

export interface ConfirmMailInput {
  from: MailAddress;
  to: string;
  prefs: Preferences;
  confirmUrl: string;
}

/** "Confirm your subscription": the double opt-in link (it works 48 hours). */
export function confirmMail({ from, to, prefs, confirmUrl }: ConfirmMailInput): Mail {
  const pub = headerSafe(archive.publication.title);
  const subject = `Confirm your subscription to ${pub}`;
  const asked = `Someone, hopefully you, asked to get ${pub} by e-mail: ${preferencesPhrase(prefs)}.`;
  const how = "To confirm, open the link and press the button on the page. The link works for 48 hours.";
  const ignore = "If it was not you, ignore this mail: without a confirmation you will get nothing more from us.";
  return {
    from,
    to,
    subject,
    text: `${asked}\n\n${how}\n\n${confirmUrl}\n\n${ignore}\n`,
    html: htmlPart(subject, [asked, how], { href: confirmUrl, text: "Confirm my subscription" }, ignore),
    headers: { "Auto-Submitted": "auto-generated" },
  };
}

/**
 * The headers every list mail carries (RFC 2369, RFC 8058, RFC 2919): unsubscribe by one
 * POST from the mail client, and the list's id under the publication's host.
 */
export function listHeaders(unsubscribeUrl: string, host: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": `<newsletter.${host}>`,
  };
}

export interface WelcomeMailInput {
  from: MailAddress;
  to: string;
  prefs: Preferences;
  manageUrl: string;
  unsubscribeUrl: string;
}

/** After the confirmation: what comes and how often, where to change it, and the list headers every later mail will carry. */
export function welcomeMail({ from, to, prefs, manageUrl, unsubscribeUrl }: WelcomeMailInput): Mail {
  const pub = headerSafe(archive.publication.title);
  const subject = `Welcome to ${pub}`;
  const what = `You are subscribed: ${preferencesPhrase(prefs)}. Each mail carries the key facts with their sources.`;
  const change =
    "Your own page lets you change topics and how often mail comes, download what we hold about you, unsubscribe or erase it all.";
  const stop = `To stop, unsubscribe with one click: ${unsubscribeUrl}`;
  return {
    from,
    to,
    subject,
    text: `${what}\n\n${change}\n\n${manageUrl}\n\n${stop}\n`,
    html: htmlPart(subject, [what, change], { href: manageUrl, text: "Open my subscription" }, stop),
    headers: listHeaders(unsubscribeUrl, new URL(unsubscribeUrl).host),
  };
}

export interface AlreadyMailInput {
  from: MailAddress;
  to: string;
  manageUrl: string;
}

/** Someone subscribed an address that is already confirmed: nothing changes, and its owner gets the way to their page. */
export function alreadySubscribedMail({ from, to, manageUrl }: AlreadyMailInput): Mail {
  const pub = headerSafe(archive.publication.title);
  const subject = `You already get ${pub} by e-mail`;
  const said = `Someone, hopefully you, asked to subscribe this address to ${pub}. It is subscribed already, so nothing has changed.`;
  const page =
    "Your own page lets you change topics and how often mail comes, download what we hold about you, unsubscribe or erase it all.";
  const ignore = "If it was not you, ignore this mail.";
  return {
    from,
    to,
    subject,
    text: `${said}\n\n${page}\n\n${manageUrl}\n\n${ignore}\n`,
    html: htmlPart(subject, [said, page], { href: manageUrl, text: "Open my subscription" }, ignore),
    headers: { "Auto-Submitted": "auto-generated" },
  };
}
