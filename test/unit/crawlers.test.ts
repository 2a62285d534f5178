/**
 * `/robots.txt` and `/sitemap.xml` as their pure renderers write them: the sitemap valid
 * against the sitemaps.org 0.9 schema (test/support/sitemap-0.9.xsd) with libxml2, and one
 * that breaks the protocol's rules refused, so the check is known to bite.
 */
import { readFileSync } from "node:fs";
import { XmlDocument, XsdValidator } from "libxml2-wasm";
import { describe, expect, it } from "vitest";
import { robotsTxt, sitemapXml } from "../../src/worker/pages/crawlers";

const xsd = XmlDocument.fromString(readFileSync("test/support/sitemap-0.9.xsd", "utf8"));
const validator = XsdValidator.fromDoc(xsd);

/** Why `xml` is not a valid sitemap, or null. */
function sitemapProblems(xml: string): string | null {
  const doc = XmlDocument.fromString(xml);
  try {
    validator.validate(doc);
    return null;
  } catch (e) {
    return String(e instanceof Error ? e.message : e);
  } finally {
    doc.dispose();
  }
}

describe("the sitemap", () => {
  it("is valid against the sitemaps.org schema, with dates as the content build writes them and URLs escaped", () => {
    const xml = sitemapXml([
      { loc: "https://news.example/", lastmod: "2026-11-23T01:00:00+09:00" },
      { loc: "https://news.example/summaries/a", lastmod: "2026-11-20T00:00:00Z" },
      { loc: "https://news.example/tags/a?x=1&y=<2>" },
    ]);
    expect(sitemapProblems(xml)).toBeNull();
    expect(xml).toContain("<loc>https://news.example/tags/a?x=1&amp;y=&lt;2&gt;</loc>");
  });

  it("is refused by the schema when it breaks the protocol: a bad date, a relative loc, or no url at all", () => {
    expect(sitemapProblems(sitemapXml([{ loc: "https://news.example/", lastmod: "23 November 2026" }]))).not.toBeNull();
    expect(sitemapProblems(sitemapXml([{ loc: "/a" }]))).not.toBeNull();
    expect(sitemapProblems(sitemapXml([]))).not.toBeNull();
  });
});

describe("robots.txt", () => {
  it("lets crawlers in everywhere but the JSON API and oEmbed, and names the sitemap under the origin given", () => {
    const text = robotsTxt("https://news.example");
    expect(text.split("\n")).toEqual([
      "User-agent: *",
      "Allow: /",
      "Disallow: /api/",
      "Disallow: /oembed",
      "",
      "Sitemap: https://news.example/sitemap.xml",
      "",
    ]);
  });
});
