/** What the page, embed and oEmbed routes read from the store to hand the pure renderers in `pages/`. */
import { type CardView, tagCard } from "../../shared/card-model";
import { archive, newestFacts, originOf } from "../lib/store";
import { tagName, tagNames } from "../lib/tag-names";
import type { Site } from "../pages/layout";

/** The origin of a request's absolute URLs, the publication and its tags' names. */
export const siteOf = (requestUrl: string): Site => ({
  origin: originOf(requestUrl),
  publication: archive.publication,
  tagNames: tagNames(),
});

/** The card of a tag's newest `limit` facts, titled with the tag's name as the widget titles it. */
export const tagView = async (tag: string, limit: number, origin: string): Promise<CardView> =>
  tagCard({ ...(await newestFacts(tag, limit, origin)), name: tagName(tag) }, tag);
