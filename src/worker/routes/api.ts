/** `/api/v1`: summaries, facts and tags as JSON (the contract is `src/shared/api-schema.ts`). */
import { Hono } from "hono";
import type { FactItem, FactList, SummaryList, SummaryListItem } from "../../shared/api-schema";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { checkPathName } from "../lib/params";
import { ProblemError } from "../lib/problem";
import { parseLimit, parseTag, strictQuery } from "../lib/query";
import { represent, send } from "../lib/respond";
import { archive, entriesFor, getSummary, originOf, summaryJson } from "../lib/store";

const JSON_TYPE = "application/json; charset=utf-8";
const DEFAULT_LIMIT = 20;

/** A summary as the list shows it: everything but the body. */
function listItem(slug: string, origin: string): SummaryListItem {
  const { content_html: _, ...item } = getSummary(slug, origin) as NonNullable<ReturnType<typeof getSummary>>;
  return item;
}

export const api = new Hono()
  .get("/summaries", (c) => {
    const q = strictQuery(c, ["tag", "limit", "cursor"] as const);
    const tag = parseTag(q.tag);
    const limit = parseLimit(q.limit, DEFAULT_LIMIT);
    const offset = q.cursor === undefined ? 0 : decodeCursor(q.cursor, archive.version, tag);
    const origin = originOf(c.req.url);
    const entries = entriesFor(tag);
    const end = Math.min(offset + limit, entries.length);
    const next = end < entries.length ? encodeCursor(archive.version, end, tag) : null;
    const nextUrl =
      next && `${origin}/api/v1/summaries?${new URLSearchParams({ ...(tag ? { tag } : {}), limit: String(limit), cursor: next })}`;
    const rep = represent(`summaries ${origin} ${tag ?? ""} ${limit} ${offset}`, JSON_TYPE, () => {
      const body: SummaryList = {
        items: entries.slice(offset, end).map((e) => listItem(e.slug, origin)),
        next_cursor: next,
      };
      return JSON.stringify(body);
    });
    return send(c, rep, { headers: nextUrl ? { Link: `<${nextUrl}>; rel="next"` } : {} });
  })
  .get("/summaries/:slug", (c) => {
    strictQuery(c, []);
    const slug = checkPathName(c.req.param("slug"), "summary");
    const origin = originOf(c.req.url);
    const json = summaryJson(slug, origin);
    if (json === undefined) throw new ProblemError("not-found", `no summary "${slug}" is published here`);
    return send(
      c,
      represent(`summary ${origin} ${slug}`, JSON_TYPE, () => json),
    );
  })
  .get("/facts", (c) => {
    const q = strictQuery(c, ["tag", "limit"] as const);
    const tag = parseTag(q.tag);
    const limit = parseLimit(q.limit, DEFAULT_LIMIT);
    const origin = originOf(c.req.url);
    const rep = represent(`facts ${origin} ${tag ?? ""} ${limit}`, JSON_TYPE, () => {
      const items: FactItem[] = [];
      // Newest summaries first; stops as soon as `limit` facts are found.
      for (const entry of entriesFor(tag)) {
        const s = getSummary(entry.slug, origin);
        if (!s) continue;
        for (const fact of s.facts) {
          if (items.length >= limit) break;
          const summary = { slug: s.slug, url: s.url, title: s.title, published: s.published, lang: s.lang, dir: s.dir, tags: s.tags };
          items.push({ ...fact, summary });
        }
        if (items.length >= limit) break;
      }
      const body: FactList = { items, publication: { title: archive.publication.title, url: `${origin}/` } };
      return JSON.stringify(body);
    });
    return send(c, rep);
  })
  .get("/tags", (c) => {
    strictQuery(c, []);
    return send(
      c,
      represent("tags", JSON_TYPE, () => JSON.stringify(archive.tags)),
    );
  });
