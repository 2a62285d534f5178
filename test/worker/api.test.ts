/** The API's routes and the JSON they answer with (`src/shared/api-schema.ts`). */
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { FactList, Summary, SummaryList, SummaryListItem, TagCount } from "../../src/shared/api-schema";
import { get, ORIGIN } from "./api-contract";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

async function json<T>(path: string, origin = ORIGIN): Promise<T> {
  const res = await exports.default.fetch(`${origin}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

const all = () => json<SummaryList>("/api/v1/summaries?limit=100");
const tags = () => json<TagCount[]>("/api/v1/tags");

/** Every object key anywhere in `value`. */
function keysDeep(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) keysDeep(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      keysDeep(v, out);
    }
  }
  return out;
}

/** Follows `next_cursor` from `first` to the end; returns every page. */
async function pages(first: string): Promise<SummaryList[]> {
  const out: SummaryList[] = [];
  let url: string | null = first;
  while (url !== null) {
    expect(out.length, "paging terminates").toBeLessThan(1000);
    const page: SummaryList = await json<SummaryList>(url);
    out.push(page);
    url = page.next_cursor === null ? null : `${first}&cursor=${encodeURIComponent(page.next_cursor)}`;
  }
  return out;
}

describe("GET /api/v1/summaries", () => {
  it("lists every summary newest first, without bodies", async () => {
    const res = await get("/api/v1/summaries");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.has("link")).toBe(false);
    const body = (await res.json()) as SummaryList;
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.next_cursor).toBeNull();
    const times = body.items.map((s) => Date.parse(s.published));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const item of body.items) expect(item).not.toHaveProperty("content_html");
  });

  it("gives each item the summary's fields in snake_case with RFC 3339 dates and absolute URLs", async () => {
    const body = await all();
    for (const s of body.items) {
      expect(Object.keys(s).sort()).toEqual(
        [
          "based_on",
          "corrections",
          "dir",
          "facts",
          "lang",
          "publication",
          "published",
          "reading_minutes",
          "slug",
          "summary",
          "tags",
          "title",
          "updated",
          "url",
        ].sort(),
      );
      for (const k of keysDeep(s)) expect(k).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(s.published).toMatch(RFC3339);
      if (s.updated !== null) expect(s.updated).toMatch(RFC3339);
      for (const c of s.corrections) expect(c.date).toMatch(RFC3339);
      expect(s.url).toBe(`${ORIGIN}/summaries/${s.slug}`);
      expect(s.publication.url).toBe(`${ORIGIN}/`);
    }
  });

  it("makes URLs absolute for the origin the request came to", async () => {
    const body = await json<SummaryList>("/api/v1/summaries", "http://localhost:8787");
    for (const s of body.items) expect(s.url).toBe(`http://localhost:8787/summaries/${s.slug}`);
  });

  it("resolves every source to {id, name, kind, url}, and a fact's sources also to the chain they travelled, via", async () => {
    const body = await all();
    for (const s of body.items) {
      const relays = s.facts.flatMap((f) => f.sources.flatMap((src) => src.via));
      const sources = [...s.based_on, ...relays, ...s.facts.flatMap((f) => f.unverified?.by ?? [])];
      expect(sources.length).toBeGreaterThan(0);
      for (const src of sources) {
        expect(Object.keys(src).sort()).toEqual(["id", "kind", "name", "url"]);
        expect(src.name.length).toBeGreaterThan(0);
        if (src.url !== null) expect(new URL(src.url).protocol).toBe("https:");
      }
      for (const src of s.facts.flatMap((f) => f.sources)) expect(Object.keys(src).sort()).toEqual(["id", "kind", "name", "url", "via"]);
    }
  });

  it("tells how the 2023 entry figure travelled, that HNGN could not verify it, and that it has two independent origins", async () => {
    const s = await json<Summary>("/api/v1/summaries/north-korean-labourers-russia-2024");
    const f = s.facts.find((x) => x.id === "entries-2023");
    expect(f?.sources.map((src) => [src.id, ...src.via.map((v) => v.id)])).toEqual([
      ["rosstat", "rfa", "hngn"],
      ["nis", "hngn"],
    ]);
    expect(f?.unverified?.by.id).toBe("hngn");
    expect(f?.independent_sources).toBe(2);
  });

  it("keeps only the summaries with the tag asked for", async () => {
    const everything = await all();
    for (const { tag, count } of await tags()) {
      const body = await json<SummaryList>(`/api/v1/summaries?tag=${tag}`);
      expect(body.items.length).toBe(count);
      for (const s of body.items) expect(s.tags).toContain(tag);
      expect(body.items.map((s) => s.slug)).toEqual(everything.items.filter((s) => s.tags.includes(tag)).map((s) => s.slug));
    }
  });

  it("answers a tag nothing carries with an empty list", async () => {
    const body = await json<SummaryList>("/api/v1/summaries?tag=no-such-tag-here");
    expect(body).toEqual({ items: [], next_cursor: null });
  });

  it("returns at most `limit` items and a cursor and Link header to the rest", async () => {
    const res = await get("/api/v1/summaries?limit=1");
    expect(res.status).toBe(200);
    const body = (await res.json()) as SummaryList;
    expect(body.items).toHaveLength(1);
    expect(typeof body.next_cursor).toBe("string");
    expect(res.headers.get("link")).toBe(
      `<${ORIGIN}/api/v1/summaries?limit=1&cursor=${encodeURIComponent(body.next_cursor as string)}>; rel="next"`,
    );
  });

  it("serves the next page at the Link header's URL, the same as through next_cursor", async () => {
    const first = await get("/api/v1/summaries?limit=1");
    const link = /^<([^>]+)>; rel="next"$/.exec(first.headers.get("link") ?? "")?.[1];
    expect(link).toBeDefined();
    const viaLink = await exports.default.fetch(link as string);
    expect(viaLink.status).toBe(200);
    const { next_cursor } = (await first.json()) as SummaryList;
    const viaCursor = await get(`/api/v1/summaries?limit=1&cursor=${next_cursor}`);
    expect(await viaLink.text()).toBe(await viaCursor.text());
  });

  it("pages with limit=1 through every summary exactly once, in order", async () => {
    const everything = await all();
    const seen = (await pages("/api/v1/summaries?limit=1")).flatMap((p) => p.items.map((s) => s.slug));
    expect(seen).toEqual(everything.items.map((s) => s.slug));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("pages with limit=1 through every summary of each tag exactly once", async () => {
    for (const { tag, count } of await tags()) {
      const result = await pages(`/api/v1/summaries?tag=${tag}&limit=1`);
      const seen = result.flatMap((p) => p.items.map((s) => s.slug));
      expect(seen).toHaveLength(count);
      expect(new Set(seen).size).toBe(count);
      expect(result).toHaveLength(count);
    }
  });

  it("lets a client change the page size between pages", async () => {
    const everything = await all();
    const first = await json<SummaryList>("/api/v1/summaries?limit=1");
    if (first.next_cursor === null) return;
    const rest = await json<SummaryList>(`/api/v1/summaries?limit=100&cursor=${first.next_cursor}`);
    expect([...first.items, ...rest.items].map((s) => s.slug)).toEqual(everything.items.map((s) => s.slug));
  });
});

