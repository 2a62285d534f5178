/** Small pieces the pages share: dates, sources, fact lists, summary teasers, feed lists, code snippets. */
import type { Fact, FactSource, Source, Summary } from "../../shared/api-schema";
import { dated, defaultTagName } from "../../shared/card-model";
import { chainLinks, independenceText, unverifiedText } from "../../shared/provenance";
import { attr, type Html, html } from "./html";
import type { FeedLink } from "./links";

/** A date of summary `s`, in its language and its publication's time zone: the card's formatter, so both say the same day. */
export function time(iso: string, s: Summary): Html {
  const d = dated(iso, s.lang, s.publication.timezone);
  return html`<time datetime="${iso}">${d?.text ?? iso}</time>`;
}

/** A source's name, linked when the registry gives it a URL (the build allows only `https:`). */
export const sourceName = (source: Source) =>
  source.url ? html`<a href="${source.url}">${source.name}</a>` : html`<span>${source.name}</span>`;

/** Items with `separator` between them: "A, B". */
export const joined = <T>(items: readonly T[], each: (item: T, i: number) => Html, separator = ", ") =>
  items.map((item, i) => html`${i > 0 && separator}${each(item, i)}`);

/** A source and how its claim travelled: "Rosstat, via RFA, cited by HNGN", each name linked to its source page. */
const chain = (s: FactSource) => html`${sourceName(s)}${chainLinks(s.via ?? []).map(([word, v]) => html`, ${word} ${sourceName(v)}`)}`;

/** "Sources: A, via B; C · 2 independent sources" under a fact, and who could not verify it. */
export function factSources(f: Fact): Html {
  const independent = independenceText(f.independent_sources);
  return html`<span class="fact-sources">${f.sources.length > 1 ? "Sources: " : "Source: "}${joined(f.sources, chain, "; ")}${
    independent && ` · ${independent}`
  }</span>${f.unverified && html` <strong class="unverified">${unverifiedText(f.unverified.by)}</strong>`}`;
}

/**
 * Key facts, each with who it is attributed to; with `anchors`, each has an id (`#fact-<id>`)
 * to link to; `share` adds what follows each fact (how to share or embed it alone).
 */
export function factList(facts: readonly Fact[], opts: { compact?: boolean; anchors?: boolean; share?: (f: Fact) => Html } = {}): Html {
  return html`<ol class="${opts.compact ? "facts glance" : "facts"}">${facts.map(
    (f) => html`<li${attr("id", opts.anchors ? `fact-${f.id}` : undefined)}>${f.text} ${factSources(f)}${opts.share?.(f)}</li>`,
  )}</ol>`;
}

/** What people read for `tag`: its name from `content/tags.yaml`, else its words. */
export const nameOf = (tag: string, names?: ReadonlyMap<string, string>) => names?.get(tag) ?? defaultTagName(tag);

export const tagList = (tags: readonly string[], names?: ReadonlyMap<string, string>) =>
  html`<ul class="tags">${tags.map((t) => html`<li><a href="/tags/${t}">${nameOf(t, names)}</a></li>`)}</ul>`;

/** A summary in a list: title, date, the summary and its key facts at a glance. */
export function summaryTeaser(s: Summary, names?: ReadonlyMap<string, string>): Html {
  const n = s.facts.length;
  return html`<li lang="${s.lang}" dir="${s.dir}">
    <article>
      <h3><a href="/summaries/${s.slug}">${s.title}</a></h3>
      <p class="meta">${time(s.published, s)}<span>${n} key ${n === 1 ? "fact" : "facts"}</span></p>
      <p>${s.summary}</p>
      ${factList(s.facts, { compact: true })}
      ${tagList(s.tags, names)}
    </article>
  </li>`;
}

export const feedList = (feeds: readonly FeedLink[]) =>
  html`<ul class="feeds">${feeds.map((f) => html`<li><a href="${f.href}" type="${f.type}">${f.format}</a></li>`)}</ul>`;

/** A snippet to copy: shown as escaped code, selected whole by one click (CSS `user-select: all`), no script. */
export const snippet = (heading: string, note: string, code: string) =>
  html`<section class="snippet"><h3>${heading}</h3><p>${note}</p><pre><code>${code}</code></pre></section>`;
