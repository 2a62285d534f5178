/**
 * What "inert" means for an accepted hostile archive, as pure checks returning problems:
 * HTML made only of allow-listed elements and attributes with web links, well-formed RSS and
 * Atom (libxml2), JSON Feed and API JSON that parse and have their shape.
 * @module
 */
import { FormatRegistry, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { XmlDocument } from "libxml2-wasm";
import { apiSchemas, type Summary, SummaryListItemSchema, SummarySchema } from "../../src/shared/api-schema";
import { type Archive, ORIGIN_PLACEHOLDER } from "../../src/shared/archive";
import { renderAtom } from "../../src/worker/feeds/atom";
import { channelOf } from "../../src/worker/feeds/channel";
import { renderJsonFeed } from "../../src/worker/feeds/json-feed";
import { itemOf } from "../../src/worker/feeds/model";
import { renderRss } from "../../src/worker/feeds/rss";

export const ORIGIN = "https://keyfacts.test";

/** Elements a summary body may render to (CommonMark without raw HTML or images). */
export const BODY_TAGS: Record<string, readonly string[]> = {
  p: [],
  a: ["href", "rel"],
  em: [],
  strong: [],
  code: ["class"],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ["start"],
  li: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  br: [],
};

/** A feed item's content adds the key facts, sources and corrections around the body. */
export const FEED_TAGS: Record<string, readonly string[]> = { ...BODY_TAGS, div: ["lang", "dir"], small: [], time: ["datetime"] };

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:="[^"<>]*")?)*)\s*(\/?)>/g;
const ATTR = /([A-Za-z_:][-A-Za-z0-9_:.]*)(?:="([^"]*)")?/g;

/** Decodes the character references an attribute value may carry, so schemes cannot hide. */
function decode(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&(amp|quot|lt|gt|apos);/g, (_, n: string) => ({ amp: "&", quot: '"', lt: "<", gt: ">", apos: "'" })[n] as string);
}

/**
 * Problems that would make `html` active anywhere it is shown: any element or attribute
 * outside `allowed`, any `<` that is not one of those tags, any link that is not http(s).
 */
export function htmlProblems(html: string, allowed: Record<string, readonly string[]> = BODY_TAGS): string[] {
  const out: string[] = [];
  const rest = html.replace(TAG, (_m, _close: string, name: string, attrs: string) => {
    const tag = name.toLowerCase();
    const ok = Object.hasOwn(allowed, tag) ? allowed[tag] : undefined;
    if (!ok) {
      out.push(`element <${tag}>`);
      return "";
    }
    for (const [, attr = "", value = ""] of attrs.matchAll(ATTR)) {
      const a = attr.toLowerCase();
      if (!ok.includes(a)) out.push(`attribute ${a} on <${tag}>`);
      if (a === "href" && !/^https?:\/\/[^\s]/i.test(decode(value).trim())) out.push(`link to ${value}`);
    }
    return "";
  });
  if (rest.includes("<")) out.push(`raw "<" outside a tag: ${rest.slice(rest.indexOf("<"), rest.indexOf("<") + 40)}`);
  return out;
}

// TypeBox checks formats only once they are registered.
FormatRegistry.Set("date-time", (v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v));
FormatRegistry.Set("uri", (v) => URL.canParse(v) && /^https?:/.test(v));
// Every named schema the API documents, so each $ref resolves.
const REFS: TSchema[] = [...apiSchemas];

function schemaProblems(schema: TSchema, value: unknown, what: string): string[] {
  return [...Value.Errors(schema, REFS, value)].slice(0, 3).map((e) => `${what}${e.path}: ${e.message}`);
}

/** Every document of `archive`, absolute for {@link ORIGIN}, as the API serves it. */
export function summariesOf(archive: Archive): Summary[] {
  return archive.entries.map((e) => JSON.parse((archive.docs[e.slug] as string).replaceAll(ORIGIN_PLACEHOLDER, ORIGIN)) as Summary);
}

/** API JSON problems: each document parses to a valid `Summary`, its list form to a valid list item. */
export function jsonProblems(archive: Archive): string[] {
  return summariesOf(archive).flatMap((s) => {
    const { content_html, ...listItem } = s;
    return [
      ...schemaProblems(SummarySchema, s, `${s.slug}`),
      ...schemaProblems(SummaryListItemSchema, JSON.parse(JSON.stringify(listItem)), `${s.slug} (list)`),
      ...htmlProblems(content_html).map((p) => `${s.slug} content_html: ${p}`),
    ];
  });
}

function xmlProblem(xml: string, what: string): string[] {
  try {
    XmlDocument.fromString(xml).dispose();
    return [];
  } catch (err) {
    return [`${what} is not well-formed XML: ${String(err).slice(0, 200)}`];
  }
}

function jsonFeedProblems(text: string, what: string): string[] {
  let feed: { version?: unknown; title?: unknown; items?: { id?: unknown; url?: unknown; title?: unknown; content_html?: unknown }[] };
  try {
    feed = JSON.parse(text);
  } catch (err) {
    return [`${what} is not JSON: ${String(err)}`];
  }
  if (feed.version !== "https://jsonfeed.org/version/1.1" || typeof feed.title !== "string" || !Array.isArray(feed.items)) {
    return [`${what} is not a JSON Feed 1.1 document`];
  }
  return feed.items.flatMap((i, n) => {
    if (typeof i.id !== "string" || typeof i.url !== "string" || typeof i.title !== "string" || typeof i.content_html !== "string") {
      return [`${what} items[${n}] lacks id, url, title or content_html`];
    }
    return htmlProblems(i.content_html, FEED_TAGS).map((p) => `${what} items[${n}].content_html: ${p}`);
  });
}

/** The three feeds of the publication and of each tag, rendered and checked. */
export function feedProblems(archive: Archive): string[] {
  const summaries = summariesOf(archive);
  const bySlug = new Map(summaries.map((s) => [s.slug, itemOf(s)]));
  const feeds = [undefined, ...archive.tags.map((t) => t.tag)].map((tag) => {
    const slugs = tag === undefined ? archive.entries : (archive.by_tag[tag] ?? []).map((i) => archive.entries[i]);
    const items = slugs.map((e) => bySlug.get(e?.slug ?? ""));
    return {
      what: tag === undefined ? "/feed" : `/tags/${tag}/feed`,
      ch: channelOf({ publication: archive.publication, origin: ORIGIN, tag, hub: null, items: items.filter((i) => i !== undefined) }),
    };
  });
  return feeds.flatMap(({ what, ch }) => [
    ...xmlProblem(renderRss(ch), `${what}.xml (RSS)`),
    ...xmlProblem(renderAtom(ch), `${what} atom.xml`),
    ...jsonFeedProblems(renderJsonFeed(ch), `${what}.json`),
  ]);
}

/** Every string value anywhere in `value`. */
export function stringsOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsOf);
  return [];
}
