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
import { headerText } from "./header-text";
import { listFooter, listHeaders, mailHead, plain, STYLE } from "./layout";
import type { Mail, MailAddress } from "./types";

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
    subject: headerText(plain(s.title)).trim(),
    text: text.join("\n"),
    html: `<!DOCTYPE html>\n${body.value}`,
    headers: listHeaders(unsubscribeUrl),
  };
}
