/**
 * The publication's HTML pages (`/`, `/summaries/:slug`, `/tags/:tag`, `/problems/…`) and
 * their stylesheet. Rendered once per origin and cached, with ETags like every resource.
 * @module
 */
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import { siteCss } from "../../../build/assets.js";
import { checkPathName } from "../lib/params";
import { invalidParam, ProblemError } from "../lib/problem";
import { represent, representAsync, send } from "../lib/respond";
import { WIDGET_PAGE_CSP } from "../lib/security";
import { getSummary, hasTag, originOf } from "../lib/store";
import { homePage } from "../pages/home";
import { isProblemType, problemIndexPage, problemPage } from "../pages/problem-pages";
import { summaryPage } from "../pages/summary-page";
import { tagPage, tagPageCount } from "../pages/tag-page";

const HTML = "text/html; charset=utf-8";

// Pages ignore their query string rather than refuse it: shared links pick up tracking
// parameters (utm_*, fbclid) and a reader should still get the page. Only `query`, the
// parameters a page reads, reaches its cache keys.
const page = async (c: Context, key: string, render: (origin: string) => string | Promise<string>, csp?: string, query: string[] = []) => {
  const origin = originOf(c.req.url);
  const headers: Record<string, string> = csp ? { "Content-Security-Policy": csp } : {};
  return send(c, await representAsync(`page ${origin} ${key}`, HTML, async () => render(origin)), { headers, query });
};

/**
 * The `?page=` of a paged list: absent is the first page; anything but a whole number from 1
 * is a 400, and a page past the last a 404 naming how many there are.
 */
function pageNumber(raw: string | undefined, pages: number, what: string): number {
  if (raw === undefined) return 1;
  if (!/^[1-9][0-9]{0,6}$/.test(raw)) throw invalidParam("page", `must be a whole number from 1, not "${raw}"`);
  const n = Number(raw);
  if (n > pages)
    throw new ProblemError("not-found", `${what} has ${pages} ${pages === 1 ? "page" : "pages"} of summaries; there is no page ${n}.`);
  return n;
}

export const pages = new Hono()
  // Only the front page runs script: the live widget demo.
  .get("/", (c) => page(c, "/", homePage, WIDGET_PAGE_CSP))
  .get("/styles.css", (c) =>
    send(
      c,
      represent("styles.css", "text/css; charset=utf-8", () => siteCss),
      { query: [] },
    ),
  )
  .get("/summaries/:slug", async (c) => {
    const slug = checkPathName(c.req.param("slug"), "summary");
    const origin = originOf(c.req.url);
    const summary = await getSummary(slug, origin);
    if (!summary) throw new ProblemError("not-found", `No summary "${slug}" is published here.`);
    return page(c, `summary ${slug}`, () => summaryPage(summary, origin));
  })
  .get("/tags/:tag", (c) => {
    const tag = checkPathName(c.req.param("tag"), "tag");
    if (!hasTag(tag)) throw new ProblemError("not-found", `No summary is tagged "${tag}".`);
    const n = pageNumber(c.req.query("page"), tagPageCount(tag), `Topic "${tag}"`);
    return page(c, `tag ${tag} ${n}`, (origin) => tagPage(tag, origin, n), undefined, ["page"]);
  })
  .get("/problems", (c) => page(c, "problems", problemIndexPage))
  .get("/problems/:type", (c) => {
    const type = c.req.param("type");
    if (!isProblemType(type)) throw new ProblemError("not-found", "There is no such problem type; the list of them is at /problems.");
    return page(c, `problem ${type}`, (origin) => problemPage(type, origin));
  });
