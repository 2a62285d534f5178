/**
 * The mails subscribing sends, built as data (a {@link Mail}): the confirmation link, and
 * for an address already confirmed, a link to its own page instead of a second subscription.
 * @module
 */
import { archive } from "../lib/store";
import { html, raw } from "../pages/html";
import type { Preferences } from "../subscriptions/subscribers";
import { preferencesPhrase } from "../subscriptions/wording";
import type { Mail, MailAddress } from "./mailer";

/** No control character (line breaks above all) may reach a header through a title. */
export const headerSafe = (text: string) => text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ").trim();

/**
 * Inline styles: the light look every client shows. Elements that change in dark mode also
 * carry a class (`kf-*`) for {@link mailHead}'s sheet.
 */
export const STYLE = {
  body: "margin:0;padding:24px;background:#fdfcfa;color:#1c1b19;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif",
  // Long links (a confirm URL written out) wrap rather than widen a phone's screen.
  box: "max-width:600px;margin:0 auto;word-wrap:break-word;overflow-wrap:anywhere",
  button: "display:inline-block;padding:12px 20px;background:#0b5394;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600",
  small: "color:#55524c;font-size:14px",
};

/**
 * Dark mode for the clients that honour a `<style>` sheet and `prefers-color-scheme` (Apple
 * Mail, iOS, Outlook.com, most apps); `!important` wins over the inline light styles. Clients
 * that strip it show the light look, readable as it is.
 */
const DARK = raw(
  "<style>:root{color-scheme:light dark;supported-color-schemes:light dark}" +
    "@media (prefers-color-scheme: dark){" +
    ".kf-body{background:#17160f !important;color:#ebe7df !important}" +
    ".kf-small{color:#bdb7ab !important}" +
    ".kf-body a{color:#9ccaff !important}" +
    ".kf-body a.kf-button{background:#9ccaff !important;color:#0b1b2b !important}" +
    ".kf-rule{border-top-color:#4d493f !important}}</style>",
);

/** The `<head>` of every mail: UTF-8, a phone's width, both colour schemes, the title. */
export const mailHead = (title: string) =>
  html`<head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><meta name="color-scheme" content="light dark"/><meta name="supported-color-schemes" content="light dark"/><title>${title}</title>${DARK}</head>`;

/** A short mail: paragraphs, one button (its link also written out), a footer line; the text part says the same. */
interface Composed {
  from: MailAddress;
  to: string;
  subject: string;
  paragraphs: readonly string[];
  button: { href: string; text: string };
  footer: string;
  headers: Record<string, string>;
}

function compose({ from, to, subject, paragraphs, button, footer, headers }: Composed): Mail {
  const body = html`<html lang="${archive.publication.language}">
    ${mailHead(subject)}
    <body class="kf-body" style="${STYLE.body}"><div style="${STYLE.box}">
      <h1 style="font-size:22px">${subject}</h1>
      ${paragraphs.map((p) => html`<p>${p}</p>`)}
      <p><a href="${button.href}" class="kf-button" style="${STYLE.button}">${button.text}</a></p>
      <p class="kf-small" style="${STYLE.small}">If the button does not work, copy this address into your browser: ${button.href}</p>
      <p class="kf-small" style="${STYLE.small}">${footer}</p>
    </div></body>
  </html>`;
  return {
    from,
    to,
    subject,
    text: `${paragraphs.join("\n\n")}\n\n${button.href}\n\n${footer}\n`,
    html: `<!DOCTYPE html>\n${body.value}`,
    headers,
  };
}

/** Transactional mails (not list mails): marked so that auto-responders do not answer them (RFC 3834). */
const TRANSACTIONAL = { "Auto-Submitted": "auto-generated" };
const PAGE_OFFER =
  "Your own page lets you change topics and how often mail comes, download what we hold about you, unsubscribe or erase it all.";

interface ConfirmMailInput {
  from: MailAddress;
  to: string;
  prefs: Preferences;
  confirmUrl: string;
}

/** "Confirm your subscription": the double opt-in link (it works 48 hours). */
export function confirmMail({ from, to, prefs, confirmUrl }: ConfirmMailInput): Mail {
  const pub = headerSafe(archive.publication.title);
  return compose({
    from,
    to,
    subject: `Confirm your subscription to ${pub}`,
    paragraphs: [
      `Someone, hopefully you, asked to get ${pub} by e-mail: ${preferencesPhrase(prefs)}.`,
      "To confirm, open the link and press the button on the page. The link works for 48 hours.",
    ],
    button: { href: confirmUrl, text: "Confirm my subscription" },
    footer: "If it was not you, ignore this mail: without a confirmation you will get nothing more from us.",
    headers: TRANSACTIONAL,
  });
}

/**
 * The headers every list mail carries (RFC 2369, RFC 8058, RFC 2919): unsubscribe by one
 * POST from the mail client, and the list's id under the host of the links (its name only: a
 * list id is a dot-atom, where a port's colon has no place).
 */
export function listHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": `<newsletter.${new URL(unsubscribeUrl).hostname}>`,
  };
}

interface WelcomeMailInput {
  from: MailAddress;
  to: string;
  prefs: Preferences;
  manageUrl: string;
  unsubscribeUrl: string;
}

/** After the confirmation: what comes and how often, where to change it, and the list headers every later mail will carry. */
export function welcomeMail({ from, to, prefs, manageUrl, unsubscribeUrl }: WelcomeMailInput): Mail {
  return compose({
    from,
    to,
    subject: `Welcome to ${headerSafe(archive.publication.title)}`,
    paragraphs: [`You are subscribed: ${preferencesPhrase(prefs)}. Each mail carries the key facts with their sources.`, PAGE_OFFER],
    button: { href: manageUrl, text: "Open my subscription" },
    footer: `To stop, unsubscribe with one click: ${unsubscribeUrl}`,
    headers: listHeaders(unsubscribeUrl),
  });
}

interface AlreadyMailInput {
  from: MailAddress;
  to: string;
  manageUrl: string;
}

/** Someone subscribed an address that is already confirmed: nothing changes, and its owner gets the way to their page. */
export function alreadySubscribedMail({ from, to, manageUrl }: AlreadyMailInput): Mail {
  const pub = headerSafe(archive.publication.title);
  return compose({
    from,
    to,
    subject: `You already get ${pub} by e-mail`,
    paragraphs: [
      `Someone, hopefully you, asked to subscribe this address to ${pub}. It is subscribed already, so nothing has changed.`,
      PAGE_OFFER,
    ],
    button: { href: manageUrl, text: "Open my subscription" },
    footer: "If it was not you, ignore this mail.",
    headers: TRANSACTIONAL,
  });
}
