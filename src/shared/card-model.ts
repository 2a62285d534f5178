/**
 * The card's view model, shared by `<key-facts>` and `/embed/…`: checked API payloads turned
 * into what the card shows, plain strings with hrefs only for http(s) URLs, dates in the
 * publication's time zone.
 * @module
 */
import type { Fact, FactList, Summary } from "./api-schema";
import { DEFAULT_TIME_ZONE, formatDate, formatFigure } from "./format";
import { independenceText, unverifiedText } from "./provenance";

export interface Link {
  text: string;
  /** Null when the URL is missing or not `https:`/`http:`: the text is then shown unlinked. */
  href: string | null;
}

export interface Dated {
  /** The day in words, in the publication's time zone. */
  text: string;
  /** The instant as published (RFC 3339), for `<time datetime>`. */
  datetime: string;
}

/** A source and who relayed its claim, in order ("via" the first, "cited by" the next). */
export interface SourceView extends Link {
  via: Link[];
}

export interface FactView {
  text: string;
  figure: string | null;
  sources: SourceView[];
  /** "2 independent sources", or null for one origin. */
  independent: string | null;
  /** "Unverified: HNGN could not verify this", or null. */
  unverified: string | null;
  /** Tag mode: the summary this fact comes from, which may differ in language and direction. */
  origin: (Link & { date: Dated | null; lang: string; dir: string }) | null;
}

export interface CardView {
  lang: string;
  dir: "ltr" | "rtl";
  title: Link;
  facts: FactView[];
  date: Dated | null;
  publication: Link;
  /** The RSS feed of the story's tag. */
  follow: string | null;
}

/** `raw` (resolved against `base`) as an http(s) URL, or null: `javascript:`, `data:` and the like never become links. */
export function safeHref(raw: unknown, base?: string | null): string | null {
  try {
    const url = new URL(raw as string, base ?? undefined);
    return /^https?:$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** `iso` for people (the day in `timeZone`) and for machines (as published); null for a broken date. */
export function dated(iso: string, lang: string, timeZone: string): Dated | null {
  const text = formatDate(iso, lang, timeZone);
  return text ? { text, datetime: iso } : null;
}

/** The publication's time zone as a payload gives it: API versions before it was added give none. */
const zoneOf = (publication: { timezone?: unknown }) =>
  typeof publication.timezone === "string" ? publication.timezone : DEFAULT_TIME_ZONE;

const linkOf = (s: { name: string; url: string | null }): Link => ({ text: s.name, href: safeHref(s.url) });

function factView(f: Fact, lang: string, origin: FactView["origin"] = null): FactView {
  return {
    text: f.text,
    figure: f.figure && formatFigure(f.figure, lang),
    // API versions before chains send no via, unverified or count.
    sources: f.sources.map((s) => ({ ...linkOf(s), via: (s.via ?? []).map(linkOf) })),
    independent: independenceText(f.independent_sources),
    unverified: f.unverified ? unverifiedText(f.unverified.by) : null,
    origin,
  };
}

/** The card's frame around `facts`: publication, and the feed of `tag` as the follow link. */
function card(publication: Summary["publication"], tag: string | undefined, rest: Omit<CardView, "publication" | "follow">): CardView {
  const home = safeHref(publication.url);
  return {
    ...rest,
    publication: { text: publication.title, href: home },
    follow: home && tag ? safeHref(`tags/${encodeURIComponent(tag)}/feed.xml`, home) : null,
  };
}

/** A summary's card: all its facts, or with `fact` only the fact of that id (none when it has no such fact), linked to its place. */
export function summaryCard(s: Summary, fact?: string | null): CardView {
  return card(s.publication, s.tags[0], {
    lang: s.lang,
    dir: s.dir,
    title: { text: s.title, href: safeHref(fact ? `${s.url}#fact-${fact}` : s.url) },
    facts: s.facts.filter((f) => !fact || f.id === fact).map((f) => factView(f, s.lang)),
    date: dated(s.updated ?? s.published, s.lang, zoneOf(s.publication)),
  });
}

/** What a tag is called where `content/tags.yaml` gives no name (or an older API sends none): "north-korea" → "north korea". */
export const defaultTagName = (tag: string) => tag.replace(/-/g, " ");

/** Tag mode: the newest facts across the tag's summaries, under "Latest on <the tag's name>"; each fact names its summary. */
export function tagCard(list: FactList, tag: string): CardView {
  const first = list.items[0]?.summary;
  const lang = first?.lang ?? "";
  const zone = zoneOf(list.publication);
  return card(list.publication, tag, {
    lang,
    dir: first?.dir ?? "ltr",
    title: {
      text: `Latest on ${list.name ?? defaultTagName(tag)}`,
      href: safeHref(`tags/${encodeURIComponent(tag)}`, safeHref(list.publication.url)),
    },
    facts: list.items.map(({ summary: s, ...f }) =>
      factView(f, s.lang, { text: s.title, href: safeHref(s.url), date: dated(s.published, s.lang, zone), lang: s.lang, dir: s.dir }),
    ),
    date: first ? dated(first.published, lang, zone) : null,
  });
}
