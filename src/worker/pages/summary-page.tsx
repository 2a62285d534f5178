/** `/summaries/:slug`: the canonical page of a summary, with key facts, body, corrections, tags and embed snippets. */
import { raw } from "hono/html";
import { integrity, version } from "../../../build/widget-bundle.js";
import type { Summary } from "../../shared/api-schema";
import { summaryCard } from "../../widget/card-model";
import { archive } from "../lib/store";
import { CARD_WIDTH, cardHeight } from "./card-size";
import { newsArticle } from "./json-ld";
import { Layout, renderDocument } from "./layout";
import { feedLinks } from "./links";
import { FactList, Snippet, SourceName, TagList, Time } from "./parts";
import { type CardTarget, iframeSnippet, pinnedScriptSnippet, scriptSnippet } from "./snippets";

export function summaryPage(s: Summary, origin: string): string {
  const pub = archive.publication;
  const path = `/summaries/${s.slug}`;
  const target: CardTarget = { kind: "summary", slug: s.slug };
  return renderDocument(
    <Layout
      origin={origin}
      title={s.title}
      description={s.summary}
      path={path}
      feeds={feedLinks(origin, pub.title)}
      oembedFor={s.url}
      og={{ type: "article", published: s.published, modified: s.updated ?? undefined, tags: s.tags }}
      jsonLd={newsArticle(s, pub.publisher)}
    >
      <article lang={s.lang} dir={s.dir}>
        <h1>{s.title}</h1>
        <p class="lede">{s.summary}</p>
        <p class="meta">
          <span>
            Published <Time iso={s.published} lang={s.lang} />
          </span>
          {s.updated && (
            <span>
              Updated <Time iso={s.updated} lang={s.lang} />
            </span>
          )}
          <span>{s.reading_minutes} min read</span>
        </p>

        <section class="key-facts" aria-labelledby="facts-h">
          <h2 id="facts-h">Key facts</h2>
          <FactList facts={s.facts} anchors />
        </section>

        <div class="body">{raw(s.content_html)}</div>

        <p class="based-on">
          Based on reporting by{" "}
          {s.based_on.map((src, i) => (
            <>
              {i > 0 && (i === s.based_on.length - 1 ? " and " : ", ")}
              <SourceName source={src} />
            </>
          ))}
          .
        </p>

        {s.corrections.length > 0 && (
          <section class="corrections" aria-labelledby="corrections-h">
            <h2 id="corrections-h">Corrections</h2>
            <ul>
              {s.corrections.map((c) => (
                <li>
                  <Time iso={c.date} lang={s.lang} />: {c.text}
                </li>
              ))}
            </ul>
          </section>
        )}

        <TagList tags={s.tags} />
      </article>

      <section id="embed-this" aria-labelledby="embed-h" class="no-print">
        <h2 id="embed-h">Embed these key facts</h2>
        <Snippet
          heading="Script tag and element"
          note="A card that fits your page's width and colours, updated whenever the summary is."
          code={scriptSnippet(origin, target)}
        />
        <Snippet
          heading="Script pinned with Subresource Integrity"
          note="The same card from this exact version of the script, which your reader's browser checks against its hash. It never changes: copy the snippet again to get fixes."
          code={pinnedScriptSnippet(origin, target, { version, integrity })}
        />
        <Snippet
          heading="Iframe"
          note="For sites that cannot add scripts. Add ?theme=dark or ?theme=light to the address to fix the colours."
          code={iframeSnippet(origin, target, s.title, { width: CARD_WIDTH, height: cardHeight(summaryCard(s)) })}
        />
        <Snippet
          heading="Link"
          note="Paste the address on its own line in a CMS that supports oEmbed: it turns into the card."
          code={s.url}
        />
      </section>
    </Layout>,
  );
}
