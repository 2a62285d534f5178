/** `/api/v1`: summaries, facts and tags as JSON (the contract is `src/shared/api-schema.ts`). */
import { Hono } from "hono/tiny";
import type { Summary, SummaryList, SummaryListItem } from "../../shared/api-schema";
import type { AppEnv } from "../lib/app-env";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { checkPathName } from "../lib/params";
import { ProblemError } from "../lib/problem";
import { parseLimit, parseTag, strictQuery } from "../lib/query";
import { represent, representAsync, send } from "../lib/respond";
import { archive, countFor, liveTags, newestEntries, newestFacts, originOf, summariesOf, summaryJson } from "../lib/store";

const JSON_TYPE = "application/json; charset=utf-8";

/** A summary as the list shows it: everything but the body. */
function listItem({ content_html: _, ...item }: Summary): SummaryListItem {
  return item;
}

function pageUrl(origin: string, tag: string | undefined, limit: number, cursor: string): string {
  const query = new URLSearchParams({ ...(tag === undefined ? {} : { tag }), limit: String(limit), cursor });
  return `${origin}/api/v1/summaries?${query}`;
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
    const next = end < count ? encodeCursor(archive.version, end, tag) : null;
    // Rendered once per page and origin, reading only the page's entries: O(limit), never O(archive).
    const rep = await representAsync(`summaries ${origin} ${tag ?? ""} ${limit} ${offset}`, JSON_TYPE, async () => {
      const items = (await summariesOf(newestEntries(tag, limit, offset), origin)).map(listItem);
      const body: SummaryList = { items, next_cursor: next };
      return JSON.stringify(body);
    });
    // RFC 8288 rel="next": clients and crawlers can page without parsing the body.
    const headers = next === null ? undefined : { Link: `<${pageUrl(origin, tag, limit, next)}>; rel="next"` };
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
    const q = strictQuery(c, ["tag", "limit"] as const);
    const tag = parseTag(q.tag);
    const limit = parseLimit(q.limit);
    const origin = originOf(c.req.url);
    const rep = await representAsync(`facts ${origin} ${tag ?? ""} ${limit}`, JSON_TYPE, async () =>
      JSON.stringify(await newestFacts(tag, limit, origin)),
    );
    return send(c, rep);
  })
  .get("/tags", (c) => {
    strictQuery(c, []);
    return send(
      c,
      represent("tags", JSON_TYPE, () => JSON.stringify(liveTags())),
    );
  });
