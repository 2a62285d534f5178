/** What the page, embed and oEmbed routes read from the store to hand the pure renderers in `pages/`. */
import { type CardView, tagCard, tagTitle } from "../../shared/card-model";
import { archive, newestFacts, originOf } from "../lib/store";
import type { Site } from "../pages/layout";

/** The origin of a request's absolute URLs, and the publication. */
export const siteOf = (requestUrl: string): Site => ({ origin: originOf(requestUrl), publication: archive.publication });

/** The card of a tag's newest `limit` facts, titled as the widget titles it. */
export const tagView = async (tag: string, limit: number, origin: string): Promise<CardView> =>
  tagCard(await newestFacts(tag, limit, origin), tag, tagTitle(tag));
