/** The source pages: `/sources`, every source, and `/sources/:id`, one source's facts, paged (their feeds are in feeds.ts). */

import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { checkPathName } from "../lib/params";
import { ProblemError } from "../lib/problem";
import { hasSource, sourceFactCount, sourceFacts, sourceIds, sourceInfo } from "../lib/sources";
import { SOURCE_PAGE_SIZE, sourcePage, sourcesPage } from "../pages/source-pages";
import { pageCount } from "../pages/tag-page";
import { page, pageNumber } from "./pages";

export const sourcePages = new Hono<AppEnv>()
  .get("/sources", (c) =>
    page(c, "sources", (site) =>
      sourcesPage(
        sourceIds().flatMap((id) => sourceInfo(id, site.origin) ?? []),
        site,
      ),
    ),
  )
  .get("/sources/:id", (c) => {
    const id = checkPathName(c.req.param("id"), "source");
    if (!hasSource(id)) throw new ProblemError("not-found", `No source "${id}" is in this publication's registry; /sources lists them.`);
    const n = pageNumber(c.req.query("page"), pageCount(sourceFactCount(id), SOURCE_PAGE_SIZE), `Source "${id}"`, "facts");
    return page(
      c,
      `source ${id} ${n}`,
      async (site) => {
        const source = sourceInfo(id, site.origin);
        if (source === undefined) throw new ProblemError("not-found", `No source "${id}" is in this publication's registry.`);
        return sourcePage({
          ...site,
          source,
          page: n,
          facts: await sourceFacts(id, SOURCE_PAGE_SIZE, (n - 1) * SOURCE_PAGE_SIZE, site.origin),
        });
      },
      undefined,
      ["page"],
    );
  });
