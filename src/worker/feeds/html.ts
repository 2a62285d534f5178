/**
 * The HTML of an item's full content: the summary's body, then its key facts with their
 * sources, what it is based on, and its corrections. Every value is escaped here.
 * @module
 */
import { formatDate } from "../../shared/format";
import { chainLinks, independenceText, unverifiedText } from "../../shared/provenance";
import { cleanText } from "./xml";

/** Plain text as HTML character data (not for attributes: quotes stay as they are). */
export function escapeHtmlText(text: string): string {
  return cleanText(text).replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Plain text as HTML text or attribute value (double-quoted). */
export function escapeHtml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only absolute web URLs become links: feeds must carry no relative or script URLs. */
export function isWebUrl(url: string | null | undefined): url is string {
  return typeof url === "string" && /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url);
}

export interface ContentSource {
  name: string;
  url: string | null;
}

/** A fact's source with the chain its claim travelled through. */
export interface ContentFactSource extends ContentSource {
  via: readonly ContentSource[];
}

export interface ContentParts {
  /** Sanitised body HTML from the content build (its links are absolute). */
  bodyHtml: string;
  lang: string;
  dir: "ltr" | "rtl";
  facts: readonly { text: string; sources: readonly ContentFactSource[]; unverified: { by: ContentSource } | null; independent: number }[];
  basedOn: readonly ContentSource[];
  corrections: readonly { date: string; text: string }[];
  /** The publication's time zone: dates read as the pages and the card show them. */
  timeZone: string;
}

function sourceHtml(s: ContentSource): string {
  return isWebUrl(s.url) ? `<a href="${escapeHtml(s.url)}">${escapeHtmlText(s.name)}</a>` : escapeHtmlText(s.name);
}

const list = (sources: readonly ContentSource[]) => sources.map(sourceHtml).join(", ");

/** "Russia's federal statistics service, via Radio Free Asia, cited by HNGN", each name linked where it has a URL. */
const chainHtml = (s: ContentFactSource) => [sourceHtml(s), ...chainLinks(s.via).map(([how, v]) => `${how} ${sourceHtml(v)}`)].join(", ");

/** The item content: body, key facts with sources, sources drawn on, corrections. */
export function contentHtml(p: ContentParts): string {
  const dir = p.dir === "rtl" ? "rtl" : "ltr";
  let html = `<div lang="${escapeHtml(p.lang)}" dir="${dir}">${cleanText(p.bodyHtml)}`;
  if (p.facts.length > 0) {
    html += "<h2>Key facts</h2><ul>";
    for (const f of p.facts) {
      const label = f.sources.length === 1 ? "Source" : "Sources";
      const notes = [independenceText(f.independent), f.unverified && unverifiedText(f.unverified.by)].filter((n) => n);
      const sources = f.sources.map(chainHtml).join("; ");
      html += `<li>${escapeHtmlText(f.text)} <small>(${label}: ${sources}${notes.map((n) => `. ${escapeHtmlText(n as string)}`).join("")})</small></li>`;
    }
    html += "</ul>";
  }
  if (p.basedOn.length > 0) html += `<p>Based on reporting by ${list(p.basedOn)}.</p>`;
  if (p.corrections.length > 0) {
    html += "<h2>Corrections</h2><ul>";
    for (const c of p.corrections)
      html += `<li><time datetime="${escapeHtml(c.date)}">${escapeHtmlText(formatDate(c.date, p.lang, p.timeZone) ?? c.date)}</time>: ${escapeHtmlText(c.text)}</li>`;
    html += "</ul>";
  }
  return `${html}</div>`;
}
