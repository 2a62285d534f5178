/**
 * Sources as places to go: each registry source with its country and counts, and the facts
 * it is the origin of or relays, newest first, read a page at a time from the archive's index.
 * @module
 */
import type { FactItem, SourceInfo } from "../../shared/api-schema";
import type { SourceList } from "../../shared/archive";
import { archive, indexedSummary, liveSourceFacts, liveSourceOrigins, sourceFactAt, summaryRef } from "./store";

let ids: readonly string[] | undefined;

/** Every source id, sorted: the registry's, including sources no fact names yet. Sorted on first use. */
export const sourceIds = (): readonly string[] => (ids ??= Object.keys(archive.source_lists).sort());

export const hasSource = (id: string): boolean => Object.hasOwn(archive.source_lists, id);

/** All the facts that name source `id`, live or not yet (0 for an unknown id). */
const allFacts = (id: string): number => (hasSource(id) ? (archive.source_lists[id] as SourceList).count : 0);

/** How many facts of live summaries name source `id` (0 for an unknown id). */
export const sourceFactCount = (id: string): number => liveSourceFacts(id, allFacts(id));

/** Source `id` as `/api/v1/sources` lists it, or undefined. */
export function sourceInfo(id: string, origin: string): SourceInfo | undefined {
  if (!hasSource(id)) return undefined;
  const { country, count, origin: origins } = archive.source_lists[id] as SourceList;
  const source = archive.sources[id];
  if (source === undefined) return undefined;
  const facts = liveSourceFacts(id, count);
  return { ...source, country, facts, origin_of: liveSourceOrigins(id, count, origins), page: `${origin}/sources/${id}` };
}

/**
 * Up to `limit` of source `id`'s facts, newest summary first, skipping the `from` newest, each
 * naming its summary. Reads only the summaries of the page: O(limit).
 */
export async function sourceFacts(id: string, limit: number, from: number, origin: string): Promise<FactItem[]> {
  const end = Math.min(from + limit, sourceFactCount(id));
  const refs = Array.from({ length: Math.max(0, end - from) }, (_, k) => sourceFactAt(id, from + k, allFacts(id)));
  // Each summary read once, however many of its facts the page shows.
  const slugs = [...new Set(refs.map((r) => r.entry.slug))];
  const summaries = new Map(await Promise.all(slugs.map(async (slug) => [slug, await indexedSummary(slug, origin)] as const)));
  const items: FactItem[] = [];
  for (const { entry, fact } of refs) {
    const s = summaries.get(entry.slug);
    const f = s?.facts[fact];
    if (s === undefined || f === undefined) throw new Error(`archive entry "${entry.slug}" has no fact ${fact}`);
    items.push({ ...f, summary: summaryRef(s) });
  }
  return items;
}

/**
 * The slugs of the newest `max` summaries holding facts of source `id`, newest first: what its
 * feeds carry. Reads the source's fact table only as far as it needs.
 */
export function sourceSummarySlugs(id: string, max: number): string[] {
  const slugs: string[] = [];
  for (let k = 0; k < sourceFactCount(id) && slugs.length < max; k++) {
    const { slug } = sourceFactAt(id, k, allFacts(id)).entry;
    if (slugs.at(-1) !== slug) slugs.push(slug);
  }
  return slugs;
}

/** The newest change among source `id`'s summaries in its first `n` facts (for the sitemap), or undefined. */
export function sourceLastChange(id: string, n: number): string | undefined {
  let newest: string | undefined;
  for (let k = 0; k < Math.min(n, sourceFactCount(id)); k++) {
    const { modified } = sourceFactAt(id, k, allFacts(id)).entry;
    if (newest === undefined || Date.parse(modified) > Date.parse(newest)) newest = modified;
  }
  return newest;
}