describe("GET /api/v1/summaries/:slug", () => {
  it("answers one summary in full, body included, matching its list item", async () => {
    for (const item of (await all()).items) {
      const res = await get(`/api/v1/summaries/${item.slug}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      const s = (await res.json()) as Summary;
      expect(typeof s.content_html).toBe("string");
      expect(s.content_html.length).toBeGreaterThan(0);
      const { content_html: _, ...rest } = s;
      expect(rest satisfies SummaryListItem).toEqual(item);
    }
  });

  it("gives each key fact an id, text, figure or null, and its sources", async () => {
    const [first] = (await all()).items;
    const s = await json<Summary>(`/api/v1/summaries/${first?.slug}`);
    expect(s.facts.length).toBeGreaterThan(0);
    for (const f of s.facts) {
      expect(Object.keys(f).sort()).toEqual(["figure", "id", "independent_sources", "sources", "text", "unverified"]);
      expect(f.independent_sources).toBe(new Set(f.sources.map((src) => src.id)).size);
      expect(f.id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(f.sources.length).toBeGreaterThan(0);
      if (f.figure !== null) expect(typeof f.figure.value).toBe("number");
    }
    expect(new Set(s.facts.map((f) => f.id)).size).toBe(s.facts.length);
  });
});

describe("GET /api/v1/facts", () => {
  it("lists key facts newest summary first, each naming its summary", async () => {
    const everything = await all();
    const res = await get("/api/v1/facts?limit=100");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await res.json()) as FactList;
    const expected = everything.items.flatMap((s) => s.facts.map((f) => `${s.slug}#${f.id}`));
    expect(body.items.map((f) => `${f.summary.slug}#${f.id}`)).toEqual(expected);
    for (const f of body.items) {
      const s = everything.items.find((x) => x.slug === f.summary.slug) as SummaryListItem;
      expect(f.summary).toEqual({
        slug: s.slug,
        url: s.url,
        title: s.title,
        published: s.published,
        lang: s.lang,
        dir: s.dir,
        tags: s.tags,
      });
      const { summary: _, ...fact } = f;
      expect(fact).toEqual(s.facts.find((x) => x.id === f.id));
    }
    expect(body.publication).toEqual(everything.items[0]?.publication);
  });

  it("returns 20 facts by default and `limit` when given", async () => {
    const total = (await json<FactList>("/api/v1/facts?limit=100")).items.length;
    expect((await json<FactList>("/api/v1/facts")).items).toHaveLength(Math.min(20, total));
    expect((await json<FactList>("/api/v1/facts?limit=1")).items).toHaveLength(1);
    const three = await json<FactList>("/api/v1/facts?limit=3");
    expect(three.items).toHaveLength(Math.min(3, total));
  });

  it("keeps only facts of summaries with the tag asked for", async () => {
    for (const { tag } of await tags()) {
      const body = await json<FactList>(`/api/v1/facts?tag=${tag}&limit=100`);
      expect(body.items.length).toBeGreaterThan(0);
      for (const f of body.items) expect(f.summary.tags).toContain(tag);
    }
    expect((await json<FactList>("/api/v1/facts?tag=no-such-tag-here")).items).toEqual([]);
  });
});

describe("GET /api/v1/tags", () => {
  it("lists every tag once, alphabetically, with its number of summaries", async () => {
    const everything = await all();
    const res = await get("/api/v1/tags");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await res.json()) as TagCount[];
    const names = body.map((t) => t.tag);
    expect(names).toEqual([...new Set(everything.items.flatMap((s) => s.tags))].sort());
    for (const { tag, count } of body) expect(count).toBe(everything.items.filter((s) => s.tags.includes(tag)).length);
  });
});
