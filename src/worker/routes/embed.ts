/**
 * `/embed/:slug` and `/embed/tags/:tag`: the card as a framable page, and `/embed.css`, the
 * card stylesheet it shares with the widget. The security middleware lets any site frame `/embed/*`.
 * @module
 */
import { Hono } from "hono/tiny";
import { embedCss } from "../../../build/assets.js";
import { checkPathName } from "../lib/params";
import { invalidParam, ProblemError } from "../lib/problem";
import { parseLimit, strictQuery } from "../lib/query";
import { represent, representAsync, send } from "../lib/respond";
import { getSummary, hasTag, originOf } from "../lib/store";
import { summaryEmbed, THEMES, type Theme, tagEmbed } from "../pages/embed-page";
import { TAG_CARD_LIMIT } from "../pages/snippets";

const HTML = "text/html; charset=utf-8";
const MAX_TAG_FACTS = 20;

function parseTheme(raw: string | undefined): Theme {
  if (raw === undefined) return "auto";
  if (!(THEMES as readonly string[]).includes(raw)) throw invalidParam("theme", "must be light, dark or auto");
  return raw as Theme;
}

export const embed = new Hono()
  .get("/embed.css", (c) =>
    send(
      c,
      represent("embed.css", "text/css; charset=utf-8", () => embedCss),
      { query: [] },
    ),
  )
  .get("/embed/tags/:tag", async (c) => {
    const q = strictQuery(c, ["theme", "limit"] as const);
    const theme = parseTheme(q.theme);
    const limit = parseLimit(q.limit, TAG_CARD_LIMIT, MAX_TAG_FACTS);
    const tag = checkPathName(c.req.param("tag"), "tag");
    if (!hasTag(tag)) throw new ProblemError("not-found", `No summary is tagged "${tag}".`);
    const origin = originOf(c.req.url);
    return send(c, await representAsync(`embed-tag ${origin} ${tag} ${limit} ${theme}`, HTML, () => tagEmbed(tag, limit, origin, theme)));
  })
  .get("/embed/:slug", async (c) => {
    const q = strictQuery(c, ["theme"] as const);
    const theme = parseTheme(q.theme);
    const slug = checkPathName(c.req.param("slug"), "summary");
    const origin = originOf(c.req.url);
    const summary = await getSummary(slug, origin);
    if (!summary) throw new ProblemError("not-found", `No summary "${slug}" is published here.`);
    return send(
      c,
      represent(`embed ${origin} ${slug} ${theme}`, HTML, () => summaryEmbed(summary, theme)),
    );
  });
