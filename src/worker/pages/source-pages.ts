/** `/sources`, every source with what it is and how many facts it starts or relays, and `/sources/:id`, one source's facts, newest first, paged. */
import type { FactItem, SourceInfo } from "../../shared/api-schema";
import { dated } from "../../shared/card-model";
import { attr, type Html, html } from "./html";
import { layout, type Site } from "./layout";
import { feedLinks } from "./links";
import { factSources, feedList } from "./parts";
import { pageCount, pageNav } from "./tag-page";

/** How many facts a source page lists: its cost is bounded by this, not by how many facts name the source. */
export const SOURCE_PAGE_SIZE = 50;

/** The address of page `page` of source `id`'s facts: the first is the source page itself. */
export const sourcePagePath = (id: string, page: number) => (page === 1 ? `/sources/${id}` : `/sources/${id}?page=${page}`);

/** "Intelligence agency" for `intelligence-agency`. */
const kindText = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, " ");

/** "Origin of 3 facts, relays 2", or "No facts yet". */
function countText({ facts, origin_of }: SourceInfo): string {
  if (facts === 0) return "No facts yet";
  const relays = facts - origin_of;
  const parts = [origin_of > 0 && `origin of ${origin_of} ${origin_of === 1 ? "fact" : "facts"}`, relays > 0 && `relays ${relays}`];
  const text = parts.filter(Boolean).join(", ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every source of the publication, by name. */
export function sourcesPage(sources: readonly SourceInfo[], site: Site): string {
  const title = "Sources";
  const sorted = [...sources].sort((a, b) => a.name.localeCompare(b.name, "en"));
  return layout(
    {
      ...site,
      title,
      description: `Every source the key facts of ${site.publication.title} cite, and how many facts each starts or passes on.`,
      path: "/sources",
      feeds: feedLinks(site.origin, site.publication.title),
    },
    html`<h1>${title}</h1>
      <p class="lede">Every key fact names where its claim comes from and who passed it on. A source is the <em>origin</em> of a fact when the claim starts with it, and <em>relays</em> it when it reported or cited the claim from another.</p>
      <table class="sources">
        <thead><tr><th scope="col">Source</th><th scope="col">Kind</th><th scope="col">Country</th><th scope="col">Key facts</th></tr></thead>
        <tbody>${sorted.map(
          (s) => html`<tr>
            <th scope="row"><a href="/sources/${s.id}">${s.name}</a></th>
            <td>${kindText(s.kind)}</td>
            <td>${s.country ?? "—"}</td>
            <td>${countText(s)}</td>
          </tr>`,
        )}</tbody>
      </table>`,
  );
}

interface SourcePageInput extends Site {
  source: SourceInfo;
  /** Which page (1 to {@link pageCount}) and this page's facts, newest summary first. */
  page: number;
  facts: readonly FactItem[];
}

/** One fact on a source page: its text, its sources' chains, its flag, and the summary it is from. */
function factEntry(f: FactItem, timezone: string): Html {
  const s = f.summary;
  return html`<li lang="${s.lang}" dir="${s.dir}">
    ${f.text} ${factSources(f)}
    <span class="meta">From <a href="/summaries/${s.slug}#fact-${f.id}">${s.title}</a>, <time datetime="${s.published}">${
      dated(s.published, s.lang, timezone)?.text ?? s.published
    }</time></span>
  </li>`;
}

/** One page of the facts source `source` starts or relays, newest first, with its three feeds. */
export function sourcePage({ source, page, facts, ...site }: SourcePageInput): string {
  const { origin, publication: pub } = site;
  const own = feedLinks(origin, pub.title, { path: `/sources/${source.id}`, name: source.name });
  const pages = pageCount(source.facts, SOURCE_PAGE_SIZE);
  const first = (page - 1) * SOURCE_PAGE_SIZE;
  const title = pages === 1 ? `Source: ${source.name}` : `Source: ${source.name}, page ${page} of ${pages}`;
  const about = [kindText(source.kind), source.country].filter(Boolean).join(", ");
  return layout(
    {
      ...site,
      title,
      description: `The key facts in ${pub.title} that come from or were passed on by ${source.name}.`,
      path: sourcePagePath(source.id, page),
      feeds: [...own, ...feedLinks(origin, pub.title)],
    },
    html`<h1>${title}</h1>
      <p class="lede">${about}.${source.url ? html` <a href="${source.url}">Website</a>.` : ""} ${countText(source)}, newest first. <a href="/sources">All sources</a>.</p>
      <section aria-labelledby="follow-h">
        <h2 id="follow-h">Follow this source</h2>
        ${feedList(own)}
      </section>
      <section aria-labelledby="facts-h">
        <h2 id="facts-h">Key facts</h2>
        ${facts.length === 0 ? html`<p>No key fact names this source yet.</p>` : html`<ol class="facts"${first > 0 ? attr("start", String(first + 1)) : ""}>${facts.map((f) => factEntry(f, pub.timezone))}</ol>`}
        ${pageNav((n) => sourcePagePath(source.id, n), page, pages, "Pages of this source's facts", "facts")}
      </section>`,
  );
}
