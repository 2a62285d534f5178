/**
 * The one item model behind RSS, Atom and JSON Feed: built once per summary from its full
 * API `Summary`, so that ids, titles, links, dates and content agree across the formats.
 * @module
 */
import type { Fact, Figure, Source, Summary } from "../../shared/api-schema";
import { contentHtml, isWebUrl } from "./html";
import { cleanText } from "./xml";

export interface FeedSource {
  id: string;
  name: string;
  kind: string;
  /** An absolute http(s) URL, or null. */
  url: string | null;
}

/** A fact's source, with who relayed the claim, in order. */
export interface FeedFactSource extends FeedSource {
  via: FeedSource[];
}

export interface FeedFact {
  id: string;
  text: string;
  figure: Figure | null;
  sources: FeedFactSource[];
  unverified: { by: FeedSource } | null;
  independent_sources: number;
}

export interface FeedItem {
  /** The summary's URL: stable, and the same id in RSS `guid`, Atom `id` and JSON Feed `id`. */
  id: string;
  url: string;
  title: string;
  /** Plain text, 1–3 sentences. */
  summary: string;
  /** Body, key facts with sources, and corrections, as HTML. */
  contentHtml: string;
  /** Epoch milliseconds. */
  published: number;
  /** Epoch milliseconds; equals `published` when never updated. */
  updated: number;
  lang: string;
  tags: string[];
  facts: FeedFact[];
}

export interface FeedAuthor {
  name: string;
  url: string;
}

/** A feed: the publication or one tag, with its newest items. */
export interface FeedChannel {
  title: string;
  description: string;
  /** BCP 47 */
  language: string;
  author: FeedAuthor;
  /** The HTML page the feed mirrors (publication home or tag page). */
  homeUrl: string;
  /** Absolute URLs of the three formats of this feed. */
  urls: { rss: string; atom: string; json: string };
  /** Path of the browser stylesheet, same-origin by construction (browsers refuse cross-origin XSLT). */
  stylesheet: string;
  /** Where the key-facts extension is documented. */
  aboutKeyFacts: string;
  /** WebSub hub, or null. */
  hub: string | null;
  /** Epoch milliseconds of the newest change among the items. */
  updated: number;
  items: readonly FeedItem[];
}

/** Epoch milliseconds of an RFC 3339 date; 0 (the epoch) for anything unparseable. */
export function timeOf(date: string | null | undefined): number {
  const ms = date ? Date.parse(date) : Number.NaN;
  return Number.isFinite(ms) ? ms : 0;
}

function sourceOf(s: Source): FeedSource {
  return { id: cleanText(s.id), name: cleanText(s.name), kind: cleanText(s.kind), url: isWebUrl(s.url) ? cleanText(s.url) : null };
}

const cleanOrNull = (v: string | null) => (v === null ? null : cleanText(v));

function figureOf(f: Figure | null): Figure | null {
  if (f === null) return null;
  return {
    value: f.value,
    unit: cleanOrNull(f.unit),
    period: cleanOrNull(f.period),
    as_of: cleanOrNull(f.as_of),
    approx: f.approx === true,
  };
}

function factOf(f: Fact): FeedFact {
  return {
    id: cleanText(f.id),
    text: cleanText(f.text),
    figure: figureOf(f.figure),
    sources: f.sources.map((s) => ({ ...sourceOf(s), via: s.via.map(sourceOf) })),
    unverified: f.unverified ? { by: sourceOf(f.unverified.by) } : null,
    independent_sources: f.independent_sources,
  };
}

/** The content HTML of `s` after `bodyHtml`: its key facts with their sources, what it drew on, its corrections. */
function contentOf(s: Summary, facts: readonly FeedFact[], bodyHtml: string): string {
  return contentHtml({
    bodyHtml,
    lang: s.lang,
    dir: s.dir,
    facts: facts.map((f) => ({ ...f, independent: f.independent_sources })),
    basedOn: s.based_on.map(sourceOf),
    corrections: s.corrections,
    timeZone: s.publication.timezone,
  });
}

/** A feed item's content without the body: what a Fediverse post of the summary carries. */
export const keyFactsHtml = (s: Summary): string => contentOf(s, s.facts.map(factOf), "");

/** The item for a full summary (absolute URLs already resolved for the request's origin). */
export function itemOf(s: Summary): FeedItem {
  const published = timeOf(s.published);
  const facts = s.facts.map(factOf);
  return {
    id: cleanText(s.url),
    url: cleanText(s.url),
    title: cleanText(s.title),
    summary: cleanText(s.summary),
    contentHtml: contentOf(s, facts, s.content_html),
    published,
    updated: Math.max(published, timeOf(s.updated)),
    lang: cleanText(s.lang),
    tags: s.tags.map(cleanText),
    facts,
  };
}

/** The newest change among `items`, or 0 when there are none. */
export function newestOf(items: readonly FeedItem[]): number {
  return items.reduce((max, i) => Math.max(max, i.updated), 0);
}
