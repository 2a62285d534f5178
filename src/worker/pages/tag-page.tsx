/** `/tags/:tag`: the summaries with a tag, its three feeds, and how to embed its newest facts. */
import { archive, entriesFor, getSummary } from "../lib/store";
import { CARD_WIDTH, cardHeight } from "./card-size";
import { tagView } from "./embed-page";
import { Layout, renderDocument } from "./layout";
import { feedLinks } from "./links";
import { FeedList, Snippet, SummaryTeaser } from "./parts";
import { type CardTarget, iframeSnippet, scriptSnippet, TAG_CARD_LIMIT } from "./snippets";

export function tagPage(tag: string, origin: string): string {
  const pub = archive.publication;
  const path = `/tags/${tag}`;
  const tagFeeds = feedLinks(origin, pub.title, tag);
  const summaries = entriesFor(tag).flatMap((e) => getSummary(e.slug, origin) ?? []);
  const target: CardTarget = { kind: "tag", tag };
  const title = `Topic: ${tag}`;
  const card = tagView(tag, TAG_CARD_LIMIT, origin);
  return renderDocument(
    <Layout
      origin={origin}
      title={title}
      description={`${summaries.length} ${summaries.length === 1 ? "summary" : "summaries"} tagged ${tag} in ${pub.title}.`}
      path={path}
      feeds={[...tagFeeds, ...feedLinks(origin, pub.title)]}
      oembedFor={origin + path}
    >
      <h1>{title}</h1>
      <p class="lede">
        {summaries.length} {summaries.length === 1 ? "summary" : "summaries"} tagged <strong>{tag}</strong>, newest first.
      </p>

      <section id="subscribe-tag" aria-labelledby="subscribe-h">
        <h2 id="subscribe-h">Follow this topic</h2>
        <FeedList feeds={tagFeeds} />
      </section>

      <section aria-labelledby="list-h">
        <h2 id="list-h">Summaries</h2>
        <ol class="summaries">
          {summaries.map((s) => (
            <SummaryTeaser summary={s} />
          ))}
        </ol>
      </section>

      <section id="embed-this" aria-labelledby="embed-h" class="no-print">
        <h2 id="embed-h">Embed this topic's newest facts</h2>
        <Snippet
          heading="Script tag and element"
          note="Shows the newest key facts tagged with this topic, each with its sources."
          code={scriptSnippet(origin, target)}
        />
        <Snippet
          heading="Iframe"
          note="For sites that cannot add scripts. Add ?theme=dark or ?theme=light to the address to fix the colours."
          code={iframeSnippet(origin, target, card.title.text, { width: CARD_WIDTH, height: cardHeight(card) })}
        />
        <Snippet heading="Link" note="Paste the address in a CMS that supports oEmbed: it turns into the card." code={origin + path} />
      </section>
    </Layout>,
  );
}
