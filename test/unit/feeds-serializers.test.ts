/**
 * The three serialisers over the real archive and over hostile summaries: well-formed XML
 * 1.0 (libxml2), valid JSON Feed 1.1 (schema from the spec), and a real feed reader library
 * parsing each feed back to the same titles, links, dates and ids.
 */
import { parseFeed } from "@rowanmanning/feed-parser";
import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/shared/api-schema";
import { KEY_FACTS_NS } from "../../src/shared/limits";
import { channelOf, FEED_SIZE } from "../../src/worker/feeds/channel";
import { itemOf } from "../../src/worker/feeds/model";
import { cleanText } from "../../src/worker/feeds/xml";
import {
  buildFeeds,
  hostilePublication,
  hostileSummaries,
  jsonFeedErrors,
  NS,
  ORIGIN,
  realPublication,
  realSummaries,
  texts,
  withXml,
} from "./feeds-support";

interface JsonFeedDoc {
  version: string;
  title: string;
  feed_url: string;
  home_page_url: string;
  language: string;
  authors: { name: string }[];
  hubs?: { type: string; url: string }[];
  items: {
    id: string;
    url: string;
    title: string;
    summary: string;
    content_html: string;
    date_published: string;
    date_modified: string;
    tags: string[];
    _key_facts: { about: string; facts: Summary["facts"] };
  }[];
}

const cases = [
  { name: "the real archive", summaries: realSummaries(), publication: realPublication },
  { name: "the hostile fixture", summaries: hostileSummaries(), publication: hostilePublication },
];

