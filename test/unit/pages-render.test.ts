/** The summary page rendered in Node from a made-up summary: corrections, hostile text, JSON-LD, snippets. */
import { describe, expect, it } from "vitest";
import { iframeSnippet } from "../../src/worker/pages/snippets";
import { summaryPage } from "../../src/worker/pages/summary-page";
import { decode, jsonLd, select } from "../support/html";
import { fixture, HOSTILE, site } from "../support/pages-fixture";

// Pure functions of their data: rendered in Node, no workerd.
const page = summaryPage(fixture, site);

describe("rendering a summary page", () => {
  it("lists corrections with their dates, and shows when the summary was updated", async () => {
    const items = await select(page, ".corrections li");
    expect(items).toHaveLength(1);
    expect(decode(items[0]?.text ?? "")).toContain(`Corrected the figure; ${HOSTILE}`);
    const times = (await select(page, "article time")).map((t) => t.attrs.datetime);
    expect(times).toEqual(["2026-01-05T00:00:00Z", "2026-02-10T09:30:00Z", "2026-02-10T09:30:00Z"]);
    expect((await select(page, 'meta[property="article:modified_time"]'))[0]?.attrs.content).toBe("2026-02-10T09:30:00Z");
  });

  it("links a source that has a URL and names one that has none", async () => {
    const links = await select(page, ".fact-sources a");
    expect(links.map((a) => [a.attrs.href, decode(a.text)])).toEqual([
      ["https://outlet.example/report", "Linked Outlet"],
      ["https://relay.example/", `Relay ${HOSTILE}`],
    ]);
    expect(decode((await select(page, ".fact-sources span"))[0]?.text ?? "")).toBe(`Plain ${HOSTILE}`);
  });

  it("shows how each claim travelled, how many independent origins it has, and who could not verify it", async () => {
    const [sources] = await select(page, "#fact-first .fact-sources");
    expect(decode(sources?.text.replace(/<[^>]+>/g, "") ?? "").replace(/\s+/g, " ")).toBe(
      `Sources: Linked Outlet; Plain ${HOSTILE}, via Relay ${HOSTILE} · 2 independent sources`,
    );
    const [flag] = await select(page, "#fact-first .unverified");
    expect(decode(flag?.text ?? "")).toBe(`Unverified: Relay ${HOSTILE} could not verify this`);
  });

  it("offers under each fact, without script, its address and the snippets that embed it alone", async () => {
    const codes = (await select(page, "#fact-first details.share-fact code")).map((c) => decode(c.text));
    expect(codes[0]).toBe(`${fixture.url}#fact-first`);
    expect(codes[1]).toContain(`<key-facts summary="${fixture.slug}" fact="first"></key-facts>`);
    expect(codes[2]).toContain(`src="${site.origin}/embed/${fixture.slug}?fact=first"`);
  });

  it("keeps hostile text as text: no element, script or comment is injected anywhere", async () => {
    expect(await select(page, "script")).toHaveLength(1);
    expect(page).not.toContain("<script>alert(1)");
    expect(page).not.toContain("<!--");
    const [ld = {}] = await jsonLd(page);
    expect(ld.headline).toBe(fixture.title);
    expect((ld.hasPart as { text: string }[])[0]?.text).toBe(fixture.facts[0]?.text);
    expect((await select(page, "h1")).map((h) => decode(h.text))).toEqual([fixture.title]);
  });

  it("sets the summary's language and direction on the article, not on the site around it", async () => {
    expect((await select(page, "html"))[0]?.attrs.lang).toBe("en");
    expect((await select(page, "article"))[0]?.attrs).toMatchObject({ lang: "ar", dir: "rtl" });
  });

  it("cites each source in JSON-LD with its URL where it has one", async () => {
    const [ld = {}] = await jsonLd(page);
    expect(ld.citation).toEqual([
      {
        "@type": "CreativeWork",
        name: "Linked Outlet",
        url: "https://outlet.example/report",
        author: { "@type": "Organization", name: "Linked Outlet" },
      },
      { "@type": "CreativeWork", name: `Plain ${HOSTILE}`, author: { "@type": "Organization", name: `Plain ${HOSTILE}` } },
      // The fixture's second source was relayed: the relay is cited too.
      {
        "@type": "CreativeWork",
        name: `Relay ${HOSTILE}`,
        url: "https://relay.example/",
        author: { "@type": "Organization", name: `Relay ${HOSTILE}` },
      },
    ]);
    expect(ld.correction).toEqual([
      { "@type": "CorrectionComment", datePublished: "2026-02-10T09:30:00Z", text: `Corrected the figure; ${HOSTILE}` },
    ]);
    expect(ld.dateModified).toBe("2026-02-10T09:30:00Z");
  });
});

describe("the iframe snippet", () => {
  it("keeps a hostile title inside its title attribute", async () => {
    const title = `"><script>alert(1)</script><iframe onload="x" '`;
    const snippet = iframeSnippet("https://example.com", { kind: "summary", slug: "a-b" }, title, { width: 300, height: 400 });
    expect(await select(snippet, "script")).toEqual([]);
    const frames = await select(snippet, "iframe");
    expect(frames).toHaveLength(1);
    expect(decode(frames[0]?.attrs.title ?? "")).toBe(`Key facts: ${title}`);
    expect(Object.keys(frames[0]?.attrs ?? {})).toEqual(["src", "title", "width", "height", "loading", "frameborder", "sandbox"]);
  });
});
