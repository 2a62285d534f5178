/**
 * `/embed/:slug` (`?fact=<id>`: that fact alone) and `/embed/tags/:tag`: the card as a framable page (its stylesheet,
 * `/embed.css`, is served with the site's in routes/pages.ts). Their kind, `embed` in the route table, lets any site frame them.
 * @module
 */

import { summaryCard } from "../../shared/card-model";
import { MAX_ID } from "../../shared/limits";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { checkPathName } from "../lib/params";
import { invalidParam, ProblemError } from "../lib/problem";
import { parseLimit, strictQuery } from "../lib/query";
import { represent, representAsync, send } from "../lib/respond";
import { archive, getSummary, hasTag, originOf } from "../lib/store";
import { embedPage, THEMES, type Theme } from "../pages/embed-page";
import { TAG_CARD_LIMIT } from "../pages/snippets";
import { tagView } from "./page-data";

const HTML = "text/html; charset=utf-8";
const MAX_TAG_FACTS = 20;

function parseTheme(raw: string | undefined): Theme {
  if (raw === undefined) return "auto";
  if (!(THEMES as readonly string[]).includes(raw)) throw invalidParam("theme", "must be light, dark or auto");
  return raw as Theme;
}

export const embed = new Hono<AppEnv>()
  .get("/tags/:tag", async (c) => {
    const q = strictQuery(c, ["theme", "limit"] as const);
    const theme = parseTheme(q.theme);
    const limit = parseLimit(q.limit, TAG_CARD_LIMIT, MAX_TAG_FACTS);
    const tag = checkPathName(c.req.param("tag"), "tag");
    if (!hasTag(tag)) throw new ProblemError("not-found", `No summary is tagged "${tag}".`);
    const origin = originOf(c.req.url);
    return send(
      c,
      await representAsync(`embed-tag ${origin} ${tag} ${limit} ${theme}`, HTML, async () =>
        embedPage({
          view: await tagView(tag, limit, origin),
          canonical: `${origin}/tags/${tag}`,
          theme,
          language: archive.publication.language,
        }),
      ),
    );
  })
  .get("/:slug", async (c) => {
    const q = strictQuery(c, ["theme", "fact"] as const);
    const theme = parseTheme(q.theme);
    const slug = checkPathName(c.req.param("slug"), "summary");
    const origin = originOf(c.req.url);
    const summary = await getSummary(slug, origin);
    if (!summary) throw new ProblemError("not-found", `No summary "${slug}" is published here.`);
    const fact = q.fact;
    if (fact !== undefined && !summary.facts.some((f) => f.id === fact)) {
      throw new ProblemError("not-found", `The summary "${slug}" has no fact "${fact.slice(0, MAX_ID)}".`);
    }
    const canonical = fact === undefined ? summary.url : `${summary.url}#fact-${fact}`;
    return send(
      c,
      represent(`embed ${origin} ${slug} ${fact ?? ""} ${theme}`, HTML, () =>
        embedPage({ view: summaryCard(summary, fact), canonical, theme, language: archive.publication.language }),
      ),
    );
  });
