/** `/api/v1`: summaries, facts, sources and tags as JSON (the contract is `src/shared/api-schema.ts`). */
import type { Context } from "hono";
import type { FactList, SourceList, Summary, SummaryList, SummaryListItem } from "../../shared/api-schema";
import { KEBAB, MAX_ID } from "../../shared/limits";
import type { AppEnv } from "../lib/app-env";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { Hono } from "../lib/hono";
import { checkPathName } from "../lib/params";
import { invalidParam, ProblemError } from "../lib/problem";
import { parseLimit, parseTag, strictQuery } from "../lib/query";
import { represent, representAsync, send } from "../lib/respond";
import { hasSource, sourceFactCount, sourceFacts, sourceIds, sourceInfo } from "../lib/sources";
import { archive, countFor, liveTags, newestEntries, newestFacts, originOf, publicationRef, summariesOf, summaryJson } from "../lib/store";
import { tagName } from "../lib/tag-names";

const JSON_TYPE = "application/json; charset=utf-8";

/** A summary as the list shows it: everything but the body. */
function listItem({ content_html: _, ...item }: Summary): SummaryListItem {
  return item;
}

function pageUrl(origin: string, list: string, filter: Record<string, string>, limit: number, cursor: string): string {
  const query = new URLSearchParams({ ...filter, limit: String(limit), cursor });
  return `${origin}/api/v1/${list}?${query}`;
}

/** RFC 8288 rel="next": clients and crawlers can page without parsing the body. */
const nextHeader = (next: string | null, url: () => string) => (next === null ? undefined : { Link: `<${url()}>; rel="next"` });

/** A source id from the path (`query`: from `?source=`, where anything but kebab-case is a 400), or a 404 for one not in the registry. */
function sourceParam(raw: string, query = false): string {
  if (query && (!KEBAB.test(raw) || raw.length > MAX_ID))
    throw invalidParam("source", "must be a source id from /api/v1/sources, like rosstat");
  const id = checkPathName(raw, "source");
  if (!hasSource(id))
    throw new ProblemError("not-found", `no source "${id}" is in this publication's registry; /api/v1/sources lists them`);
  return id;
}

/** `/facts?source=`: one page of a source's facts, newest summary first, with a cursor to the next. */
async function factsOfSource(c: Context<AppEnv>, id: string, limit: number, cursor: string | undefined) {
  const filter = `source:${id}`;
  const count = sourceFactCount(id);
  const offset = cursor === undefined ? 0 : decodeCursor(cursor, archive.version, filter, count);
  const origin = originOf(c.req.url);
  const end = Math.min(offset + limit, count);
  const next = end < count ? encodeCursor(archive.version, end, count, filter) : null;
  const rep = await representAsync(`facts-of ${origin} ${id} ${limit} ${offset}`, JSON_TYPE, async () => {
    const body: FactList = {
      items: await sourceFacts(id, limit, offset, origin),
      publication: publicationRef(origin),
      next_cursor: next,
    };
    return JSON.stringify(body);
  });
  return send(c, rep, { headers: nextHeader(next, () => pageUrl(origin, "facts", { source: id }, limit, next as string)) });
}

export const api = new Hono<AppEnv>()
  .get("/summaries", async (c) => {
    const q = strictQuery(c, ["tag", "limit", "cursor"] as const);
    const tag = parseTag(q.tag);
    const limit = parseLimit(q.limit);
    const count = countFor(tag);
    const offset = q.cursor === undefined ? 0 : decodeCursor(q.cursor, archive.version, tag, count);
    const origin = originOf(c.req.url);
    const end = Math.min(offset + limit, count);
    const next = end < count ? encodeCursor(archive.version, end, count, tag) : null;
    // Rendered once per page and origin, reading only the page's entries: O(limit), never O(archive).
    const rep = await representAsync(`summaries ${origin} ${tag ?? ""} ${limit} ${offset}`, JSON_TYPE, async () => {
      const items = (await summariesOf(newestEntries(tag, limit, offset), origin)).map(listItem);
      const body: SummaryList = { items, next_cursor: next };
      return JSON.stringify(body);
    });
    const headers = nextHeader(next, () => pageUrl(origin, "summaries", tag === undefined ? {} : { tag }, limit, next as string));
    return send(c, rep, { headers });
  })
  .get("/summaries/:slug", async (c) => {
    strictQuery(c, []);
    const slug = checkPathName(c.req.param("slug"), "summary");
    const origin = originOf(c.req.url);
    const json = await summaryJson(slug, origin);
    if (json === undefined) throw new ProblemError("not-found", `no summary "${slug}" is published here`);
    return send(
      c,
      represent(`summary ${origin} ${slug}`, JSON_TYPE, () => json),
    );
  })
  .get("/facts", async (c) => {
    const q = strictQuery(c, ["tag", "source", "limit", "cursor"] as const);
    const tag = parseTag(q.tag);
    const limit = parseLimit(q.limit);
    if (q.source !== undefined) {
      if (tag !== undefined) throw invalidParam("source", "does not combine with tag; ask for one or the other");
      return factsOfSource(c, sourceParam(q.source, true), limit, q.cursor);
    }
    if (q.cursor !== undefined)
      throw invalidParam("cursor", "pages only a source's facts (with source); all or a tag's facts come in one list");
    const origin = originOf(c.req.url);
    const rep = await representAsync(`facts ${origin} ${tag ?? ""} ${limit}`, JSON_TYPE, async () => {
      const list = await newestFacts(tag, limit, origin);
      return JSON.stringify(tag === undefined ? list : { ...list, name: tagName(tag) });
    });
    return send(c, rep);
  })
  .get("/sources", (c) => {
    strictQuery(c, []);
    const origin = originOf(c.req.url);
    return send(
      c,
      represent(`sources ${origin}`, JSON_TYPE, () => {
        const body: SourceList = { items: sourceIds().flatMap((id) => sourceInfo(id, origin) ?? []) };
        return JSON.stringify(body);
      }),
    );
  })
  .get("/sources/:id", (c) => {
    strictQuery(c, []);
    const id = sourceParam(c.req.param("id"));
    const origin = originOf(c.req.url);
    return send(
      c,
      represent(`source ${origin} ${id}`, JSON_TYPE, () => JSON.stringify(sourceInfo(id, origin))),
    );
  })
  .get("/tags", (c) => {
    strictQuery(c, []);
    return send(
      c,
      represent("tags", JSON_TYPE, () => JSON.stringify(liveTags())),
    );
  });
