/** `/`: the publication: newest summaries with their key facts, topics, feeds, and how to embed (with a live widget). */
import type { Summary, TagCount } from "../../shared/api-schema";
import { summaryCard } from "../../shared/card-model";
import { cardHeight } from "./card-size";
import { html } from "./html";
import { layout, type Site } from "./layout";
import { feedLinks } from "./links";
import { feedList, snippet, summaryTeaser } from "./parts";
import { scriptSnippet, TAG_CARD_LIMIT } from "./snippets";

/** Card widths the demo loader picks the reserved height from: a phone's column up to the card's widest. */
const DEMO_WIDTHS = [280, 320, 360, 400, 480, 560, 672];

/** The front page's demo loader (src/worker/pages/demo.js). */
export const DEMO_PATH = "/demo.js";

/** How many summaries the front page lists; older ones are reachable through tags, feeds and the API. */
export const HOME_LIMIT = 20;

/**
 * The live card of the newest summary, and how to put one on another site. `/demo.js` loads
 * the widget only when the card comes near the viewport, after reserving its height, which
 * is estimated here for each width so that nothing moves when the card arrives.
 */
function embedDemo(origin: string, newest: Summary) {
  const view = summaryCard(newest);
  const heights = JSON.stringify(DEMO_WIDTHS.map((w) => [w, cardHeight(view, w)]));
  return html`<p>One script tag and one element show a summary's key facts, each with its sources, as a card that fits your page. This is the live card for the newest summary:</p>
    <div class="demo" data-heights="${heights}">
      <key-facts summary="${newest.slug}"></key-facts>
      <noscript><p class="fallback">The live card needs JavaScript. Without it, use the iframe or the pasted link shown on each summary page, such as <a href="/summaries/${newest.slug}">${newest.title}</a>.</p></noscript>
    </div>
    ${snippet(
      "Script tag and element",
      `Paste this where the card should appear. Use tag="…" and limit="${TAG_CARD_LIMIT}" instead of summary to show the newest facts of a topic.`,
      scriptSnippet(origin, { kind: "summary", slug: newest.slug }),
    )}
    <p>Sites that cannot add scripts can use an iframe or paste a summary's link into a CMS that supports oEmbed: each summary page shows both snippets.</p>`;
}

interface HomeInput extends Site {
  /** The newest summaries, at most {@link HOME_LIMIT}. */
  summaries: readonly Summary[];
  tags: readonly TagCount[];
}

export function homePage({ summaries, tags, ...site }: HomeInput): string {
  const { origin, publication: pub } = site;
  const feeds = feedLinks(origin, pub.title);
  const newest = summaries[0];
  const props = { ...site, title: pub.title, description: pub.description, path: "/", feeds, scripts: newest ? [DEMO_PATH] : [] };
  return layout(
    props,
    html`<h1>${pub.title}</h1>
      <p class="lede">${pub.description}</p>
      <section id="latest" aria-labelledby="latest-h">
        <h2 id="latest-h">Latest summaries</h2>
        ${summaries.length === 0 ? html`<p>Nothing is published yet.</p>` : html`<ol class="summaries">${summaries.map((s) => summaryTeaser(s, site.tagNames))}</ol>`}
      </section>
      <section id="topics" aria-labelledby="topics-h">
        <h2 id="topics-h">Topics</h2>
        <ul class="tags">${tags.map((t) => html`<li><a href="/tags/${t.tag}">${t.name} <span class="meta">(${t.count})</span></a></li>`)}</ul>
        <p><a href="/sources">Every source</a> the key facts cite, with the facts each one starts or passes on.</p>
      </section>
      <section id="subscribe" aria-labelledby="subscribe-h">
        <h2 id="subscribe-h">Subscribe</h2>
        <p>Follow every new summary in your feed reader, or only one topic from its page.</p>
        ${feedList(feeds)}
        <p><a href="/feeds">Every feed</a>, per topic too, and what the key facts look like inside them.</p>
        <p><a href="/subscribe">Get it by e-mail</a>: each new summary in your inbox, or a daily or weekly digest.</p>
      </section>
      <section id="embed" aria-labelledby="embed-h" class="no-print">
        <h2 id="embed-h">Embed the key facts on your site</h2>
        ${newest ? embedDemo(origin, newest) : html`<p>The embed snippets appear here once a summary is published.</p>`}
      </section>
      <section id="developers" aria-labelledby="developers-h">
        <h2 id="developers-h">For developers</h2>
        <p>The same summaries and facts are open to any site through a JSON API, described by an <a href="/openapi.json">OpenAPI document</a>: <a href="/api/v1/summaries">summaries</a>, <a href="/api/v1/facts">facts</a> and <a href="/api/v1/tags">tags</a>. Errors are <a href="/problems">problem documents</a>.</p>
      </section>`,
  );
}
