/** The page shell every HTML page shares: `<head>` metadata (feeds, oEmbed, Open Graph, JSON-LD), header and footer. */

import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { archive } from "../lib/store";
import { type FeedLink, jsonForScript } from "./links";

export interface OpenGraph {
  type: "website" | "article";
  published?: string;
  modified?: string;
  tags?: readonly string[];
}

export interface LayoutProps {
  origin: string;
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
  /** Module scripts from our origin (the widget demo). */
  scripts?: readonly string[];
  children?: Child;
}

export function Layout(props: LayoutProps) {
  const pub = archive.publication;
  const isHome = props.path === "/";
  const fullTitle = isHome ? props.title : `${props.title} · ${pub.title}`;
  const canonical = props.path === undefined ? undefined : props.origin + props.path;
  const og = props.og ?? { type: "website" };
  return (
    <html lang={pub.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={props.description} />
        {canonical ? <link rel="canonical" href={canonical} /> : <meta name="robots" content="noindex" />}
        <link rel="stylesheet" href="/styles.css" />
        {props.feeds.map((f) => (
          <link rel="alternate" type={f.type} href={f.href} title={f.title} />
        ))}
        {props.oembedFor && (
          <link
            rel="alternate"
            type="application/json+oembed"
            href={`${props.origin}/oembed?${new URLSearchParams({ url: props.oembedFor, format: "json" })}`}
            title={props.title}
          />
        )}
        <meta property="og:type" content={og.type} />
        <meta property="og:site_name" content={pub.title} />
        <meta property="og:title" content={props.title} />
        <meta property="og:description" content={props.description} />
        {canonical && <meta property="og:url" content={canonical} />}
        {og.published && <meta property="article:published_time" content={og.published} />}
        {og.modified && <meta property="article:modified_time" content={og.modified} />}
        {og.tags?.map((t) => (
          <meta property="article:tag" content={t} />
        ))}
        <meta name="twitter:card" content="summary" />
        {props.jsonLd !== undefined && <script type="application/ld+json">{raw(jsonForScript(props.jsonLd))}</script>}
        {props.scripts?.map((src) => (
          <script type="module" src={src} />
        ))}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <a class="site-name" href="/">
            {pub.title}
          </a>
          <nav class="site-nav" aria-label="Site">
            <ul>
              <li>
                <a href="/#latest">Latest</a>
              </li>
              <li>
                <a href="/#topics">Topics</a>
              </li>
              <li>
                <a href="/#subscribe">Subscribe</a>
              </li>
              <li>
                <a href="/#embed">Embed</a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site-footer">
          <p>Published by {pub.publisher}. Every key fact names who it is attributed to; corrections are listed on each summary.</p>
          <ul>
            <li>
              <a href="/feed.xml">RSS</a>
            </li>
            <li>
              <a href="/atom.xml">Atom</a>
            </li>
            <li>
              <a href="/feed.json">JSON Feed</a>
            </li>
            <li>
              <a href="/feeds">All feeds</a>
            </li>
            <li>
              <a href="/openapi.json">API (OpenAPI)</a>
            </li>
            <li>
              <a href="/problems">API errors</a>
            </li>
          </ul>
        </footer>
      </body>
    </html>
  );
}

/** A page as a string with its doctype. Pages are synchronous components, so rendering never awaits. */
export function renderDocument(node: Child): string {
  const out = (node as { toString(): unknown }).toString();
  if (typeof out !== "string" && !(out instanceof String)) throw new Error("page components must render synchronously");
  return `<!DOCTYPE html>\n${out}`;
}
