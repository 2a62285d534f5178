/**
 * Shared by the feed tests: the real archive and a fixture of hostile summaries as API
 * `Summary` objects, the three feeds built from them by the pure serialisers, and checks
 * with real parsers (libxml2 for XML 1.0, a JSON Schema written from JSON Feed 1.1).
 * @module
 */
import { readFileSync } from "node:fs";
import { Validator } from "@cfworker/json-schema";
import { XmlDocument } from "libxml2-wasm";
import archive from "../../build/archive.js";
import type { Fact, Source, Summary } from "../../src/shared/api-schema";
import { documentPath, ORIGIN_PLACEHOLDER, type Publication } from "../../src/shared/archive";
import { KEY_FACTS_NS } from "../../src/shared/limits";
import { renderAtom } from "../../src/worker/feeds/atom";
import { channelOf } from "../../src/worker/feeds/channel";
import { renderJsonFeed } from "../../src/worker/feeds/json-feed";
import { type FeedChannel, itemOf } from "../../src/worker/feeds/model";
import { renderRss } from "../../src/worker/feeds/rss";
import { readBack } from "../support/archive-read-back";

export const ORIGIN = "https://news.example";

/** Namespaces for XPath over the feeds. */
export const NS = {
  atom: "http://www.w3.org/2005/Atom",
  content: "http://purl.org/rss/1.0/modules/content/",
  dc: "http://purl.org/dc/elements/1.1/",
  kf: KEY_FACTS_NS,
};

const real = readBack(archive, readFileSync(new URL("../../build/docs.bin", import.meta.url)), (file) =>
  readFileSync(new URL(`../../build/documents${documentPath(file)}`, import.meta.url)),
);

/** Every summary of the real archive, newest first, with URLs for `origin`. */
export function realSummaries(origin = ORIGIN): Summary[] {
  return real.entries.map((e) => JSON.parse((real.docs[e.slug] as string).replaceAll(ORIGIN_PLACEHOLDER, origin)) as Summary);
}

export const realPublication: Publication = archive.publication;

/** A publication whose own fields are hostile too. */
export const hostilePublication: Publication = {
  title: 'Keyfacts ]]> & <b>"Daily"</b>',
  description: "News < views & ]]> 'quotes' \u0085 with a NEL",
  language: "ar",
  base_url: null,
  publisher: "Pub & <Co> ]]>",
  timezone: "Asia/Seoul",
  fediverse_handle: "keyfacts",
};

const source = (id: string, name: string, url: string | null) => ({ id, name, kind: "outlet", url });

const LONG_TITLE = "Long ".repeat(2000).trim();

const CONTROLS = "a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\u007Fh\u0085i\u009Fj\uFFFDk\uFFFEl\uFFFFm\uD800n\uDC00o";

/** A fact whose sources are each an origin; `via` (if any) is the chain of the first. */
function fact(id: string, text: string, sources: Source[], via: Source[] = []): Fact {
  return {
    id,
    text,
    figure: null,
    sources: sources.map((s, i) => ({ ...s, via: i === 0 ? via : [] })),
    unverified: null,
    independent_sources: sources.length,
  };
}

function hostile(origin: string, slug: string, fields: Partial<Summary>): Summary {
  return {
    slug,
    url: `${origin}/summaries/${slug}`,
    title: slug,
    summary: "A summary.",
    published: "2026-11-20T00:00:00Z",
    updated: null,
    lang: "en",
    dir: "ltr",
    tags: ["hostile"],
    based_on: [source("nis", "NIS", "https://www.nis.go.kr/")],
    facts: [fact("f1", "A fact.", [source("nis", "NIS", "https://www.nis.go.kr/")])],
    corrections: [],
    reading_minutes: 1,
    publication: { title: "P", url: `${origin}/`, timezone: "UTC" },
    content_html: "<p>Body.</p>\n",
    ...fields,
  };
}

/**
 * Summaries a content build would mostly refuse, handed straight to the serialisers, which
 * must stay well-formed and safe on their own: CDATA terminators, markup, quotes, scripts,
 * right-to-left text, emoji, a 10,000-character title, no tags, control characters.
 */
