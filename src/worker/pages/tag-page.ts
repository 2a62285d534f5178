/** `/tags/:tag`: the summaries with a tag, its three feeds, and how to embed its newest facts. */
import type { Summary } from "../../shared/api-schema";
import type { CardView } from "../../shared/card-model";
import { CARD_WIDTH, cardHeight } from "./card-size";
import { attr, html } from "./html";
import { layout, type Site } from "./layout";
import { feedLinks } from "./links";
import { feedList, nameOf, snippet, summaryTeaser } from "./parts";
import { type CardTarget, iframeSnippet, scriptSnippet } from "./snippets";

/**
 * How many summaries a tag page lists. A page renders every summary it lists, so its cost is
 * bounded by this, not by how many summaries carry the tag.
 */
export const TAG_PAGE_SIZE = 50;

/** How many pages a list of `total` summaries takes (at least one). */
export const pageCount = (total: number, size = TAG_PAGE_SIZE) => Math.max(1, Math.ceil(total / size));

/** The address of page `page` of `tag`'s list: the first is the tag page itself. */
export const tagPagePath = (tag: string, page: number) => (page === 1 ? `/tags/${tag}` : `/tags/${tag}?page=${page}`);

/**
 * Links to the newer and older pages of a list, when there are more pages than one: `path`
 * gives page n's address, `what` names the items ("summaries", "facts").
 */
export function pageNav(path: (n: number) => string, page: number, pages: number, label: string, what: string) {
  if (pages === 1) return "";
  return html`<nav class="pages" aria-label="${label}">
    ${page > 1 ? html`<a rel="prev" href="${path(page - 1)}">Newer ${what}</a>` : ""}
    <span>Page ${page} of ${pages}</span>
    ${page < pages ? html`<a rel="next" href="${path(page + 1)}">Older ${what}</a>` : ""}
  </nav>`;
}

interface TagPageInput extends Site {
  tag: string;
  /** How many summaries carry the tag. */
  total: number;
  /** Which page of the list (1 to {@link pageCount}), and how many summaries a page lists. */
  page: number;
  size: number;
  /** This page's summaries, newest first. */
  summaries: readonly Summary[];
  /** The card of the tag's newest facts, for the iframe snippet's title and height. */
  card: CardView;
}

/** One page of the summaries tagged `tag`, newest first. */
export function tagPage({ tag, total, page, size, summaries, card, ...site }: TagPageInput): string {
  const { origin, publication: pub } = site;
  const base = `/tags/${tag}`;
  const tagFeeds = feedLinks(origin, pub.title, tag);
  const pages = pageCount(total, size);
  const first = (page - 1) * size;
  const count = `${total.toLocaleString("en")} ${total === 1 ? "summary" : "summaries"}`;
  const target: CardTarget = { kind: "tag", tag };
  const name = nameOf(tag, site.tagNames);
  const title = pages === 1 ? `Topic: ${name}` : `Topic: ${name}, page ${page} of ${pages}`;
  const props = {
    ...site,
    title,
    description: `${count} tagged ${name} in ${pub.title}.`,
    path: tagPagePath(tag, page),
    feeds: [...tagFeeds, ...feedLinks(origin, pub.title)],
    oembedFor: origin + base,
  };
  return layout(
    props,
    html`<h1>${title}</h1>
      <p class="lede">${count} tagged <strong>${name}</strong>, newest first.</p>
      <section id="subscribe-tag" aria-labelledby="subscribe-h">
        <h2 id="subscribe-h">Follow this topic</h2>
        ${feedList(tagFeeds)}
        <p><a href="/subscribe?tag=${tag}">Get it by e-mail</a>: this topic's new summaries in your inbox.</p>
      </section>
      <section aria-labelledby="list-h">
        <h2 id="list-h">Summaries</h2>
        <ol class="summaries"${first > 0 ? attr("start", String(first + 1)) : ""}>${summaries.map((s) => summaryTeaser(s, site.tagNames))}</ol>
        ${pageNav((n) => tagPagePath(tag, n), page, pages, "Pages of this topic", "summaries")}
      </section>
      <section id="embed-this" aria-labelledby="embed-h" class="no-print">
        <h2 id="embed-h">Embed this topic's newest facts</h2>
        ${snippet(
          "Script tag and element",
          "Shows the newest key facts tagged with this topic, each with its sources.",
          scriptSnippet(origin, target),
        )}
        ${snippet(
          "Iframe",
          "For sites that cannot add scripts. Add ?theme=dark or ?theme=light to the address to fix the colours.",
          iframeSnippet(origin, target, card.title.text, { width: CARD_WIDTH, height: cardHeight(card) }),
        )}
        ${snippet("Link", "Paste the address in a CMS that supports oEmbed: it turns into the card.", origin + base)}
      </section>`,
  );
}
