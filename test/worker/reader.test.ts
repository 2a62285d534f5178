/**
 * The reader worker (src/worker/reader.ts), the site's public entry: it answers the read
 * surfaces itself, exactly as the app worker answers them, and hands the write side to the app
 * worker over its APP binding, here the real app worker of this project (`exports.default`).
 * Its bindings are only those reader.wrangler.toml declares.
 */
import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ROUTES } from "../../src/worker/index";
import { READ_ROUTES } from "../../src/worker/read-routes";
import reader, { isAppPath, type ReaderEnv } from "../../src/worker/reader";

const ORIGIN = "https://reader.example.com";
const SLUG = "north-korean-workers-siberia-far-east";

/** The reader's bindings, with the app behind a binding that counts the requests it is handed. */
function readerEnv() {
  const handed: string[] = [];
  const app = exports.default as unknown as Fetcher;
  const APP = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      handed.push(`${request.method} ${new URL(request.url).pathname}`);
      return app.fetch(request);
    },
  } as Fetcher;
  const bindings: ReaderEnv = { ASSETS: env.ASSETS, WEBSUB_HUB: env.WEBSUB_HUB, FEDIVERSE: env.FEDIVERSE, APP };
  return { bindings, handed };
}

/** Everything a client sees of a response but the Date header. */
async function seen(res: Response) {
  const headers = [...res.headers].filter(([name]) => name !== "date");
  return { status: res.status, headers, body: await res.text() };
}

/** The full path of each route of `surfaces`, as the router matches it. */
const pathsOf = (surfaces: typeof ROUTES) =>
  surfaces.flatMap(({ mount, app }) => app.routes.map((r) => (mount === "/" ? r.path : r.path === "/" ? mount : `${mount}${r.path}`)));

describe("which worker serves a path", () => {
  it("every route of the write side is the app's, and no read route is", () => {
    const writeSide = ROUTES.filter((s) => !READ_ROUTES.includes(s));
    expect(writeSide.map((s) => s.mount).sort()).toEqual(["/", "/admin", "/api/v1", "/webhooks"]);
    for (const path of pathsOf(writeSide)) expect(isAppPath(path), path).toBe(true);
    for (const path of pathsOf(READ_ROUTES)) expect(isAppPath(path), path).toBe(false);
  });

  it("takes whole segments: a path that only begins like the app's is the reader's", () => {
    for (const path of ["/subscribed", "/administrator", "/api/v1/subscriptionsx", "/webhooksy"]) expect(isAppPath(path), path).toBe(false);
    for (const path of ["/subscribe/", "/admin/x/y", "/webhooks/ses", "/unsubscribe"]) expect(isAppPath(path), path).toBe(true);
  });
});

// Requests a reader makes, and the write side's; each answered by the reader as the app answers it.
const READS: [string, RequestInit?][] = [
  ["/"],
  [`/summaries/${SLUG}`],
  [`/summaries/${SLUG}`, { method: "HEAD" }],
  [`/summaries/${SLUG}`, { headers: { "If-None-Match": "*" } }],
  [`/embed/${SLUG}`],
  ["/tags/russia"],
  ["/api/v1/summaries?limit=2"],
  [`/api/v1/summaries/${SLUG}`],
  ["/api/v1/summaries/no-such-summary"],
  ["/api/v1/summaries", { method: "OPTIONS", headers: { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "GET" } }],
  ["/api/v1/summaries", { method: "POST", body: "{}" }],
  ["/api/v1/nothing"],
  ["/feed.xml"],
  ["/feed.json"],
  ["/widget.js"],
  ["/openapi.json"],
  ["/tags/russia/"],
  ["/sources"],
  ["/robots.txt"],
  ["/sitemap.xml"],
  ["/favicon.ico"],
  ["/styles.css"],
  ["/problems/not-found"],
  ["/embed/tags/russia"],
  [`/oembed?url=${encodeURIComponent(`${ORIGIN}/summaries/${SLUG}`)}`],
  ["/no-such-page"],
  ["/.well-known/webfinger?resource=acct:keyfacts@reader.example.com"],
];
const WRITES: [string, RequestInit?][] = [
  ["/subscribe"],
  [
    "/subscribe",
    { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN }, body: "email=not-an-address" },
  ],
  ["/api/v1/subscriptions", { method: "POST", headers: { "Content-Type": "application/json", Origin: ORIGIN }, body: '{"email":"nope"}' }],
  [
    "/api/v1/subscriptions",
    { method: "OPTIONS", headers: { Origin: "https://elsewhere.example", "Access-Control-Request-Method": "POST" } },
  ],
  ["/unsubscribe?token=forged"],
  ["/admin"],
  ["/webhooks/ses", { method: "POST", body: "{}" }],
];

describe("the reader answers as the app does", () => {
  it.each(READS)("%s (a read): the app's answer, without asking the app", async (path, init) => {
    const { bindings, handed } = readerEnv();
    const fromReader = await seen(await reader.fetch(new Request(`${ORIGIN}${path}`, init), bindings, createExecutionContext()));
    const fromApp = await seen(await exports.default.fetch(`${ORIGIN}${path}`, { ...init, redirect: "manual" }));
    expect(fromReader).toEqual(fromApp);
    expect(handed).toEqual([]);
  });

  it.each(WRITES)("%s (the write side): handed to the app once, its answer as it gave it", async (path, init) => {
    const { bindings, handed } = readerEnv();
    const fromReader = await seen(await reader.fetch(new Request(`${ORIGIN}${path}`, init), bindings, createExecutionContext()));
    const fromApp = await seen(await exports.default.fetch(`${ORIGIN}${path}`, { ...init, redirect: "manual" }));
    expect(fromReader).toEqual(fromApp);
    expect(handed).toEqual([`${init?.method ?? "GET"} ${path.split("?")[0]}`]);
  });

  it("without the app bound, the write side is not published and the reads are unchanged", async () => {
    const { bindings } = readerEnv();
    const alone = { ...bindings, APP: undefined };
    const subscribe = await reader.fetch(new Request(`${ORIGIN}/subscribe`), alone, createExecutionContext());
    expect(subscribe.status).toBe(404);
    expect(subscribe.headers.get("Content-Type")).toContain("text/html");
    const api = await reader.fetch(
      new Request(`${ORIGIN}/api/v1/subscriptions`, { method: "POST", body: "{}" }),
      alone,
      createExecutionContext(),
    );
    expect(api.status).toBe(404);
    expect(api.headers.get("Content-Type")).toBe("application/problem+json; charset=utf-8");
    const page = await reader.fetch(new Request(`${ORIGIN}/summaries/${SLUG}`), alone, createExecutionContext());
    expect(page.status).toBe(200);
  });
});
