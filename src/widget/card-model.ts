/** Turns checked API payloads into what the card shows: plain strings, and hrefs only for http(s) URLs. */
import type { FactList, Source, Summary } from "../shared/api-schema";
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

/** `raw` as an absolute http(s) URL, or null: `javascript:`, `data:` and relative URLs never become links. */
export function safeHref(raw: unknown, base?: string): string | null {
  if (typeof raw !== "string") return null;
  try {
    const url = new URL(raw, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

const dated = (iso: string, lang: string): Dated | null => {
  const text = formatDate(iso, lang);
  return text ? { text, datetime: iso.slice(0, 10) } : null;
};

const sourceLinks = (sources: Source[]): Link[] => sources.map((s) => ({ text: s.name, href: safeHref(s.url) }));

/** The publication's feed for `tag`, e.g. `https://host/tags/sanctions/feed.xml`. */
function feedOf(publicationUrl: string, tag: string | undefined): string | null {
  const base = safeHref(publicationUrl);
  return base && tag ? safeHref(`tags/${encodeURIComponent(tag)}/feed.xml`, base) : null;
}

export function summaryCard(s: Summary): CardView {
  return {
    lang: s.lang,
    dir: s.dir,
    title: { text: s.title, href: safeHref(s.url) },
    facts: s.facts.map((f) => ({
      text: f.text,
      figure: f.figure ? formatFigure(f.figure, s.lang) : null,
      sources: sourceLinks(f.sources),
      origin: null,
    })),
    date: dated(s.updated ?? s.published, s.lang),
    publication: { text: s.publication.title, href: safeHref(s.publication.url) },
    follow: feedOf(s.publication.url, s.tags[0]),
  };
}

/** Tag mode: the newest facts across the tag's summaries; `title` names the tag. */
export function tagCard(list: FactList, tag: string, title: string): CardView {
  const first = list.items[0]?.summary;
  const lang = first?.lang ?? "";
  const pub = safeHref(list.publication.url);
  return {
    lang,
    dir: first?.dir ?? "ltr",
    title: { text: title, href: pub && safeHref(`tags/${encodeURIComponent(tag)}`, pub) },
    facts: list.items.map((f) => ({
      text: f.text,
      figure: f.figure ? formatFigure(f.figure, f.summary.lang) : null,
      sources: sourceLinks(f.sources),
      origin: {
        text: f.summary.title,
        href: safeHref(f.summary.url),
        date: dated(f.summary.published, f.summary.lang),
        lang: f.summary.lang,
        dir: f.summary.dir,
      },
    })),
    date: first ? dated(first.published, lang) : null,
    publication: { text: list.publication.title, href: pub },
    follow: feedOf(list.publication.url, tag),
  };
}
