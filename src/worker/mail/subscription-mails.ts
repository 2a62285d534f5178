/**
 * The mails subscribing sends, built as data (a {@link Mail}): the confirmation link, and
 * for an address already confirmed, a link to its own page instead of a second subscription.
 * @module
 */
import { archive } from "../lib/store";
import { html } from "../pages/html";
import type { Preferences } from "../subscriptions/subscribers";
import { preferencesPhrase } from "../subscriptions/wording";
import { headerText } from "./header-text";
import { listHeaders, mailHead, STYLE } from "./layout";
import type { Mail, MailAddress } from "./types";

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
  const pub = headerText(archive.publication.title).trim();
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
    subject: `Welcome to ${headerText(archive.publication.title).trim()}`,
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
  const pub = headerText(archive.publication.title).trim();
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
