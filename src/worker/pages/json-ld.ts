/**
 * schema.org `NewsArticle` for a summary's JSON-LD: each key fact is a `Claim` whose
 * `citation`s name the sources it is attributed to, and the article cites them all.
 * @module
 */
import type { Source, Summary } from "../../shared/api-schema";

function cited(source: Source) {
  return {
    "@type": "CreativeWork",
    name: source.name,
    ...(source.url ? { url: source.url } : {}),
    author: { "@type": "Organization", name: source.name },
  };
}

export function newsArticle(s: Summary, publisher: string) {
  const org = { "@type": "Organization", name: publisher, url: s.publication.url };
  const everySource = new Map<string, Source>();
  for (const f of s.facts) for (const src of f.sources) everySource.set(src.id, src);
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
    hasPart: s.facts.map((f) => ({
      "@type": "Claim",
      "@id": `${s.url}#fact-${f.id}`,
      text: f.text,
      citation: f.sources.map(cited),
    })),
    ...(s.corrections.length > 0
      ? { correction: s.corrections.map((c) => ({ "@type": "CorrectionComment", datePublished: c.date, text: c.text })) }
      : {}),
  };
}
