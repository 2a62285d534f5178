/** `/api/v1/sources`, `/api/v1/sources/:id`, `/api/v1/facts?source=` and tag names, on the real content. */
import { describe, expect, it } from "vitest";
import type { FactList, SourceInfo, SourceList, TagCount } from "../../src/shared/api-schema";
import { get, ORIGIN } from "./api-contract";

const json = async <T>(path: string): Promise<T> => {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

describe("sources in the API", () => {
  it("lists every registry source with its kind, country and how many facts it starts or relays", async () => {
    const { items } = await json<SourceList>("/api/v1/sources");
    expect(items.map((s) => s.id)).toEqual([...items.map((s) => s.id)].sort());
    const byId = new Map(items.map((s) => [s.id, s]));
    expect(byId.get("rosstat")).toEqual({
      id: "rosstat",
      name: "Russia's federal statistics service",
      kind: "statistics-agency",
      url: null,
      country: "RU",
      facts: 1,
      origin_of: 1,
      page: `${ORIGIN}/sources/rosstat`,
    });
    // Radio Free Asia only passed Rosstat's figure on: it relays, it is the origin of nothing.
    expect(byId.get("rfa")).toMatchObject({ country: "US", facts: 1, origin_of: 0 });
    expect(byId.get("hngn")).toMatchObject({ country: null });
  });

  it("gives one source alone, as the list shows it", async () => {
    const { items } = await json<SourceList>("/api/v1/sources");
    expect(await json<SourceInfo>("/api/v1/sources/nis")).toEqual(items.find((s) => s.id === "nis"));
  });

  it("lists the facts a source relays, each with the chain that names it and its summary", async () => {
    const list = await json<FactList>("/api/v1/facts?source=rfa");
    expect(list.next_cursor).toBeNull();
    expect(list.items).toHaveLength(1);
    const [fact] = list.items;
    expect(fact?.sources.find((s) => s.id === "rosstat")?.via.map((v) => v.id)).toContain("rfa");
    expect(fact?.summary.url).toMatch(/^https:\/\/example\.com\/summaries\//);
  });

  it("lists a source's facts newest summary first", async () => {
    const { items } = await json<FactList>("/api/v1/facts?source=saednews&limit=100");
    const dates = items.map((f) => Date.parse(f.summary.published));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });
});

describe("tag names", () => {
  it("gives each tag the name content/tags.yaml gives it, beside the tag", async () => {
    const tags = await json<TagCount[]>("/api/v1/tags");
    expect(tags.find((t) => t.tag === "north-korea")).toEqual({ tag: "north-korea", name: "North Korea", count: 2 });
    expect(tags.find((t) => t.tag === "ukraine-war")?.name).toBe("War in Ukraine");
  });

  it("names the tag of a tag's facts, for the card's title", async () => {
    expect((await json<FactList>("/api/v1/facts?tag=north-korea")).name).toBe("North Korea");
    expect((await json<FactList>("/api/v1/facts")).name).toBeUndefined();
  });
});