export function hostileSummaries(origin = ORIGIN): Summary[] {
  return [
    hostile(origin, "markup", {
      title: `]]> & <script>alert("x")</script> 'single' "double" </b>`,
      summary: "A < B && C > D ]]> <b>bold</b> &amp; &#x26; <![CDATA[ x ]]>",
      published: "2026-11-21T08:30:00+09:00",
      updated: "2026-11-22T12:00:00.250Z",
      tags: ["x<y&z", "]]>", 'quote"tag'],
      // Bodies arrive sanitised by the content build (raw HTML escaped), so only its text is hostile here.
      content_html: `<p>Escaped ]]&gt; and raw ]]> and &lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"</p>\n`,
      based_on: [source("js", "Evil <img src=x onerror=alert(1)>", "javascript:alert(1)"), source("rel", "Relative", "/relative/path")],
      facts: [
        {
          ...fact(
            `quote"d'id`,
            "Fact with ]]> and <i>markup</i> & more",
            [source("evil", `"><script>alert(2)</script>`, "javascript:alert(2)"), source("data", "Data", "data:text/html,<b>x</b>")],
            [source("relay", "Relay ]]> <b>x</b>", "javascript:alert(3)")],
          ),
          figure: { value: 13221, unit: "people & <pets>", period: "2023 ]]>", as_of: null, approx: true },
          unverified: { by: source("doubt", `Doubt "]]> <script>`, null) },
        },
      ],
      corrections: [{ date: "2026-11-22T12:00:00Z", text: "Fixed <a href=x> & ]]>" }],
    }),
    hostile(origin, "right-to-left", {
      title: "عاملون من كوريا الشمالية في روسيا 👩🏽‍🔧🇰🇵 עברית",
      summary: "قالت الوكالة إن ١٣٬٢٢١ شخصاً دخلوا روسيا. e\u0301 combining, \u202Eoverride\u202C, zero\u200Dwidth",
      lang: "ar",
      dir: "rtl",
      content_html: '<p>نص عربي مع <a href="https://example.org/%D8%A7" rel="noopener noreferrer">رابط</a> 🧵</p>\n',
      facts: [fact("ar", "حقيقة رئيسية 🔑", [source("rfa", "إذاعة آسيا الحرة", "https://www.rfa.org/arabic/")])],
    }),
    hostile(origin, "long-title", { title: LONG_TITLE, tags: [], facts: [], based_on: [] }),
    hostile(origin, "controls", {
      title: `Controls ${CONTROLS}`,
      summary: `Line\r\nbreaks\rand\ttabs ${CONTROLS}`,
      content_html: `<p>${CONTROLS}</p>`,
      facts: [
        fact(
          `id${CONTROLS}`,
          `Fact ${CONTROLS}`,
          [source(`s${CONTROLS}`, `Name ${CONTROLS}`, null)],
          [source("v", `Via ${CONTROLS}`, null)],
        ),
      ],
    }),
  ];
}

export interface BuildOptions {
  origin?: string;
  tag?: string;
  tagName?: string;
  source?: { id: string; name: string };
  hub?: string | null;
  publication?: Publication;
}

export interface BuiltFeeds {
  channel: FeedChannel;
  rss: string;
  atom: string;
  json: string;
}

/** The three feeds of `summaries`, exactly as the worker builds them. */
export function buildFeeds(summaries: readonly Summary[], opts: BuildOptions = {}): BuiltFeeds {
  const channel = channelOf({
    publication: opts.publication ?? realPublication,
    origin: opts.origin ?? ORIGIN,
    tag: opts.tag,
    tagName: opts.tagName,
    source: opts.source,
    hub: opts.hub ?? null,
    items: summaries.map(itemOf),
  });
  return { channel, rss: renderRss(channel), atom: renderAtom(channel), json: renderJsonFeed(channel) };
}

/**
 * Parses `xml` with libxml2, which enforces XML 1.0 well-formedness, its character rules
 * and namespace declarations (it throws on any of them), runs `use`, and frees the document.
 */
export function withXml<T>(xml: string, use: (doc: XmlDocument) => T): T {
  const doc = XmlDocument.fromString(xml);
  try {
    return use(doc);
  } finally {
    doc.dispose();
  }
}

/** Text of every node `xpath` selects. */
export function texts(doc: XmlDocument, xpath: string): string[] {
  return doc.find(xpath, NS).map((n) => n.content);
}

const schema = JSON.parse(readFileSync(new URL("../support/jsonfeed-1.1.schema.json", import.meta.url), "utf8"));
const jsonFeedValidator = new Validator(schema, "2020-12", false);

/** Where `json` breaks JSON Feed 1.1 (as test/support/jsonfeed-1.1.schema.json states it), or nothing. */
export function jsonFeedErrors(json: string): string[] {
  const result = jsonFeedValidator.validate(JSON.parse(json));
  return result.errors.map((e) => `${e.instanceLocation}: ${e.error}`);
}
