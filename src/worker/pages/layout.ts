/** The page shell every HTML page shares: `<head>` metadata (feeds, oEmbed, Open Graph, JSON-LD), header and footer. */
import { iconLinks, siteCss } from "../../../build/assets.js";
import type { Publication } from "../../shared/archive";
import { documentOf, type Html, html, raw } from "./html";
import { type FeedLink, jsonForScript } from "./links";

export interface OpenGraph {
  type: "website" | "article";
  published?: string;
  modified?: string;
  tags?: readonly string[];
}

/** What every page is rendered for: the origin its absolute URLs start with, and the publication. */
export interface Site {
  origin: string;
  publication: Publication;
  /** Tags' display names (`content/tags.yaml`); a tag missing here is called by its words. */
  tagNames?: ReadonlyMap<string, string>;
}

export interface LayoutProps extends Site {
  /** Page title; the site name is appended unless this is the front page. */
  title: string;
  description: string;
  /** Path of the canonical URL, e.g. `/summaries/x`; none for error pages, which are also kept out of search engines. */
  path?: string;
  /** Autodiscovery links, most specific first. */
  feeds: readonly FeedLink[];
  /** Absolute page URL announced through oEmbed discovery. */
  oembedFor?: string;
  og?: OpenGraph;
  /** schema.org data for a JSON-LD block. */
  jsonLd?: unknown;
  /** Module scripts from our origin (the front page's demo loader): deferred, so they never block rendering. */
  scripts?: readonly string[];
}

const meta = (property: string, content: string | undefined) => content && html`<meta property="${property}" content="${content}"/>`;

// Links are for people: the feeds themselves are XML that browsers show as markup, so the
// footer leads to /feeds, which lists their addresses to copy into a reader.
const FOOTER_LINKS = [
  ["/feeds", "Feeds (RSS, Atom, JSON Feed)"],
  ["/openapi.json", "API (OpenAPI)"],
  ["/problems", "API errors"],
] as const;

/** A whole page: the shell around `main`, with its doctype. */
export function layout(props: LayoutProps, main: Html): string {
  const pub = props.publication;
  const isHome = props.path === "/";
  const fullTitle = isHome ? props.title : `${props.title} · ${pub.title}`;
  const canonical = props.path === undefined ? undefined : props.origin + props.path;
  const og = props.og ?? { type: "website" };
  // Fediverse software finds the ActivityPub object of a page here: a summary's Note, else the publication's actor.
  const note = props.path?.match(/^\/summaries\/([^/]+)$/)?.[1];
  const activity =
    props.path === undefined
      ? undefined
      : `${props.origin}/ap/${note === undefined ? `actors/${pub.fediverse_handle}` : `summaries/${note}`}`;
  const oembed = props.oembedFor && `${props.origin}/oembed?${new URLSearchParams({ url: props.oembedFor, format: "json" })}`;
  return documentOf(html`<html lang="${pub.language}">
    <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>${fullTitle}</title>
      <meta name="description" content="${props.description}"/>
      ${canonical ? html`<link rel="canonical" href="${canonical}"/>` : html`<meta name="robots" content="noindex"/>`}
      <style>${raw(siteCss)}</style>
      ${raw(iconLinks)}
      ${props.feeds.map((f) => html`<link rel="alternate" type="${f.type}" href="${f.href}" title="${f.title}"/>`)}
      ${activity && html`<link rel="alternate" type="application/activity+json" href="${activity}"/>`}
      ${oembed && html`<link rel="alternate" type="application/json+oembed" href="${oembed}" title="${props.title}"/>`}
      ${meta("og:type", og.type)}
      ${meta("og:site_name", pub.title)}
      ${meta("og:title", props.title)}
      ${meta("og:description", props.description)}
      ${meta("og:url", canonical)}
      ${meta("article:published_time", og.published)}
      ${meta("article:modified_time", og.modified)}
      ${og.tags?.map((t) => meta("article:tag", t))}
      <meta name="twitter:card" content="summary"/>
      ${props.jsonLd !== undefined && html`<script type="application/ld+json">${raw(jsonForScript(props.jsonLd))}</script>`}
      ${props.scripts?.map((src) => html`<script type="module" src="${src}"></script>`)}
    </head>
    <body>
      <a class="skip" href="#main">Skip to content</a>
      <header class="site-header">
        <a class="site-name" href="/">${pub.title}</a>
        <nav class="site-nav" aria-label="Site">
          <ul>
            <li><a href="/#latest">Latest</a></li>
            <li><a href="/#topics">Topics</a></li>
            <li><a href="/#subscribe">Subscribe</a></li>
            <li><a href="/#embed">Embed</a></li>
          </ul>
        </nav>
      </header>
      <main id="main">${main}</main>
      <footer class="site-footer">
        <p>Published by ${pub.publisher}. Every key fact names who it is attributed to; corrections are listed on each summary.</p>
        <ul>${FOOTER_LINKS.map(([href, text]) => html`<li><a href="${href}">${text}</a></li>`)}</ul>
      </footer>
    </body>
  </html>`);
}
