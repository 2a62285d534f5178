/**
 * A URL asked for again: the worker answers a GET of a URL it has answered before from a
 * ready response, without routing, in full or as a 304. These tests hold what a client could notice: the second answer
 * is the first one again, validators still give 304s, HEAD still has no body, and bindings
 * and request headers change exactly what they changed before.
 */
import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker/index";

const ORIGIN = "https://repeat.example.com";
const SLUG = "north-korean-workers-siberia-far-east";
const PATHS = [
  "/",
  `/summaries/${SLUG}`,
  `/embed/${SLUG}`,
  "/tags/russia",
  "/api/v1/summaries",
  "/api/v1/summaries?limit=1",
  `/api/v1/summaries/${SLUG}`,
  "/api/v1/facts?tag=sanctions&limit=2",
  "/feed.xml",
  "/tags/russia/atom.xml",
  "/feed.json",
  "/widget.js",
  "/openapi.json",
  `/oembed?url=${encodeURIComponent(`${ORIGIN}/summaries/${SLUG}`)}`,
];

const send = (path: string, init?: RequestInit, bindings: Env = env) =>
  worker.fetch(new Request(`${ORIGIN}${path}`, init), bindings, createExecutionContext());

/** Everything a client sees of a response but the Date header. */
async function seen(res: Response) {
  const headers = [...res.headers].filter(([name]) => name !== "date");
  return { status: res.status, headers, body: await res.text() };
}

describe.each(PATHS)("%s asked for again", (path) => {
  it("gets the same status, headers and body, and a response of its own", async () => {
    const first = await send(path);
    expect(first.status, path).toBe(200);
    const before = await seen(first);
    const second = await send(path);
    // A client may change its copy; the next client still gets the original.
    second.headers.set("X-Changed-By-Client", "1");
    expect(await seen(await send(path))).toEqual(before);
    await second.arrayBuffer();
  });

  it("still gets a 304 for its ETag, and HEAD still has no body", async () => {
    const first = await send(path);
    const etag = first.headers.get("etag") as string;
    await first.arrayBuffer();
    const revalidated = await send(path, { headers: { "If-None-Match": etag } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("etag")).toBe(etag);
    expect(await revalidated.text()).toBe("");
    const head = await send(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(etag);
    expect(await head.text()).toBe("");
  });

  it("answers the same whatever else the request carries", async () => {
    // The ready responses rest on this: no route reads a request header but the validators.
    // Bindings equal in value but not the same object send the dressed request through the router.
    const plain = await seen(await send(path));
    const dressed = await send(
      path,
      {
        headers: {
          Accept: "application/xml;q=0.9, text/html",
          "Accept-Language": "ko, ru;q=0.8",
          "Accept-Encoding": "gzip, br",
          Cookie: "session=abc",
          Origin: "https://news.example.org",
          Referer: "https://news.example.org/story",
          "User-Agent": "FeedReader/1.0",
        },
      },
      { ...env },
    );
    expect(await seen(dressed)).toEqual(plain);
  });
});

describe("a feed asked for again under other bindings", () => {
  it("names the WebSub hub of the bindings it is answered with", async () => {
    const hub = "https://hub.example.net/";
    const withHub = { ...env, WEBSUB_HUB: hub } as Env;
    const plain = await send("/feed.xml");
    expect(plain.headers.get("link")).toBe(`<${ORIGIN}/feed.xml>; rel="self"`);
    await plain.arrayBuffer();
    const hubbed = await send("/feed.xml", undefined, withHub);
    expect(hubbed.headers.get("link")).toBe(`<${ORIGIN}/feed.xml>; rel="self", <${hub}>; rel="hub"`);
    expect(await hubbed.text()).toContain(hub);
    const again = await send("/feed.xml");
    expect(again.headers.get("link")).toBe(`<${ORIGIN}/feed.xml>; rel="self"`);
    expect(await again.text()).not.toContain(hub);
  });

  it("still gets a 304 for an If-Modified-Since at its newest item", async () => {
    const first = await send("/feed.xml");
    const lastModified = first.headers.get("last-modified") as string;
    expect(lastModified).toMatch(/GMT$/);
    await first.arrayBuffer();
    const res = await send("/feed.xml", { headers: { "If-Modified-Since": lastModified } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
  });
});
