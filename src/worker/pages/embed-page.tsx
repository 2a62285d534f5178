/**
 * `/embed/…`: the key-facts card as a page made to be framed. It renders the markup that
 * `src/shared/card-styles.ts` documents, from the widget's own view model, and loads the
 * same stylesheet (`/embed.css`), so the iframe and `<key-facts>` look alike by construction.
 * No script: links open in a new tab, theme comes from `?theme=`.
 * @module
 */
import type { FactList, Summary } from "../../shared/api-schema";
import { cardCss } from "../../shared/card-styles";
import { type CardView, type Link, summaryCard, tagCard } from "../../widget/card-model";
import { archive, entriesFor, getSummary } from "../lib/store";
import { renderDocument } from "./layout";

export const THEMES = ["auto", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

/**
 * The card stylesheet plus what a framed document needs: no page margin, a card that fills
 * the frame (so a taller iframe shows no gap under the border) and scrolls if the frame is short.
 */
export const embedCss = `${cardCss}
html, body { margin: 0; padding: 0; background: transparent; }
body > .kf-host { --key-facts-max-width: none; --key-facts-min-height: 100vh; }
`;

/** A link leaving the frame: always a new tab, so the host page stays where it is. */
function Out(props: { link: Link; class?: string }) {
  const { link } = props;
  return link.href ? (
    <a class={props.class} href={link.href} target="_blank" rel="noopener">
      {link.text}
    </a>
  ) : (
    <span class={props.class}>{link.text}</span>
  );
}

function Card(props: { view: CardView }) {
  const v = props.view;
  return (
    <section class="kf-card" aria-labelledby="kf-title" lang={v.lang || undefined} dir={v.dir}>
      <header class="kf-header">
        <p class="kf-kicker">Key facts</p>
        <h1 class="kf-title" id="kf-title">
          <Out link={v.title} />
        </h1>
      </header>
      <ul class="kf-facts">
        {v.facts.map((f) => (
          <li class="kf-fact" lang={f.origin?.lang || undefined} dir={f.origin?.dir || undefined}>
            <p class="kf-text">{f.text}</p>
            {f.figure && <p class="kf-figure">{f.figure}</p>}
            <p class="kf-sources">
              <span class="kf-label">{f.sources.length > 1 ? "Sources" : "Source"}:</span>{" "}
              {f.sources.map((src, i) => (
                <>
                  {i > 0 && ", "}
                  <Out link={src} />
                </>
              ))}
            </p>
            {f.origin && (
              <p class="kf-origin">
                <Out link={f.origin} />
                {f.origin.date && (
                  <>
                    {" · "}
                    <time datetime={f.origin.date.datetime}>{f.origin.date.text}</time>
                  </>
                )}
              </p>
            )}
          </li>
        ))}
      </ul>
      <footer class="kf-meta">
        <Out link={v.publication} class="kf-publication" />
        {v.date && (
          <time class="kf-date" datetime={v.date.datetime}>
            {v.date.text}
          </time>
        )}
        {v.follow && (
          <a class="kf-follow" href={v.follow} type="application/rss+xml" target="_blank" rel="noopener">
            Follow this story
          </a>
        )}
      </footer>
    </section>
  );
}

/** A whole framed document around one card. `canonical` is the page the card stands for. */
function embedDocument(view: CardView, canonical: string, theme: Theme): string {
  return renderDocument(
    <html lang={view.lang || archive.publication.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`Key facts: ${view.title.text}`}</title>
        <meta name="robots" content="noindex" />
        <link rel="canonical" href={canonical} />
        <link rel="stylesheet" href="/embed.css" />
      </head>
      <body>
        <main class="kf-host" data-theme={theme}>
          <Card view={view} />
        </main>
      </body>
    </html>,
  );
}

export function summaryEmbed(s: Summary, theme: Theme): string {
  return embedDocument(summaryCard(s), s.url, theme);
}

/** The newest `limit` facts across `tag`'s summaries, shaped as `/api/v1/facts` returns them. */
export function newestFacts(tag: string, limit: number, origin: string): FactList {
  const items: FactList["items"] = [];
  for (const entry of entriesFor(tag)) {
    const s = getSummary(entry.slug, origin);
    if (!s) continue;
    const summary = { slug: s.slug, url: s.url, title: s.title, published: s.published, lang: s.lang, dir: s.dir, tags: s.tags };
    for (const fact of s.facts) {
      if (items.length >= limit) break;
      items.push({ ...fact, summary });
    }
    if (items.length >= limit) break;
  }
  return { items, publication: { title: archive.publication.title, url: `${origin}/` } };
}

/** The card of a tag's newest facts, titled as the widget titles it. */
export const tagView = (tag: string, limit: number, origin: string): CardView =>
  tagCard(newestFacts(tag, limit, origin), tag, `Latest on ${tag.replace(/-/g, " ")}`);

export function tagEmbed(tag: string, limit: number, origin: string, theme: Theme): string {
  return embedDocument(tagView(tag, limit, origin), `${origin}/tags/${tag}`, theme);
}
