/**
 * `/oembed`: oEmbed 1.0 (https://oembed.com) for summary and topic pages, and for one fact (`…/summaries/:slug#fact-<id>`). A pasted link
 * becomes an iframe of `/embed/…`, sized inside the consumer's `maxwidth`/`maxheight`.
 * JSON only: `format=xml` is a 501, as the spec asks.
 * @module
 */

import { summaryCard } from "../../shared/card-model";
import { KEBAB } from "../../shared/limits";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { invalidParam, ProblemError } from "../lib/problem";
import { strictQuery } from "../lib/query";
import { representAsync, send } from "../lib/respond";
import { archive, hasSummary, hasTag, indexedSummary, originOf } from "../lib/store";
import { CARD_WIDTH, cardHeight } from "../pages/card-size";
import { type CardTarget, iframeSnippet, TAG_CARD_LIMIT } from "../pages/snippets";
import { tagView } from "./page-data";

/** Seconds a consumer may keep the answer: summaries change rarely, corrections should still arrive the same day. */
const CACHE_AGE = 3600;
const MAX_DIMENSION = 100_000;

function parseDimension(name: "maxwidth" | "maxheight", raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[0-9]{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_DIMENSION) {
    throw invalidParam(name, `must be a whole number of pixels from 1 to ${MAX_DIMENSION}`);
  }
  return Number(raw);
}

/**
 * The card a page URL stands for. Anything that is not one of our summary or topic pages
 * is a 404, as oEmbed asks of a provider with nothing to embed for the URL.
 */
export function targetOf(raw: string, origin: string): CardTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidParam("url", "must be an absolute URL, like a summary page's address");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalidParam("url", "must be an http: or https: URL");
  const notOurs = () => new ProblemError("not-found", "The url is not a summary or topic page of this publication.");
  // Either scheme of our host: a CMS may store the link as typed.
  if (url.host !== new URL(origin).host) throw notOurs();
  const m = /^\/(summaries|tags)\/([^/]+)\/?$/.exec(url.pathname);
  const name = m?.[2];
  if (!m || !name || !KEBAB.test(name)) throw notOurs();
  if (m[1] === "summaries") {
    if (!hasSummary(name)) throw notOurs();
    // `#fact-<id>`: one fact's address; the route checks the summary has it.
    if (!url.hash.startsWith("#fact-")) return { kind: "summary", slug: name };
    const fact = url.hash.slice("#fact-".length);
    if (!KEBAB.test(fact)) throw new ProblemError("not-found", "The url names a fact its summary does not have.");
    return { kind: "summary", slug: name, fact };
  }
  if (!hasTag(name)) throw notOurs();
  return { kind: "tag", tag: name };
}

export const oembed = new Hono<AppEnv>().get("/", async (c) => {
  const q = strictQuery(c, ["url", "format", "maxwidth", "maxheight"] as const);
  if (q.format === "xml") throw new ProblemError("not-implemented", "oEmbed is served as JSON only: use format=json or leave format out.");
  if (q.format !== undefined && q.format !== "json") throw invalidParam("format", "must be json");
  const maxWidth = parseDimension("maxwidth", q.maxwidth);
  const maxHeight = parseDimension("maxheight", q.maxheight);
  if (!q.url) throw invalidParam("url", "is required: the address of a summary or topic page");
  const origin = originOf(c.req.url);
  const target = targetOf(q.url, origin);
  // targetOf only returns slugs that exist; a fact is checked here, against its summary.
  const summary = target.kind === "summary" ? await indexedSummary(target.slug, origin) : undefined;
  const fact = target.kind === "summary" ? target.fact : undefined;
  if (fact !== undefined && !summary?.facts.some((f) => f.id === fact)) {
    throw new ProblemError("not-found", "The url names a fact its summary does not have.");
  }
  const name = target.kind === "summary" ? `${target.slug}#${fact ?? ""}` : target.tag;
  const key = `oembed ${origin} ${target.kind}:${name} ${maxWidth ?? ""} ${maxHeight ?? ""}`;
  const rep = await representAsync(key, "application/json; charset=utf-8", async () => {
    const pub = archive.publication;
    const view =
      target.kind === "tag"
        ? await tagView(target.tag, TAG_CARD_LIMIT, origin)
        : summaryCard(await indexedSummary(target.slug, origin), fact);
    const title = view.title.text;
    const width = Math.min(CARD_WIDTH, maxWidth ?? CARD_WIDTH);
    const height = Math.min(cardHeight(view, width), maxHeight ?? Number.POSITIVE_INFINITY);
    return JSON.stringify({
      version: "1.0",
      type: "rich",
      title,
      author_name: pub.publisher,
      author_url: `${origin}/`,
      provider_name: pub.title,
      provider_url: `${origin}/`,
      cache_age: CACHE_AGE,
      html: iframeSnippet(origin, target, title, { width, height }),
      width,
      height,
    });
  });
  return send(c, rep);
});
