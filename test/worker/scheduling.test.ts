/**
 * Scheduled publishing: a summary goes live at its `published` instant. With the
 * clock set before it, it is absent from every surface; moved past it, it appears at once,
 * on URLs already answered (ready responses) too, without a deploy.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/worker/index";

const ORIGIN = "https://schedule.example.com";
/** Published 2026-11-23T00:00:00Z, the newest; the only summary tagged ukraine-war. */
const NEWEST = "north-korean-labourers-russia-2024";
const GOES_LIVE = Date.parse("2026-11-23T00:00:00Z");
/** Published 2026-11-20T00:00:00Z. */
const OLDER = "north-korean-workers-siberia-far-east";
const OLDER_LIVE = Date.parse("2026-11-20T00:00:00Z");

const get = (path: string) => worker.fetch(new Request(`${ORIGIN}${path}`), env, createExecutionContext());
const text = async (path: string) => (await get(path)).text();
const status = async (path: string) => {
  const res = await get(path);
  await res.body?.cancel();
  return res.status;
};

/** Every surface that names summaries by slug, read as text. */
const LISTS = [
  "/",
  "/api/v1/summaries",
  "/api/v1/facts",
  "/tags/russia",
  "/feed.xml",
  "/atom.xml",
  "/feed.json",
  "/tags/russia/feed.json",
  "/sitemap.xml",
  "/embed/tags/russia",
];
/** Surfaces of the newest summary alone, or of its only tag. */
const OWN = [
  `/summaries/${NEWEST}`,
  `/api/v1/summaries/${NEWEST}`,
  `/embed/${NEWEST}`,
  `/oembed?url=${encodeURIComponent(`${ORIGIN}/summaries/${NEWEST}`)}`,
  "/tags/ukraine-war",
  "/tags/ukraine-war/feed.xml",
  "/embed/tags/ukraine-war",
];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("a summary whose published instant is still to come", () => {
  it("is absent from every surface, and its only tag with it", async () => {
    vi.setSystemTime(GOES_LIVE - 1000);
    for (const path of LISTS) {
      const body = await text(path);
      expect(body, path).toContain(OLDER);
      expect(body, path).not.toContain(NEWEST);
    }
    for (const path of OWN) expect(await status(path), path).toBe(404);
    const tags = (await (await get("/api/v1/tags")).json()) as { tag: string; count: number }[];
    expect(tags.map((t) => t.tag)).not.toContain("ukraine-war");
    expect(tags.find((t) => t.tag === "russia")?.count).toBe(1);
    const list = (await (await get("/api/v1/summaries")).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
    expect(await text("/sitemap.xml")).not.toContain("ukraine-war");
  });

  it("appears everywhere at its instant, on URLs already answered too", async () => {
    vi.setSystemTime(GOES_LIVE - 1);
    for (const path of [...LISTS, "/api/v1/tags"]) await text(path);
    for (const path of OWN) expect(await status(path), path).toBe(404);

    vi.setSystemTime(GOES_LIVE);
    for (const path of LISTS) expect(await text(path), path).toContain(NEWEST);
    for (const path of OWN) expect(await status(path), path).toBe(200);
    const tags = (await (await get("/api/v1/tags")).json()) as { tag: string; count: number }[];
    expect(tags.find((t) => t.tag === "ukraine-war")?.count).toBe(1);
    expect(tags.find((t) => t.tag === "russia")?.count).toBe(2);
  });

  it("counts none of its facts on the sources, neither as named nor as origin, until its instant", async () => {
    type Counts = { items: { id: string; facts: number; origin_of: number }[] };
    type Detail = { facts: { sources: { id: string; via: { id: string }[] }[] }[] };
    vi.setSystemTime(GOES_LIVE - 1);
    const before = new Map(((await (await get("/api/v1/sources")).json()) as Counts).items.map((s) => [s.id, s]));
    vi.setSystemTime(GOES_LIVE);
    const after = ((await (await get("/api/v1/sources")).json()) as Counts).items;
    // What the summary adds to each source: every fact it names once, as origin when it starts a chain.
    const added = new Map<string, { facts: number; origin_of: number }>();
    for (const f of ((await (await get(`/api/v1/summaries/${NEWEST}`)).json()) as Detail).facts) {
      const origins = new Set(f.sources.map((s) => s.id));
      for (const id of new Set([...origins, ...f.sources.flatMap((s) => s.via.map((v) => v.id))])) {
        const a = added.get(id) ?? { facts: 0, origin_of: 0 };
        added.set(id, { facts: a.facts + 1, origin_of: a.origin_of + (origins.has(id) ? 1 : 0) });
      }
    }
    expect([...added.values()].some((a) => a.origin_of > 0)).toBe(true);
    for (const s of after) {
      const a = added.get(s.id) ?? { facts: 0, origin_of: 0 };
      expect(before.get(s.id), s.id).toMatchObject({ facts: s.facts - a.facts, origin_of: s.origin_of - a.origin_of });
    }
    vi.setSystemTime(GOES_LIVE - 1);
    for (const id of added.keys()) expect(await text(`/sources/${id}`), id).not.toContain(NEWEST);
  });

  it("before anything is live, the lists are empty and nothing 500s", async () => {
    vi.setSystemTime(OLDER_LIVE - 1);
    const list = (await (await get("/api/v1/summaries")).json()) as { items: unknown[] };
    expect(list.items).toEqual([]);
    expect(await (await get("/api/v1/tags")).json()).toEqual([]);
    for (const path of ["/", "/feed.xml", "/feed.json", "/api/v1/facts", "/sitemap.xml"]) expect(await status(path), path).toBe(200);
    for (const path of [`/summaries/${OLDER}`, "/tags/russia", "/tags/russia/atom.xml"]) expect(await status(path), path).toBe(404);
  });

  it("once live, stays live on the real clock", async () => {
    vi.useRealTimers();
    expect(await status(`/summaries/${NEWEST}`)).toBe(200);
    expect(await text("/api/v1/summaries")).toContain(NEWEST);
  });
});
