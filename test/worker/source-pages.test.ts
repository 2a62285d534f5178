/** `/sources`, `/sources/:id` and their feeds, served from the real content: what a reader and a feed reader find. */
import { describe, expect, it } from "vitest";
import type { FactList, SourceList } from "../../src/shared/api-schema";
import { decode, get, ORIGIN, select } from "./pages-html";

async function html(path: string): Promise<{ res: Response; body: string }> {
  const res = await get(path);
  return { res, body: await res.text() };
}

describe("the sources page", () => {
  it("lists every source with its kind, country and how many facts it starts or relays, each linking to its page", async () => {
    const { items } = (await (await get("/api/v1/sources")).json()) as SourceList;
    const { res, body } = await html("/sources");
    expect(res.status).toBe(200);
    const rows = await select(body, "table.sources tbody tr");
    expect(rows).toHaveLength(items.length);
    const links = (await select(body, "table.sources tbody th a")).map((a) => a.attrs.href).sort();
    expect(links).toEqual(items.map((s) => `/sources/${s.id}`).sort());
    const cells = (await select(body, "table.sources tbody tr > *")).map((c) => decode(c.text).trim());
    const at = cells.indexOf("Radio Free Asia");
    expect(cells.slice(at, at + 4)).toEqual(["Radio Free Asia", "Broadcaster", "US", "Relays 1"]);
  });
});

describe("a source's page", () => {
  it("lists the facts it starts or relays, newest first, each linking to its place in its summary", async () => {
    const facts = (await (await get("/api/v1/facts?source=saednews&limit=100")).json()) as FactList;
    const { res, body } = await html("/sources/saednews");
    expect(res.status).toBe(200);
    expect(decode((await select(body, "h1"))[0]?.text ?? "")).toBe("Source: SaedNews");
    const links = await select(body, "ol.facts > li .meta a");
    expect(links.map((a) => a.attrs.href)).toEqual(facts.items.map((f) => `/summaries/${f.summary.slug}#fact-${f.id}`));
  });

  it("shows the chain a relayed fact travelled and who could not verify it", async () => {
    const { body } = await html("/sources/rfa");
    const [item] = await select(body, "ol.facts > li");
    const text = decode(item?.text.replace(/<[^>]+>/g, "") ?? "").replace(/\s+/g, " ");
    expect(text).toContain("Russia's federal statistics service, via Radio Free Asia, cited by HNGN");
    expect(text).toContain("Unverified: HNGN could not verify this");
  });

  it("offers its RSS, Atom and JSON feeds in <head> for feed readers and in the page", async () => {
    const { body } = await html("/sources/rfa");
    const alternates = (await select(body, 'head link[rel="alternate"]')).map((l) => [l.attrs.type, l.attrs.href]);
    expect(alternates.slice(0, 3)).toEqual([
      ["application/rss+xml", `${ORIGIN}/sources/rfa/feed.xml`],
      ["application/atom+xml", `${ORIGIN}/sources/rfa/atom.xml`],
      ["application/feed+json", `${ORIGIN}/sources/rfa/feed.json`],
    ]);
    for (const [, href] of alternates.slice(0, 3)) {
      const res = await get(new URL(href as string).pathname);
      expect(res.status, href).toBe(200);
      const text = await res.text();
      expect(text, href).toContain("Radio Free Asia");
      expect(text, href).toContain("/summaries/");
    }
  });

  it("answers a source not in the registry, and a page past the last, with a 404 page", async () => {
    for (const path of ["/sources/no-such-source", "/sources/rfa?page=2", "/sources/no-such-source/feed.xml"]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      await res.arrayBuffer();
    }
    const res = await get("/sources/rfa?page=0");
    expect(res.status).toBe(400);
    await res.arrayBuffer();
  });

  it("is in the sitemap, every source", async () => {
    const { items } = (await (await get("/api/v1/sources")).json()) as SourceList;
    const sitemap = await (await get("/sitemap.xml")).text();
    for (const s of items) expect(sitemap).toContain(`<loc>${ORIGIN}/sources/${s.id}</loc>`);
  });
});
