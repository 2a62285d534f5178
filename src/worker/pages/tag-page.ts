/** `/tags/:tag`: the summaries with a tag, its three feeds, and how to embed its newest facts. */
import { archive, getSummary, newestEntries } from "../lib/store";
import { CARD_WIDTH, cardHeight } from "./card-size";
import { tagView } from "./embed-page";
import { html } from "./html";
import { layout } from "./layout";
import { feedLinks } from "./links";
import { feedList, snippet, summaryTeaser } from "./parts";
import { type CardTarget, iframeSnippet, scriptSnippet, TAG_CARD_LIMIT } from "./snippets";

export function tagPage(tag: string, origin: string): string {
  const pub = archive.publication;
  const path = `/tags/${tag}`;
  const tagFeeds = feedLinks(origin, pub.title, tag);
  const summaries = newestEntries(tag).flatMap((e) => getSummary(e.slug, origin) ?? []);
  const count = `${summaries.length} ${summaries.length === 1 ? "summary" : "summaries"}`;
  const target: CardTarget = { kind: "tag", tag };
  const title = `Topic: ${tag}`;
  const card = tagView(tag, TAG_CARD_LIMIT, origin);
  const props = {
    origin,
    title,
    description: `${count} tagged ${tag} in ${pub.title}.`,
    path,
    feeds: [...tagFeeds, ...feedLinks(origin, pub.title)],
    oembedFor: origin + path,
  };
  return layout(
    props,
    html`<h1>${title}</h1>
      <p class="lede">${count} tagged <strong>${tag}</strong>, newest first.</p>
      <section id="subscribe-tag" aria-labelledby="subscribe-h">
        <h2 id="subscribe-h">Follow this topic</h2>
        ${feedList(tagFeeds)}
      </section>
      <section aria-labelledby="list-h">
        <h2 id="list-h">Summaries</h2>
        <ol class="summaries">${summaries.map(summaryTeaser)}</ol>
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
        ${snippet("Link", "Paste the address in a CMS that supports oEmbed: it turns into the card.", origin + path)}
      </section>`,
  );
}
