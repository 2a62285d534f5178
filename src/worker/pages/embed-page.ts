/**
 * `/embed/…`: the key-facts card as a page made to be framed. It renders the markup that
 * `src/shared/card-styles.ts` documents, from the widget's own view model, and loads the
 * same stylesheet (`/embed.css`), so the iframe and `<key-facts>` look alike by construction.
 * No script: links open in a new tab, theme comes from `?theme=`.
 * @module
 */
import type { Summary } from "../../shared/api-schema";
import { type CardView, type Link, summaryCard, tagCard, tagTitle } from "../../widget/card-model";
import { archive, newestFacts } from "../lib/store";
import { attr, documentOf, html } from "./html";
import { joined } from "./parts";

export const THEMES = ["auto", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/** A link leaving the frame: always a new tab, so the host page stays where it is. */
const out = (link: Link, cls?: string) =>
  link.href
    ? html`<a${attr("class", cls)} href="${link.href}" target="_blank" rel="noopener">${link.text}</a>`
    : html`<span${attr("class", cls)}>${link.text}</span>`;

function card(v: CardView) {
  const facts = v.facts.map(
    (f) => html`<li class="kf-fact"${attr("lang", f.origin?.lang)}${attr("dir", f.origin?.dir)}>
      <p class="kf-text">${f.text}</p>
      ${f.figure && html`<p class="kf-figure">${f.figure}</p>`}
      <p class="kf-sources"><span class="kf-label">${f.sources.length > 1 ? "Sources" : "Source"}:</span> ${joined(f.sources, (s) => out(s))}</p>
      ${
        f.origin &&
        html`<p class="kf-origin">${out(f.origin)}${f.origin.date && html` · <time datetime="${f.origin.date.datetime}">${f.origin.date.text}</time>`}</p>`
      }
    </li>`,
  );
  return html`<section class="kf-card" aria-labelledby="kf-title"${attr("lang", v.lang)} dir="${v.dir}">
    <header class="kf-header">
      <p class="kf-kicker">Key facts</p>
      <h1 class="kf-title" id="kf-title">${out(v.title)}</h1>
    </header>
    <ul class="kf-facts">${facts}</ul>
    <footer class="kf-meta">
      ${out(v.publication, "kf-publication")}
      ${v.date && html`<time class="kf-date" datetime="${v.date.datetime}">${v.date.text}</time>`}
      ${v.follow && html`<a class="kf-follow" href="${v.follow}" type="application/rss+xml" target="_blank" rel="noopener">Follow this story</a>`}
    </footer>
  </section>`;
}

/** A whole framed document around one card. `canonical` is the page the card stands for. */
function embedDocument(view: CardView, canonical: string, theme: Theme): string {
  return documentOf(html`<html lang="${view.lang || archive.publication.language}">
    <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>Key facts: ${view.title.text}</title>
      <meta name="robots" content="noindex"/>
      <link rel="canonical" href="${canonical}"/>
      <link rel="stylesheet" href="/embed.css"/>
    </head>
    <body><main class="kf-host" data-theme="${theme}">${card(view)}</main></body>
  </html>`);
}

export function summaryEmbed(s: Summary, theme: Theme): string {
  return embedDocument(summaryCard(s), s.url, theme);
}

/** The card of a tag's newest facts, titled as the widget titles it. */
export const tagView = async (tag: string, limit: number, origin: string): Promise<CardView> =>
  tagCard(await newestFacts(tag, limit, origin), tag, tagTitle(tag));

export async function tagEmbed(tag: string, limit: number, origin: string, theme: Theme): Promise<string> {
  return embedDocument(await tagView(tag, limit, origin), `${origin}/tags/${tag}`, theme);
}
