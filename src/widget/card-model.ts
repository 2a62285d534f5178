/** Turns checked API payloads into what the card shows: plain strings, and hrefs only for http(s) URLs. */
import type { Fact, FactList, Summary } from "../shared/api-schema";
import { formatDate, formatFigure } from "./format";

export interface Link {
  text: string;
  /** Null when the URL is missing or not `https:`/`http:`: the text is then shown unlinked. */
  href: string | null;
}

export interface Dated {
  text: string;
  datetime: string;
}

export interface FactView {
  text: string;
  figure: string | null;
  sources: Link[];
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

function dated(iso: string, lang: string): Dated | null {
  const text = formatDate(iso, lang);
  return text ? { text, datetime: iso.slice(0, 10) } : null;
}

function factView(f: Fact, lang: string, origin: FactView["origin"] = null): FactView {
  return {
    text: f.text,
    figure: f.figure && formatFigure(f.figure, lang),
    sources: f.sources.map((s) => ({ text: s.name, href: safeHref(s.url) })),
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

export function summaryCard(s: Summary): CardView {
  return card(s.publication, s.tags[0], {
    lang: s.lang,
    dir: s.dir,
    title: { text: s.title, href: safeHref(s.url) },
    facts: s.facts.map((f) => factView(f, s.lang)),
    date: dated(s.updated ?? s.published, s.lang),
  });
}

/** What a tag card is titled, in the widget and the embed page alike. */
export const tagTitle = (tag: string) => `Latest on ${tag.replace(/-/g, " ")}`;

/** Tag mode: the newest facts across the tag's summaries, under `title`; each fact names its summary. */
export function tagCard(list: FactList, tag: string, title: string): CardView {
  const first = list.items[0]?.summary;
  const lang = first?.lang ?? "";
  return card(list.publication, tag, {
    lang,
    dir: first?.dir ?? "ltr",
    title: { text: title, href: safeHref(`tags/${encodeURIComponent(tag)}`, safeHref(list.publication.url)) },
    facts: list.items.map(({ summary: s, ...f }) =>
      factView(f, s.lang, { text: s.title, href: safeHref(s.url), date: dated(s.published, s.lang), lang: s.lang, dir: s.dir }),
    ),
    date: first ? dated(first.published, lang) : null,
  });
}
