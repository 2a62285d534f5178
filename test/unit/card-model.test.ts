/** The card's pure parts: URLs that may become links, Intl formatting, the shared view model, and the widget's payload checks. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { FactList, Summary } from "../../src/shared/api-schema";
import { safeHref, summaryCard, tagCard } from "../../src/shared/card-model";
import { formatDate, formatFigure } from "../../src/shared/format";
import { isFactList, isSummary } from "../../src/widget/api";

const hostile = JSON.parse(readFileSync("test/browser/pages/hostile-summary.json", "utf8")) as Summary;
const rtl = JSON.parse(readFileSync("test/browser/pages/rtl-summary.json", "utf8")) as Summary;

describe("safeHref", () => {
  it("keeps absolute https: and http: URLs", () => {
    expect(safeHref("https://example.com/a?b#c")).toBe("https://example.com/a?b#c");
    expect(safeHref("http://example.com")).toBe("http://example.com/");
  });

  it("refuses every other scheme, however it is spelt", () => {
    for (const url of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      "data:text/html,x",
      "vbscript:x",
      "file:///etc/passwd",
      "blob:https://a/b",
    ]) {
      expect(safeHref(url), url).toBeNull();
    }
  });

  it("refuses relative URLs, non-strings and nonsense unless a base is given", () => {
    expect(safeHref("/relative")).toBeNull();
    expect(safeHref(null)).toBeNull();
    expect(safeHref({ href: "https://x" })).toBeNull();
    expect(safeHref("tags/a/feed.xml", "https://h.example/")).toBe("https://h.example/tags/a/feed.xml");
  });
});

describe("formatting", () => {
  it("formats the day an instant falls on in the publication's time zone, in the summary's language", () => {
    expect(formatDate("2026-11-23T00:00:00Z", "en-GB", "UTC")).toBe("23 November 2026");
    expect(formatDate("2026-11-23T23:30:00-05:00", "en-GB", "UTC")).toBe("24 November 2026");
    expect(formatDate("2026-11-23T23:30:00-05:00", "en-GB", "America/New_York")).toBe("23 November 2026");
    expect(formatDate("2026-11-23T01:00:00+09:00", "de", "Asia/Seoul")).toBe("23. November 2026");
  });

  it("falls back to a default locale for a broken language tag, to UTC for an unknown zone, and to nothing for a broken date", () => {
    expect(formatDate("2026-11-23T00:00:00Z", '"><img>', "UTC")).toMatch(/2026/);
    expect(formatDate("2026-11-23T23:30:00-05:00", "en-GB", "Mars/Olympus_Mons")).toBe("24 November 2026");
    expect(formatDate("not a date", "en", "UTC")).toBeNull();
  });

  it("formats figures with Intl, marking hedged ones", () => {
    expect(formatFigure({ value: 13221, unit: "people", period: "2023", as_of: null, approx: false }, "en")).toBe("13,221 people · 2023");
    expect(formatFigure({ value: 11000, unit: "troops", period: null, as_of: null, approx: true }, "en")).toBe("≈ 11,000 troops");
    expect(formatFigure({ value: 1234.5, unit: null, period: null, as_of: "2024-05-01", approx: false }, "de")).toBe(
      "1.234,5 · 1. Mai 2024",
    );
  });
});

describe("payload checks", () => {
  it("accept the fixtures and reject wrong shapes", () => {
    expect(isSummary(hostile)).toBe(true);
    expect(isSummary(rtl)).toBe(true);
    expect(isSummary({ ...rtl, dir: "sideways" })).toBe(false);
    expect(isSummary({ ...rtl, title: { _$litType$: 1, strings: ["<img>"], values: [] } })).toBe(false);
    expect(isSummary({ ...rtl, facts: [{ text: "x", figure: null, sources: [{ name: 1, url: null }] }] })).toBe(false);
    expect(isSummary({ ...rtl, facts: [{ text: "x", figure: { value: "9" }, sources: [] }] })).toBe(false);
    expect(isSummary(null)).toBe(false);
    expect(isFactList({ items: [], publication: rtl.publication })).toBe(true);
    expect(isFactList({ items: [{ ...rtl.facts[0] }], publication: rtl.publication })).toBe(false);
  });
});

describe("card view model", () => {
  it("turns a hostile summary into plain text with links only for http(s) URLs", () => {
    const view = summaryCard(hostile);
    expect(view.title.href).toBeNull();
    expect(view.publication.href).toBeNull();
    expect(view.follow).toBeNull();
    expect(view.facts[0]!.sources.map((s) => s.href)).toEqual([null, null, null, "https://www.bbc.com/news"]);
    expect(view.facts[1]!.sources[0]!.href).toBeNull();
  });

  it("takes language and direction from the summary and follows its first tag's feed", () => {
    const view = summaryCard(rtl);
    expect(view).toMatchObject({ lang: "ar", dir: "rtl", follow: "https://keyfacts.invalid/tags/north-korea/feed.xml" });
    expect(view.date).toEqual({ text: formatDate(rtl.published, "ar", "UTC"), datetime: rtl.published });
  });

  it("titles a tag card after the tag and names each fact's summary", () => {
    const { facts: _, ...ref } = rtl;
    const list: FactList = {
      items: rtl.facts.map((f) => ({
        ...f,
        summary: { slug: ref.slug, url: ref.url, title: ref.title, published: ref.published, lang: "ar", dir: "rtl", tags: ref.tags },
      })),
      publication: rtl.publication,
    };
    const view = tagCard(list, "labour-exports");
    expect(view.title).toEqual({ text: "Latest on labour exports", href: "https://keyfacts.invalid/tags/labour-exports" });
    expect(view.follow).toBe("https://keyfacts.invalid/tags/labour-exports/feed.xml");
    expect(view.facts[0]!.origin).toMatchObject({ text: rtl.title, href: rtl.url, lang: "ar", dir: "rtl" });
    // With the display name content/tags.yaml gives it, as the API sends it.
    expect(tagCard({ ...list, name: "Labour exports" }, "labour-exports").title.text).toBe("Latest on Labour exports");
  });
});
