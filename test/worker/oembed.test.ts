import { describe, expect, it } from "vitest";
import type { SummaryList, TagCount } from "../../src/shared/api-schema";
import { decode, get, ORIGIN, select } from "./pages-html";

interface OEmbed {
  version: string;
  type: string;
  html: string;
  width: number;
  height: number;
  title: string;
  provider_name: string;
  provider_url: string;
  cache_age: number;
}

const firstSlug = async () => ((await (await get("/api/v1/summaries")).json()) as SummaryList).items[0]?.slug ?? "";
const oembed = (query: Record<string, string>) => get(`/oembed?${new URLSearchParams(query)}`);

/** The iframe in an oEmbed `html`, parsed as a consumer would. */
async function iframeOf(html: string) {
  const [frame] = await select(html, "iframe");
  return frame?.attrs ?? {};
}

async function expectProblem(res: Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  const body = (await res.json()) as { type: string; status: number; detail: string };
  expect(body.status).toBe(status);
  expect(body.type).toBe(`${ORIGIN}/problems/${type}`);
  expect(body.detail.length).toBeGreaterThan(0);
}

describe("oEmbed for a summary URL", () => {
  it("answers oEmbed 1.0 rich JSON whose html is an iframe of the summary's embed card", async () => {
    const slug = await firstSlug();
    const res = await oembed({ url: `${ORIGIN}/summaries/${slug}`, format: "json" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const body = (await res.json()) as OEmbed;
    expect(body).toMatchObject({ version: "1.0", type: "rich", provider_url: `${ORIGIN}/` });
    expect(body.title.length).toBeGreaterThan(0);
    expect(body.provider_name.length).toBeGreaterThan(0);
    expect(Number.isInteger(body.cache_age) && body.cache_age > 0).toBe(true);
    const frame = await iframeOf(body.html);
    expect(decode(frame.src ?? "")).toBe(`${ORIGIN}/embed/${slug}`);
    expect(Number(frame.width)).toBe(body.width);
    expect(Number(frame.height)).toBe(body.height);
    expect(decode(frame.title ?? "")).toBe(`Key facts: ${body.title}`);
    expect(await select(body.html, "script")).toEqual([]);
  });

  it("is found through the discovery link of the summary page", async () => {
    const slug = await firstSlug();
    const page = await (await get(`/summaries/${slug}`)).text();
    const [link] = await select(page, 'link[type="application/json+oembed"]');
    const href = new URL(decode(link?.attrs.href ?? ""));
    const res = await get(href.pathname + href.search);
    expect(res.status).toBe(200);
    expect(((await res.json()) as OEmbed).type).toBe("rich");
  });

  it("keeps width and height inside maxwidth and maxheight", async () => {
    const slug = await firstSlug();
    const url = `${ORIGIN}/summaries/${slug}`;
    const free = (await (await oembed({ url })).json()) as OEmbed;
    for (const [maxwidth, maxheight] of [
      ["320", "200"],
      ["1", "1"],
      ["2000", "5000"],
      [String(free.width - 1), String(free.height - 1)],
    ]) {
      const res = await oembed({ url, maxwidth: maxwidth as string, maxheight: maxheight as string });
      expect(res.status).toBe(200);
      const body = (await res.json()) as OEmbed;
      expect(body.width).toBeLessThanOrEqual(Number(maxwidth));
      expect(body.height).toBeLessThanOrEqual(Number(maxheight));
      expect(body.width).toBeGreaterThan(0);
      const frame = await iframeOf(body.html);
      expect([Number(frame.width), Number(frame.height)]).toEqual([body.width, body.height]);
    }
  });

  it("gives a narrower frame more height, so the wrapped card still fits", async () => {
    const url = `${ORIGIN}/summaries/${await firstSlug()}`;
    const wide = (await (await oembed({ url })).json()) as OEmbed;
    const narrow = (await (await oembed({ url, maxwidth: "320" })).json()) as OEmbed;
    expect(narrow.width).toBe(320);
    expect(narrow.height).toBeGreaterThan(wide.height);
  });

  it("accepts the page URL as a CMS may store it: other scheme, trailing slash, query or fragment", async () => {
    const slug = await firstSlug();
    for (const url of [
      `http://example.com/summaries/${slug}`,
      `${ORIGIN}/summaries/${slug}/`,
      `${ORIGIN}/summaries/${slug}?utm_source=x#top`,
    ]) {
      const res = await oembed({ url });
      expect(res.status, url).toBe(200);
      expect(decode((await iframeOf(((await res.json()) as OEmbed).html)).src ?? "")).toBe(`${ORIGIN}/embed/${slug}`);
    }
  });

  it("turns one fact's address into the card of that fact alone", async () => {
    const slug = "north-korean-labourers-russia-2024";
    const res = await oembed({ url: `${ORIGIN}/summaries/${slug}#fact-entries-2023` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as OEmbed;
    expect(decode((await iframeOf(body.html)).src ?? "")).toBe(`${ORIGIN}/embed/${slug}?fact=entries-2023`);
    const whole = (await (await oembed({ url: `${ORIGIN}/summaries/${slug}` })).json()) as OEmbed;
    expect(body.height).toBeLessThan(whole.height);
  });

  it("answers a fact its summary does not have with a 404 problem", async () => {
    const slug = "north-korean-labourers-russia-2024";
    for (const fact of ["no-such-fact", "%ZZ", "Bad_Id"]) {
      await expectProblem(await oembed({ url: `${ORIGIN}/summaries/${slug}#fact-${fact}` }), 404, "not-found");
    }
  });

  it("sends an ETag and answers If-None-Match with 304, and HEAD with no body", async () => {
    const query = `/oembed?url=${encodeURIComponent(`${ORIGIN}/summaries/${await firstSlug()}`)}`;
    const first = await get(query);
    const etag = first.headers.get("etag") ?? "";
    expect(etag).toMatch(/^"/);
    expect((await get(query, { headers: { "If-None-Match": etag } })).status).toBe(304);
    const head = await get(query, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });
});

describe("oEmbed for a tag page URL", () => {
  it("embeds the tag's card of newest facts", async () => {
    const [tag] = (await (await get("/api/v1/tags")).json()) as TagCount[];
    const res = await oembed({ url: `${ORIGIN}/tags/${tag?.tag}` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as OEmbed;
    expect(body.type).toBe("rich");
    expect(decode((await iframeOf(body.html)).src ?? "")).toBe(`${ORIGIN}/embed/tags/${tag?.tag}`);
  });
});

describe("oEmbed errors", () => {
  it("answers format=xml with 501, as oEmbed asks of a JSON-only provider", async () => {
    await expectProblem(await oembed({ url: `${ORIGIN}/summaries/${await firstSlug()}`, format: "xml" }), 501, "not-implemented");
  });

  it("answers a URL of another site with 404", async () => {
    await expectProblem(await oembed({ url: `https://elsewhere.example/summaries/${await firstSlug()}` }), 404, "not-found");
  });

  it("answers a URL of ours that is not a summary or topic page with 404", async () => {
    for (const path of [
      "/",
      "/summaries/no-such-summary",
      "/tags/no-such-tag",
      "/api/v1/summaries",
      "/embed/x",
      "/summaries/a/b",
      "/summaries/UPPER",
    ]) {
      await expectProblem(await oembed({ url: `${ORIGIN}${path}` }), 404, "not-found");
    }
  });

  it("answers a missing, relative or non-web url with 400", async () => {
    await expectProblem(await get("/oembed"), 400, "invalid-parameter");
    await expectProblem(await get("/oembed?format=json"), 400, "invalid-parameter");
    for (const url of ["/summaries/x", "not a url", "javascript:alert(1)", "ftp://example.com/summaries/x"]) {
      await expectProblem(await oembed({ url }), 400, "invalid-parameter");
    }
  });

  it("answers a maxwidth or maxheight that is not a positive whole number with 400 naming the field", async () => {
    const url = `${ORIGIN}/summaries/${await firstSlug()}`;
    for (const [field, value] of [
      ["maxwidth", "0"],
      ["maxwidth", "-5"],
      ["maxwidth", "abc"],
      ["maxheight", "1.5"],
      ["maxheight", "9999999"],
      ["maxheight", ""],
    ] as const) {
      const res = await oembed({ url, [field]: value });
      expect(res.status, `${field}=${value}`).toBe(400);
      const body = (await res.json()) as { errors?: { field: string }[] };
      expect(body.errors?.[0]?.field).toBe(field);
    }
  });

  it("answers an unknown format or parameter with 400", async () => {
    const url = `${ORIGIN}/summaries/${await firstSlug()}`;
    await expectProblem(await oembed({ url, format: "yaml" }), 400, "invalid-parameter");
    await expectProblem(await oembed({ url, callback: "f" }), 400, "unknown-parameter");
  });
});
