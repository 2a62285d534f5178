/**
 * schema.org `NewsArticle` for a summary's JSON-LD: each key fact is a `Claim` whose
 * `author`s are where it comes from, whose `appearance`s are the reports that relayed it
 * (`firstAppearance` the first of them), and whose `citation`s name every source; the
 * article cites them all.
 * @module
 */
import type { Fact, Source, Summary } from "../../shared/api-schema";

function cited(source: Source) {
  return {
    "@type": "CreativeWork",
    name: source.name,
    ...(source.url ? { url: source.url } : {}),
    author: { "@type": "Organization", name: source.name },
  };
}

const organization = (source: Source) => ({ "@type": "Organization", name: source.name, ...(source.url ? { url: source.url } : {}) });

/** The fact as a `Claim`: its origins as authors, and the reports it travelled through as its appearances. */
function claim(f: Fact, url: string) {
  const relays = new Map<string, Source>();
  for (const src of f.sources) for (const v of src.via) relays.set(v.id, v);
  const first = f.sources.find((src) => src.via.length > 0)?.via[0];
  return {
    "@type": "Claim",
    "@id": `${url}#fact-${f.id}`,
    text: f.text,
    author: f.sources.map(organization),
    ...(first ? { firstAppearance: cited(first) } : {}),
    ...(relays.size > 0 ? { appearance: [...relays.values()].map(cited) } : {}),
    citation: [...f.sources, ...relays.values()].map(cited),
  };
}

export function newsArticle(s: Summary, publisher: string) {
  const org = { "@type": "Organization", name: publisher, url: s.publication.url };
  const everySource = new Map<string, Source>();
  for (const f of s.facts) for (const src of f.sources) for (const one of [src, ...src.via]) everySource.set(one.id, one);
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "@id": s.url,
    url: s.url,
    mainEntityOfPage: s.url,
    headline: s.title,
    description: s.summary,
    datePublished: s.published,
    dateModified: s.updated ?? s.published,
    inLanguage: s.lang,
    keywords: s.tags,
    author: org,
    publisher: org,
    isPartOf: { "@type": "Periodical", name: s.publication.title, url: s.publication.url },
    isBasedOn: s.based_on.map(cited),
    citation: [...everySource.values()].map(cited),
    hasPart: s.facts.map((f) => claim(f, s.url)),
    ...(s.corrections.length > 0
      ? { correction: s.corrections.map((c) => ({ "@type": "CorrectionComment", datePublished: c.date, text: c.text })) }
      : {}),
  };
}
