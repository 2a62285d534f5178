/**
 * What every mail shares: the inline styles and dark-mode sheet, the `<head>`, the text
 * part's cleaning, and what every list mail ends with (its footer and its List-* headers).
 * @module
 */
import { archive } from "../lib/store";
import { html, raw } from "../pages/html";
import type { Preferences } from "../subscriptions/subscribers";
import { preferencesPhrase } from "../subscriptions/wording";

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

/**
 * Bidirectional controls and other format characters are dropped from the text part, where
 * nothing isolates them: a title could otherwise reorder the lines after it.
 */
export const plain = (text: string) => text.replace(/[\p{Cf}]/gu, "").replace(/\r\n?/g, "\n");

/** What ends every list mail, in HTML and as text lines: why the reader gets it, and their links. */
export function listFooter(prefs: Preferences, manageUrl: string, unsubscribeUrl: string) {
  const why = `You get this because you subscribed to ${archive.publication.title}: ${preferencesPhrase(prefs)}.`;
  return {
    html: html`<hr class="kf-rule" style="border:0;border-top:1px solid #d8d4cc"/>
      <p class="kf-small" style="${STYLE.small}">${why}</p>
      <p class="kf-small" style="${STYLE.small}"><a href="${manageUrl}">Your preferences</a> · <a href="${unsubscribeUrl}">Unsubscribe</a></p>`,
    text: ["--", why, `Your preferences: ${manageUrl}`, `Unsubscribe: ${unsubscribeUrl}`, ""],
  };
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