describe.each(cases)("feeds of $name", ({ summaries, publication }) => {
  const feeds = buildFeeds(summaries, { publication });
  const expected = summaries.map((s) => ({
    id: s.url,
    title: cleanText(s.title),
    published: Date.parse(s.published),
    updated: Date.parse(s.updated ?? s.published),
  }));

  it("are well-formed XML 1.0 with every namespace declared", () => {
    expect(() => withXml(feeds.rss, () => undefined)).not.toThrow();
    expect(() => withXml(feeds.atom, () => undefined)).not.toThrow();
  });

  it("carry each title exactly, through any escaping, in RSS and Atom", () => {
    withXml(feeds.rss, (doc) => expect(texts(doc, "/rss/channel/item/title")).toEqual(expected.map((e) => e.title)));
    withXml(feeds.atom, (doc) => expect(texts(doc, "/atom:feed/atom:entry/atom:title")).toEqual(expected.map((e) => e.title)));
  });

  it("give each item one id, the summary URL, in RSS guid, Atom id and JSON Feed id", () => {
    const ids = expected.map((e) => e.id);
    withXml(feeds.rss, (doc) => {
      expect(texts(doc, "/rss/channel/item/guid")).toEqual(ids);
      expect(texts(doc, "/rss/channel/item/guid/@isPermaLink")).toEqual(ids.map(() => "true"));
    });
    withXml(feeds.atom, (doc) => expect(texts(doc, "/atom:feed/atom:entry/atom:id")).toEqual(ids));
    expect((JSON.parse(feeds.json) as JsonFeedDoc).items.map((i) => i.id)).toEqual(ids);
  });

  it("validate as JSON Feed 1.1", () => {
    expect(jsonFeedErrors(feeds.json)).toEqual([]);
  });

  it("parse back in a feed reader library to the same titles, links, dates and ids", () => {
    for (const xml of [feeds.rss, feeds.atom]) {
      const feed = parseFeed(xml);
      expect(feed.self).toBe(xml === feeds.rss ? `${ORIGIN}/feed.xml` : `${ORIGIN}/atom.xml`);
      expect(feed.items.map((i) => i.id)).toEqual(expected.map((e) => e.id));
      expect(feed.items.map((i) => i.url)).toEqual(expected.map((e) => e.id));
      expect(feed.items.map((i) => i.title)).toEqual(expected.map((e) => e.title.trim()));
      expect(feed.items.map((i) => i.published?.getTime())).toEqual(expected.map((e) => Math.floor(e.published / 1000) * 1000));
    }
    const atomItems = parseFeed(feeds.atom).items;
    expect(atomItems.map((i) => i.updated?.getTime())).toEqual(expected.map((e) => e.updated));
    const json = JSON.parse(feeds.json) as JsonFeedDoc;
    expect(json.items.map((i) => [i.id, i.url, i.title])).toEqual(expected.map((e) => [e.id, e.id, e.title]));
    expect(json.items.map((i) => [Date.parse(i.date_published), Date.parse(i.date_modified)])).toEqual(
      expected.map((e) => [e.published, e.updated]),
    );
  });

  it("list the tags as categories in every format", () => {
    const tags = summaries.map((s) => s.tags.map(cleanText));
    withXml(feeds.rss, (doc) => expect(doc.find("/rss/channel/item").map((i) => i.find("category").map((c) => c.content))).toEqual(tags));
    withXml(feeds.atom, (doc) =>
      expect(doc.find("/atom:feed/atom:entry", NS).map((e) => e.find("atom:category/@term", NS).map((c) => c.content))).toEqual(tags),
    );
    expect((JSON.parse(feeds.json) as JsonFeedDoc).items.map((i) => i.tags)).toEqual(tags);
  });

  it("use only absolute URLs for links, ids and self references", () => {
    const absolute = /^https:\/\/news\.example\//;
    withXml(feeds.rss, (doc) => {
      for (const u of [...texts(doc, "//link"), ...texts(doc, "//atom:link/@href")]) expect(u).toMatch(absolute);
    });
    withXml(feeds.atom, (doc) => {
      for (const u of [...texts(doc, "//atom:link/@href"), ...texts(doc, "//atom:id"), ...texts(doc, "//atom:uri")])
        expect(u).toMatch(absolute);
    });
  });

  it("put the key facts and their sources in each item's content, every link absolute and web-only", () => {
    const json = JSON.parse(feeds.json) as JsonFeedDoc;
    json.items.forEach((item, n) => {
      const s = summaries[n] as Summary;
      for (const f of s.facts) expect(item.content_html).toContain(cleanText(f.text).replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`));
      for (const href of item.content_html.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(/^https?:\/\//);
      expect(item.content_html).not.toMatch(/javascript:|data:text/);
    });
    withXml(feeds.rss, (doc) => expect(texts(doc, "/rss/channel/item/content:encoded")).toEqual(json.items.map((i) => i.content_html)));
    withXml(feeds.atom, (doc) =>
      expect(texts(doc, "/atom:feed/atom:entry/atom:content[@type='html']")).toEqual(json.items.map((i) => i.content_html)),
    );
  });

  it("carry the key facts as data: the _key_facts extension and the kf:facts element agree", () => {
    const json = JSON.parse(feeds.json) as JsonFeedDoc;
    const fromJson = json.items.map((i) => i._key_facts.facts.map((f) => [f.id, f.text, f.sources.map((s) => s.name)]));
    expect(json.items.every((i) => i._key_facts.about === `${ORIGIN}/feeds#key-facts`)).toBe(true);
    for (const [xml, itemPath] of [
      [feeds.rss, "/rss/channel/item"],
      [feeds.atom, "/atom:feed/atom:entry"],
    ] as const) {
      withXml(xml, (doc) => {
        const fromXml = doc
          .find(itemPath, NS)
          .map((i) =>
            i
              .find("kf:facts/kf:fact", NS)
              .map((f) => [f.get("@id")?.content, f.get("kf:text", NS)?.content, f.find("kf:source", NS).map((s) => s.content)]),
          );
        expect(fromXml).toEqual(fromJson);
      });
    }
    expect(fromJson.flat().length).toBe(summaries.reduce((n, s) => n + s.facts.length, 0));
  });

  it("carry how each claim travelled and who could not verify it, alike in JSON and XML", () => {
    const json = JSON.parse(feeds.json) as JsonFeedDoc;
    const chains = (f: Summary["facts"][number]) => [f.sources.map((s) => [s.id, ...s.via.map((v) => v.id)]), f.unverified?.by.id ?? null];
    const fromJson = json.items.map((i) => i._key_facts.facts.map(chains));
    expect(fromJson.flat().some(([sources]) => (sources as string[][]).some((c) => c.length > 1))).toBe(true);
    for (const [xml, itemPath] of [
      [feeds.rss, "/rss/channel/item"],
      [feeds.atom, "/atom:feed/atom:entry"],
    ] as const) {
      withXml(xml, (doc) => {
        const fromXml = doc.find(itemPath, NS).map((i) =>
          i.find("kf:facts/kf:fact", NS).map((f) => [
            f.find("kf:source", NS).map((s) => {
              const id = s.get("@id")?.content ?? "";
              return [id, ...f.find(`kf:via[@source='${id}']`, NS).map((v) => v.get("@id")?.content)];
            }),
            f.get("kf:unverified/@by", NS)?.content ?? null,
          ]),
        );
        expect(fromXml).toEqual(fromJson);
      });
    }
  });
});

describe("the real archive's feeds", () => {
  const feeds = buildFeeds(realSummaries());

  it("name the namespace of the key-facts extension once, on the root element", () => {
    for (const xml of [feeds.rss, feeds.atom]) expect(xml.match(/xmlns:kf="([^"]*)"/g)).toEqual([`xmlns:kf="${KEY_FACTS_NS}"`]);
  });

  it("carry a figure with its unit and period where a fact has one", () => {
    withXml(feeds.atom, (doc) => {
      const figure = doc.get("//kf:fact[@id='entries-2023']/kf:figure", NS);
      expect(figure && [figure.get("@value")?.content, figure.get("@unit")?.content, figure.get("@period")?.content]).toEqual([
        "13221",
        "people",
        "2023",
      ]);
    });
  });

  it("describe the publication with its language, author and WebSub-free links when no hub is set", () => {
    const json = JSON.parse(feeds.json) as JsonFeedDoc;
    expect(json).toMatchObject({
      version: "https://jsonfeed.org/version/1.1",
      title: realPublication.title,
      home_page_url: `${ORIGIN}/`,
      feed_url: `${ORIGIN}/feed.json`,
      language: realPublication.language,
      authors: [{ name: realPublication.publisher }],
    });
    expect(json.hubs).toBeUndefined();
    expect(feeds.rss).not.toContain('rel="hub"');
    expect(feeds.atom).not.toContain('rel="hub"');
  });

  it("point the XML feeds at the same-origin browser stylesheet", () => {
    for (const xml of [feeds.rss, feeds.atom])
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<\?xml-stylesheet type="text\/xsl" href="\/feed.xsl"\?>\n/);
  });
});

describe("feed channels", () => {
  it("announce a configured WebSub hub in all three formats", () => {
    const feeds = buildFeeds(realSummaries(), { hub: "https://hub.example/websub" });
    withXml(feeds.rss, (doc) => expect(texts(doc, "/rss/channel/atom:link[@rel='hub']/@href")).toEqual(["https://hub.example/websub"]));
    withXml(feeds.atom, (doc) => expect(texts(doc, "/atom:feed/atom:link[@rel='hub']/@href")).toEqual(["https://hub.example/websub"]));
    expect((JSON.parse(feeds.json) as JsonFeedDoc).hubs).toEqual([{ type: "WebSub", url: "https://hub.example/websub" }]);
    expect(jsonFeedErrors(feeds.json)).toEqual([]);
  });

  it("give a tag's feed its own title, page and self links", () => {
    const feeds = buildFeeds(realSummaries(), { tag: "north-korea" });
    expect(feeds.channel.homeUrl).toBe(`${ORIGIN}/tags/north-korea`);
    expect(feeds.channel.urls).toEqual({
      rss: `${ORIGIN}/tags/north-korea/feed.xml`,
      atom: `${ORIGIN}/tags/north-korea/atom.xml`,
      json: `${ORIGIN}/tags/north-korea/feed.json`,
    });
    expect(feeds.channel.title).toBe(`${realPublication.title}: north-korea`);
    expect(parseFeed(feeds.atom).self).toBe(`${ORIGIN}/tags/north-korea/atom.xml`);
  });

  it(`keep only the ${FEED_SIZE} newest items, so that a feed's size does not grow with the archive`, () => {
    const one = realSummaries()[0] as Summary;
    const many = Array.from({ length: FEED_SIZE + 10 }, (_, n) => itemOf({ ...one, slug: `s${n}`, url: `${ORIGIN}/summaries/s${n}` }));
    const channel = channelOf({ publication: realPublication, origin: ORIGIN, hub: null, items: many });
    expect(channel.items.map((i) => i.id)).toEqual(many.slice(0, FEED_SIZE).map((i) => i.id));
  });

  it("date the channel by its newest change, an update included", () => {
    const [a, b] = realSummaries() as [Summary, Summary];
    const channel = channelOf({
      publication: realPublication,
      origin: ORIGIN,
      hub: null,
      items: [itemOf(a), itemOf({ ...b, updated: "2026-11-23T06:00:00Z" })],
    });
    expect(channel.updated).toBe(Date.parse("2026-11-23T06:00:00Z"));
  });
});
