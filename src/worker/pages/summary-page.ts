/** `/summaries/:slug`: the canonical page of a summary, with key facts, body, corrections, tags and embed snippets. */
import { integrity, version } from "../../../build/widget-bundle.js";
import type { Summary } from "../../shared/api-schema";
import { summaryCard } from "../../shared/card-model";
import { CARD_WIDTH, cardHeight } from "./card-size";
import { type Html, html, raw } from "./html";
import { newsArticle } from "./json-ld";
import { layout, type Site } from "./layout";
import { feedLinks } from "./links";
import { factList, snippet, sourceName, tagList, time } from "./parts";
import { type CardTarget, iframeSnippet, pinnedScriptSnippet, scriptSnippet } from "./snippets";

/**
 * How to share or embed one fact alone: its address, the element and the iframe, as code to
 * copy in a disclosure that opens without script.
 */
function shareFact(s: Summary, fact: string, origin: string): Html {
  const target: CardTarget = { kind: "summary", slug: s.slug, fact };
  const size = { width: CARD_WIDTH, height: cardHeight(summaryCard(s, fact)) };
  return html`<details class="share-fact no-print">
    <summary>Share or embed this fact</summary>
    ${snippet("Link", "This fact's address; paste it on its own line in a CMS that supports oEmbed to get the card of this fact.", `${s.url}#fact-${fact}`)}
    ${snippet("Script tag and element", "A card of this fact alone, with its sources and a link to this summary.", scriptSnippet(origin, target))}
    ${snippet("Iframe", "For sites that cannot add scripts.", iframeSnippet(origin, target, s.title, size))}
  </details>`;
}

export function summaryPage(s: Summary, site: Site): string {
  const { origin, publication: pub } = site;
  const target: CardTarget = { kind: "summary", slug: s.slug };
  const last = s.based_on.length - 1;
  const props = {
    ...site,
    title: s.title,
    description: s.summary,
    path: `/summaries/${s.slug}`,
    feeds: feedLinks(origin, pub.title),
    oembedFor: s.url,
    og: { type: "article", published: s.published, modified: s.updated ?? undefined, tags: s.tags },
    jsonLd: newsArticle(s, pub.publisher),
  } as const;
  return layout(
    props,
    html`<article lang="${s.lang}" dir="${s.dir}">
        <h1>${s.title}</h1>
        <p class="lede">${s.summary}</p>
        <p class="meta">
          <span>Published ${time(s.published, s)}</span>
          ${s.updated && html`<span>Updated ${time(s.updated, s)}</span>`}
          <span>${s.reading_minutes} min read</span>
        </p>
        <section class="key-facts" aria-labelledby="facts-h">
          <h2 id="facts-h">Key facts</h2>
          ${factList(s.facts, { anchors: true, share: (f) => shareFact(s, f.id, origin) })}
        </section>
        <div class="body">${raw(s.content_html)}</div>
        <p class="based-on">Based on reporting by ${s.based_on.map((src, i) => html`${i > 0 && (i === last ? " and " : ", ")}${sourceName(src)}`)}.</p>
        ${
          s.corrections.length > 0 &&
          html`<section class="corrections" aria-labelledby="corrections-h">
            <h2 id="corrections-h">Corrections</h2>
            <ul>${s.corrections.map((c) => html`<li>${time(c.date, s)}: ${c.text}</li>`)}</ul>
          </section>`
        }
        ${tagList(s.tags, site.tagNames)}
        <p class="no-print"><a href="/subscribe">Get it by e-mail</a>: every new summary, with its key facts and their sources.</p>
      </article>
      <section id="embed-this" aria-labelledby="embed-h" class="no-print">
        <h2 id="embed-h">Embed these key facts</h2>
        ${snippet(
          "Script tag and element",
          "A card that fits your page's width and colours, updated whenever the summary is.",
          scriptSnippet(origin, target),
        )}
        ${snippet(
          "Script pinned with Subresource Integrity",
          "The same card from this exact version of the script, which your reader's browser checks against its hash. It never changes: copy the snippet again to get fixes.",
          pinnedScriptSnippet(origin, target, { version, integrity }),
        )}
        ${snippet(
          "Iframe",
          "For sites that cannot add scripts. Add ?theme=dark or ?theme=light to the address to fix the colours.",
          iframeSnippet(origin, target, s.title, { width: CARD_WIDTH, height: cardHeight(summaryCard(s)) }),
        )}
        ${snippet("Link", "Paste the address on its own line in a CMS that supports oEmbed: it turns into the card.", s.url)}
      </section>`,
  );
}
