/**
 * Pages as pure functions of their data, rendered in Node: valid HTML, a tag's list paged
 * from newest to oldest, and one day for one instant on the page, in the embed and on the card.
 */
import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/shared/api-schema";
import { summaryCard, tagCard } from "../../src/shared/card-model";
import { embedPage } from "../../src/worker/pages/embed-page";
import { errorPage } from "../../src/worker/pages/error-page";
import { homePage } from "../../src/worker/pages/home";
import { summaryPage } from "../../src/worker/pages/summary-page";
import { pageCount, tagPage } from "../../src/worker/pages/tag-page";
import { decode, htmlProblems, select } from "../support/html";
import { fixture, publication, site } from "../support/pages-fixture";

/** The fixture as another summary, published at `published` under `tags`. */
const summaryAt = (slug: string, published: string, tags = fixture.tags): Summary => ({
  ...fixture,
  slug,
  url: `${site.origin}/summaries/${slug}`,
  published,
  updated: null,
  corrections: [],
  tags,
});

/** Newest first, as the store lists them. */
const three = [
  summaryAt("third", "2026-03-03T00:00:00Z"),
  summaryAt("second", "2026-02-02T00:00:00Z"),
  summaryAt("first", "2026-01-01T00:00:00Z"),
];
const tagCardOf = (list: readonly Summary[]) =>
  tagCard(
    {
      items: list.flatMap((s) => s.facts.map((f) => ({ ...f, summary: { ...s } }))),
      publication: fixture.publication,
    },
    "fixture-tag",
  );
const tagInput = (page: number, size: number) => ({
  ...site,
  tag: "fixture-tag",
  total: three.length,
  page,
  size,
  summaries: three.slice((page - 1) * size, page * size),
  card: tagCardOf(three),
});

describe("every kind of page, from plain data", () => {
  it("is valid HTML", async () => {
    const pages = {
      home: homePage({ ...site, summaries: three, tags: [{ tag: "fixture-tag", name: "Fixture tag", count: 3 }] }),
      "empty home": homePage({ ...site, summaries: [], tags: [] }),
      summary: summaryPage(fixture, site),
      tag: tagPage(tagInput(1, 50)),
      embed: embedPage({ view: summaryCard(fixture), canonical: fixture.url, theme: "dark", language: "en" }),
      "tag embed": embedPage({ view: tagCardOf(three), canonical: `${site.origin}/tags/fixture-tag`, theme: "auto", language: "en" }),
      error: errorPage(publication, 404, "Not found", "Nothing is published at this address."),
    };
    for (const [kind, html] of Object.entries(pages)) expect(await htmlProblems(html), kind).toEqual([]);
  });
});

describe("a tag's pages", () => {
  it("lead from the newest page to the oldest and back, each summary on exactly one page", () => {
    // One summary a page, so the tag's three summaries need three pages.
    const pages = pageCount(three.length, 1);
    expect(pages).toBe(3);
    const seen: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const body = tagPage(tagInput(n, 1));
      seen.push(...select(body, ".summaries h3 a").map((a) => a.attrs.href as string));
      const prev = select(body, 'nav.pages a[rel="prev"]').map((a) => a.attrs.href);
      const next = select(body, 'nav.pages a[rel="next"]').map((a) => a.attrs.href);
      expect(prev, `page ${n}`).toEqual(n === 1 ? [] : [n === 2 ? "/tags/fixture-tag" : `/tags/fixture-tag?page=${n - 1}`]);
      expect(next, `page ${n}`).toEqual(n === pages ? [] : [`/tags/fixture-tag?page=${n + 1}`]);
      expect(decode(select(body, "nav.pages span")[0]?.text ?? ""), `page ${n}`).toBe(`Page ${n} of ${pages}`);
      expect(select(body, "h1")[0]?.text, `page ${n}`).toBe(`Topic: fixture tag, page ${n} of ${pages}`);
      // Numbered on from the pages before it; canonical is the page's own address.
      expect(select(body, "ol.summaries")[0]?.attrs.start, `page ${n}`).toBe(n === 1 ? undefined : String(n));
      expect(select(body, 'link[rel="canonical"]')[0]?.attrs.href).toBe(
        `${site.origin}${n === 1 ? "/tags/fixture-tag" : `/tags/fixture-tag?page=${n}`}`,
      );
    }
    expect(seen).toEqual(three.map((s) => `/summaries/${s.slug}`));
  });
});

describe("one instant, one day everywhere", () => {
  // 01:00 in Seoul is 16:00 the day before in UTC: the day a reader sees depends on the zone, never on the renderer.
  const PUBLISHED = "2026-11-23T01:00:00+09:00";
  for (const [timezone, day] of [
    ["UTC", "November 22, 2026"],
    ["Asia/Seoul", "November 23, 2026"],
    ["America/New_York", "November 22, 2026"],
  ] as const) {
    it(`says ${day} on the summary page, in the embed and on the card when the publication's zone is ${timezone}`, () => {
      const s: Summary = { ...summaryAt("late-night", PUBLISHED), lang: "en", publication: { ...fixture.publication, timezone } };
      const page = summaryPage(s, { ...site, publication: { ...publication, timezone } });
      const embed = embedPage({ view: summaryCard(s), canonical: s.url, theme: "auto", language: "en" });
      const onPage = select(page, "article .meta time").map((t) => [t.attrs.datetime, t.text]);
      const inEmbed = select(embed, "time.kf-date").map((t) => [t.attrs.datetime, t.text]);
      expect(onPage).toEqual([[PUBLISHED, day]]);
      expect(inEmbed).toEqual(onPage);
      expect(summaryCard(s).date).toEqual({ text: day, datetime: PUBLISHED });
    });
  }
});
