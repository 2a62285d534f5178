/**
 * The publication's HTML pages (`/`, `/summaries/:slug`, `/tags/:tag`, `/problems/…`) and
 * the stylesheets of the pages and of the embeds. Rendered once per origin and cached, with ETags like every resource.
 * @module
 */
import type { Context } from "hono";
import { demoJs, embedCss, siteCss } from "../../../build/assets.js";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { checkPathName } from "../lib/params";
import { invalidParam, ProblemError } from "../lib/problem";
import { represent, representAsync, send } from "../lib/respond";
import { WIDGET_PAGE_CSP } from "../lib/security";
import { countFor, getSummary, hasTag, liveTags, newestEntries, summariesOf } from "../lib/store";
import { DEMO_PATH, HOME_LIMIT, homePage } from "../pages/home";
import type { Site } from "../pages/layout";
import { isProblemType, problemIndexPage, problemPage } from "../pages/problem-pages";
import { TAG_CARD_LIMIT } from "../pages/snippets";
import { summaryPage } from "../pages/summary-page";
import { pageCount, TAG_PAGE_SIZE, tagPage } from "../pages/tag-page";
import { siteOf, tagView } from "./page-data";

const HTML = "text/html; charset=utf-8";
const CSS = "text/css; charset=utf-8";

// Pages ignore their query string rather than refuse it: shared links pick up tracking
// parameters (utm_*, fbclid) and a reader should still get the page. Only `query`, the
// parameters a page reads, reaches its cache keys. The store is read inside `render`, so
// only when the page is not rendered yet.
export const page = async (
  c: Context,
  key: string,
  render: (site: Site) => string | Promise<string>,
  csp?: string,
  query: string[] = [],
) => {
  const site = siteOf(c.req.url);
  const headers: Record<string, string> = csp ? { "Content-Security-Policy": csp } : {};
  return send(c, await representAsync(`page ${site.origin} ${key}`, HTML, async () => render(site)), { headers, query });
};

/**
 * The `?page=` of a paged list: absent is the first page; anything but a whole number from 1
 * is a 400, and a page past the last a 404 naming how many there are.
 */
export function pageNumber(raw: string | undefined, pages: number, what: string, items = "summaries"): number {
  if (raw === undefined) return 1;
  if (!/^[1-9][0-9]{0,6}$/.test(raw)) throw invalidParam("page", `must be a whole number from 1, not "${raw}"`);
  const n = Number(raw);
  if (n > pages)
    throw new ProblemError("not-found", `${what} has ${pages} ${pages === 1 ? "page" : "pages"} of ${items}; there is no page ${n}.`);
  return n;
}

export const pages = new Hono<AppEnv>()
  // Only the front page runs script: the live widget demo.
  .get("/", (c) =>
    page(
      c,
      "/",
      async (site) =>
        homePage({ ...site, summaries: await summariesOf(newestEntries(undefined, HOME_LIMIT), site.origin), tags: liveTags() }),
      WIDGET_PAGE_CSP,
    ),
  )
  // Pages inline the stylesheet now; the file stays for pages cached before they did.
  .get("/styles.css", (c) =>
    send(
      c,
      represent("styles.css", CSS, () => siteCss),
      { query: [] },
    ),
  )
  // The card's stylesheet: embeds inline it now; the file stays for embeds cached before they did.
  .get("/embed.css", (c) =>
    send(
      c,
      represent("embed.css", CSS, () => embedCss),
      { query: [] },
    ),
  )
  .get(DEMO_PATH, (c) =>
    send(
      c,
      represent("demo.js", "text/javascript; charset=utf-8", () => demoJs),
      { query: [] },
    ),
  )
  .get("/summaries/:slug", async (c) => {
    const slug = checkPathName(c.req.param("slug"), "summary");
    const summary = await getSummary(slug, siteOf(c.req.url).origin);
    if (!summary) throw new ProblemError("not-found", `No summary "${slug}" is published here.`);
    return page(c, `summary ${slug}`, (site) => summaryPage(summary, site));
  })
  .get("/tags/:tag", (c) => {
    const tag = checkPathName(c.req.param("tag"), "tag");
    if (!hasTag(tag)) throw new ProblemError("not-found", `No summary is tagged "${tag}".`);
    const total = countFor(tag);
    const n = pageNumber(c.req.query("page"), pageCount(total), `Topic "${tag}"`);
    return page(
      c,
      `tag ${tag} ${n}`,
      async (site) =>
        tagPage({
          ...site,
          tag,
          total,
          page: n,
          size: TAG_PAGE_SIZE,
          summaries: await summariesOf(newestEntries(tag, TAG_PAGE_SIZE, (n - 1) * TAG_PAGE_SIZE), site.origin),
          card: await tagView(tag, TAG_CARD_LIMIT, site.origin),
        }),
      undefined,
      ["page"],
    );
  })
  .get("/problems", (c) => page(c, "problems", problemIndexPage))
  .get("/problems/:type", (c) => {
    const type = c.req.param("type");
    if (!isProblemType(type)) throw new ProblemError("not-found", "There is no such problem type; the list of them is at /problems.");
    return page(c, `problem ${type}`, (site) => problemPage(type, site));
  });
