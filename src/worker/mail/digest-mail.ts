/**
 * A digest: the summaries that went live since the reader's last digest, newest
 * first, each with its date, link and first key facts with their sources; why the reader gets
 * it and their links. "3 new summaries: <newest title>".
 * @module
 */
import type { Summary } from "../../shared/api-schema";
import { safeHref } from "../../shared/card-model";
import { formatDate } from "../../shared/format";
import { archive } from "../lib/store";
import { html } from "../pages/html";
import type { Preferences } from "../subscriptions/subscribers";
import { headerText } from "./header-text";
import { listFooter, listHeaders, mailHead, plain, STYLE } from "./layout";
import { factHtml, factLines, factText } from "./summary-mail";
import type { Mail, MailAddress } from "./types";

/** Key facts shown per summary: a digest of 20 summaries stays far under Gmail's 102 KB. */
const FACTS_EACH = 3;

export interface DigestMailInput {
  from: MailAddress;
  to: string;
  /** Newest first; at least one. */
  summaries: readonly Summary[];
  prefs: Preferences;
  manageUrl: string;
  unsubscribeUrl: string;
}

export function digestMail({ from, to, summaries, prefs, manageUrl, unsubscribeUrl }: DigestMailInput): Mail {
  const zone = archive.publication.timezone;
  const n = summaries.length;
  const subject = headerText(plain(`${n} new ${n === 1 ? "summary" : "summaries"}: ${summaries[0]?.title ?? ""}`)).trim();
  const footer = listFooter(prefs, manageUrl, unsubscribeUrl);
  const items = summaries.map((s) => ({
    s,
    href: safeHref(s.url),
    date: `${formatDate(s.published, s.lang, zone) ?? s.published} (${zone})`,
    facts: s.facts.slice(0, FACTS_EACH).map((f) => factLines(f, s.lang)),
  }));
  const body = html`<html lang="${archive.publication.language}">
    ${mailHead(subject)}
    <body class="kf-body" style="${STYLE.body}"><div style="${STYLE.box}">
      <h1 style="font-size:22px">${subject}</h1>
      ${items.map(
        ({ s, href, date, facts }) => html`<div lang="${s.lang}" dir="${s.dir}" style="margin:24px 0">
          <h2 style="font-size:18px;line-height:1.3;margin:0">${href ? html`<a href="${href}"><bdi>${s.title}</bdi></a>` : html`<bdi>${s.title}</bdi>`}</h2>
          <p class="kf-small" style="${STYLE.small}"><time datetime="${s.published}">${date}</time></p>
          <ul style="padding-left:20px">${facts.map(factHtml)}</ul>
        </div>`,
      )}
      ${footer.html}
    </div></body>
  </html>`;
  const text = [
    subject,
    "",
    ...items.flatMap(({ s, href, date, facts }) => [s.title, date, ...facts.flatMap(factText), ...(href ? [href] : []), ""]),
    ...footer.text,
  ].map(plain);
  return {
    from,
    to,
    subject,
    text: text.join("\n"),
    html: `<!DOCTYPE html>\n${body.value}`,
    headers: listHeaders(unsubscribeUrl),
  };
}
