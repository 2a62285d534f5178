/**
 * `/robots.txt` and `/sitemap.xml` as their pure renderers write them: the sitemap (and the
 * index that replaces it past 50,000 URLs) valid against the sitemaps.org 0.9 schemas
 * (test/support/sitemap-0.9.xsd, siteindex-0.9.xsd) with libxml2, and ones that break the
 * protocol's rules refused, so the check is known to bite.
 */
import { readFileSync } from "node:fs";
import { XmlDocument, XsdValidator } from "libxml2-wasm";
import { describe, expect, it } from "vitest";
import { robotsTxt, sitemapIndexXml, sitemapXml } from "../../src/worker/pages/crawlers";

const validatorOf = (path: string) => XsdValidator.fromDoc(XmlDocument.fromString(readFileSync(path, "utf8")));
const urlset = validatorOf("test/support/sitemap-0.9.xsd");
const siteindex = validatorOf("test/support/siteindex-0.9.xsd");

/** Why `xml` is not valid against `validator` (the sitemap's, unless told), or null. */
function sitemapProblems(xml: string, validator = urlset): string | null {
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

  it("is refused by the schema when it breaks the protocol: a bad date, a loc too short to be a URL, or no url at all", () => {
    expect(sitemapProblems(sitemapXml([{ loc: "https://news.example/", lastmod: "23 November 2026" }]))).not.toBeNull();
    expect(sitemapProblems(sitemapXml([{ loc: "/a" }]))).not.toBeNull();
    expect(sitemapProblems(sitemapXml([]))).not.toBeNull();
  });
});

describe("the sitemap index", () => {
  it("is valid against the sitemaps.org index schema, and refused with a lastmod that is no date", () => {
    const parts = [{ loc: "https://news.example/sitemaps/1.xml" }, { loc: "https://news.example/sitemaps/2.xml", lastmod: "2026-11-23" }];
    expect(sitemapProblems(sitemapIndexXml(parts), siteindex)).toBeNull();
    expect(
      sitemapProblems(sitemapIndexXml([{ loc: "https://news.example/sitemaps/1.xml", lastmod: "yesterday" }]), siteindex),
    ).not.toBeNull();
    // Each schema refuses the other's root.
    expect(sitemapProblems(sitemapIndexXml(parts))).not.toBeNull();
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
