/**
 * The mail that announces one summary to one subscriber: its key facts with their
 * sources' chains and figures, the publication's date in its time zone, why the reader gets
 * it, and their preferences and unsubscribe links. No tracking: links are the pages' own.
 * @module
 */
import type { Fact, Summary } from "../../shared/api-schema";
import { safeHref } from "../../shared/card-model";
import { formatDate, formatFigure } from "../../shared/format";
import { chainText, independenceText, unverifiedText } from "../../shared/provenance";
import { archive } from "../lib/store";
import { html } from "../pages/html";
import type { Preferences } from "../subscriptions/subscribers";
import { preferencesPhrase } from "../subscriptions/wording";
import type { Mail, MailAddress } from "./mailer";
import { headerSafe, listHeaders, mailHead, STYLE } from "./subscription-mails";

/**
 * Bidirectional controls and other format characters are dropped from the text part, where
 * nothing isolates them: a title could otherwise reorder the lines after it.
 */
export const plain = (text: string) => text.replace(/[\p{Cf}]/gu, "").replace(/\r\n?/g, "\n");

export interface SummaryMailInput {
  from: MailAddress;
  to: string;
  summary: Summary;
  prefs: Preferences;
  manageUrl: string;
  unsubscribeUrl: string;
}

/** A fact's lines: its text, its figure, where it comes from and how far it is confirmed. */
export function factLines(f: Fact, lang: string): { text: string; figure: string | null; sources: string; notes: string[] } {
  return {
    text: f.text,
    figure: f.figure ? formatFigure(f.figure, lang) : null,
    sources: `Sources: ${f.sources.map(chainText).join("; ")}`,
    notes: [independenceText(f.independent_sources), f.unverified ? unverifiedText(f.unverified.by) : null].filter((n) => n !== null),
  };
}

type FactLines = ReturnType<typeof factLines>;

/** A fact as a list item of the HTML part; every text isolated, so no bidi control reorders what follows. */
export const factHtml = (f: FactLines) =>
  html`<li style="margin-bottom:12px"><bdi>${f.text}</bdi>${f.figure ? html`<br/><strong><bdi>${f.figure}</bdi></strong>` : ""}<br/><span class="kf-small" style="${STYLE.small}"><bdi>${f.sources}</bdi></span>${f.notes.map((n) => html`<br/><span class="kf-small" style="${STYLE.small}"><bdi>${n}</bdi></span>`)}</li>`;

/** A fact as lines of the text part. */
export const factText = (f: FactLines) => [
  `- ${f.text}`,
  ...(f.figure ? [`  ${f.figure}`] : []),
  `  ${f.sources}`,
  ...f.notes.map((n) => `  ${n}`),
];

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

export function summaryMail({ from, to, summary: s, prefs, manageUrl, unsubscribeUrl }: SummaryMailInput): Mail {
  const zone = archive.publication.timezone;
  const day = formatDate(s.published, s.lang, zone) ?? s.published;
  const dateLine = `${day} (${zone})`;
  const footer = listFooter(prefs, manageUrl, unsubscribeUrl);
  const facts = s.facts.map((f) => factLines(f, s.lang));
  const href = safeHref(s.url);
  const body = html`<html lang="${s.lang}" dir="${s.dir}">
    ${mailHead(s.title)}
    <body class="kf-body" style="${STYLE.body}"><div style="${STYLE.box}">
      <p class="kf-small" style="${STYLE.small}">${archive.publication.title} · <time datetime="${s.published}">${dateLine}</time></p>
      <h1 style="font-size:22px;line-height:1.3"><bdi>${s.title}</bdi></h1>
      <p><bdi>${s.summary}</bdi></p>
      <h2 style="font-size:18px">Key facts</h2>
      <ul style="padding-left:20px">
        ${facts.map(factHtml)}
      </ul>
      ${href ? html`<p><a href="${href}" class="kf-button" style="${STYLE.button}">Read the summary</a></p>` : ""}
      ${footer.html}
    </div></body>
  </html>`;
  const text = [
    `${archive.publication.title} · ${dateLine}`,
    "",
    s.title,
    "",
    s.summary,
    "",
    "KEY FACTS",
    "",
    ...facts.flatMap((f) => [...factText(f), ""]),
    ...(href ? [`Read the summary: ${href}`, ""] : []),
    ...footer.text,
  ].map(plain);
  return {
    from,
    to,
    subject: headerSafe(plain(s.title)),
    text: text.join("\n"),
    html: `<!DOCTYPE html>\n${body.value}`,
    headers: listHeaders(unsubscribeUrl),
  };
}
