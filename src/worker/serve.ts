/**
 * What the two workers of the site share: a request handler assembled from a table of surfaces
 * (`routes/`, `admin/`), with the method checks, ready responses, trailing-slash redirects,
 * errors and the Fediverse hand-off every request gets. `index.ts` serves every surface (the
 * app: the write side and the cron); `reader.ts` serves the read surfaces and hands the rest to
 * the app.
 * @module
 */

import { getPath } from "hono/utils/url";
import { isFediversePath } from "../shared/fediverse";
import { PROBLEM_TYPES } from "../shared/problems";
import type { AppEnv } from "./lib/app-env";
import { Hono, LinearRouter } from "./lib/hono";
import { ProblemError, problemBody } from "./lib/problem";
import { CACHE, readyResponse } from "./lib/respond";
import { declareKind, kindOf, type RouteKind, SECURITY_HEADERS } from "./lib/security";
import { archive, observeClock, originOf } from "./lib/store";
import { embedErrorPage, errorPage } from "./pages/error-page";

/** What every read-only resource takes; other sites' preflights are offered only these. */
const ALLOW = "GET, HEAD, OPTIONS";

export interface Surface {
  /** Where the sub-app is mounted; a mount other than `/` also owns the 404s under its first segment. */
  mount: string;
  app: Hono<AppEnv>;
  /** Its security and CORS headers (lib/security.ts), on every response it sends, errors included. */
  kind: RouteKind;
}

function errorResponse(err: ProblemError, path: string, url: string): Response {
  // Every response carries its kind's security headers; successful ones get them in send().
  const kind = kindOf(path);
  const headers = { ...SECURITY_HEADERS[kind], "Cache-Control": "no-store", ...err.headers };
  if (kind === "shared") {
    // `instance` is a URI reference: the path as sent (percent-encoded), not Hono's decoded one.
    return new Response(problemBody(err, originOf(url), new URL(url).pathname), {
      status: err.status,
      headers: { "Content-Type": "application/problem+json; charset=utf-8", ...headers },
    });
  }
  const render = kind === "embed" ? embedErrorPage : errorPage;
  return new Response(render(archive.publication, err.status, PROBLEM_TYPES[err.type].title, err.detail), {
    status: err.status,
    headers: { "Content-Type": "text/html; charset=utf-8", ...headers },
  });
}

/** The 404 of a path nothing here publishes. */
export const notPublished = (request: Request, path: string): Response =>
  errorResponse(new ProblemError("not-found", "Nothing is published at this address."), path, request.url);

/**
 * OPTIONS (CORS preflight) and refused methods, answered without routing. A preflight
 * offers other sites only the read-only methods: no other site may POST a subscription.
 */
function notGet(request: Request, path: string, allow: string): Response {
  if (request.method === "OPTIONS") {
    return new Response(null, {
      status: 204,
      headers: {
        ...SECURITY_HEADERS[kindOf(path)],
        Allow: allow,
        "Access-Control-Allow-Methods": ALLOW,
        "Access-Control-Allow-Headers": request.headers.get("Access-Control-Request-Headers") ?? "If-None-Match",
        "Access-Control-Max-Age": "86400",
      },
    });
  }
  // "GET, HEAD, POST, OPTIONS" → "use GET, HEAD or POST".
  const use = allow.replace(/, OPTIONS$/, "").replace(/, (\w+)$/, " or $1");
  const err = new ProblemError("method-not-allowed", `${request.method} is not allowed here; use ${use}`, undefined, { Allow: allow });
  return errorResponse(err, path, request.url);
}

/**
 * One address per resource: a path with a trailing slash is sent, permanently, to the same
 * path without it (query kept), with the headers of the resource it names, so a fetch from
 * another site may follow it. The Location is absolute: `//host/` must not become `//host`.
 */
function withoutTrailingSlash(request: Request, path: string): Response | undefined {
  if (path.length < 2 || !path.endsWith("/")) return undefined;
  const url = new URL(request.url);
  const canonical = url.pathname.replace(/\/+$/, "") || "/";
  const location = `${originOf(request.url)}${canonical}${url.search}`;
  return new Response(null, {
    status: 301,
    headers: { ...SECURITY_HEADERS[kindOf(path.replace(/\/+$/, "") || "/")], Location: location, "Cache-Control": CACHE.short },
  });
}

/**
 * The ActivityPub paths, handed to the fediverse worker over its service binding (Fedify lives
 * there, so this worker's start-up never pays for it); with no binding they are not published.
 */
async function fediverse(request: Request, env: Env, path: string): Promise<Response> {
  if (env.FEDIVERSE === undefined) return notPublished(request, path);
  const answer = await env.FEDIVERSE.fetch(request);
  const headers = new Headers(answer.headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS.shared)) if (!headers.has(name)) headers.set(name, value);
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
}

/** Where a worker hands on the requests for paths another worker serves, before its own routing; undefined: its own. */
export type HandOn = (request: Request, env: Env, path: string) => Response | Promise<Response> | undefined;

/** A worker's fetch handler. */
export type FetchHandler = (request: Request, env: Env, ctx: ExecutionContext) => Response | Promise<Response>;

/**
 * The fetch handler of `routes`, in routing order. Every resource but the subscription routes
 * is read-only, so the method is checked before the app: GET and HEAD then reach their route
 * with no middleware in between, which Hono runs fastest, and POST reaches only the routes that
 * take it. A GET of a URL already answered is sent again from its ready response, without
 * routing (the subscription pages are never kept there). The path is decoded once, as the
 * router decodes it, for the kind of every answer given here.
 */
export function serve(routes: readonly Surface[], handOn?: HandOn): FetchHandler {
  // Routes are only recorded at start-up (lib/hono.ts); a GET of a URL already answered never
  // reaches the router (see readyResponse).
  const app = new Hono<AppEnv>();
  for (const { mount, app: surface, kind } of routes) {
    const before = app.routes.length;
    app.route(mount, surface);
    declareKind(
      mount,
      app.routes.slice(before).map((r) => r.path),
      kind,
    );
  }
  app.notFound((c) => notPublished(c.req.raw, c.req.path));
  app.onError((err, c) => {
    if (err instanceof ProblemError) return errorResponse(err, c.req.path, c.req.url);
    // Never a stack to the client: log it, answer a plain 500.
    console.error(err);
    return errorResponse(new ProblemError("internal", "Something failed on our side; please try again."), c.req.path, c.req.url);
  });

  // The routes that take POST (the subscription routes and the SES webhook), with the `Allow` each
  // sends: every other path is read-only and answers POST with a 405 before routing.
  const postRoutes = new LinearRouter<string>();
  for (const { path, method } of app.routes) {
    if (method !== "POST") continue;
    const takes = new Set(app.routes.filter((r) => r.path === path).map((r) => r.method));
    postRoutes.add("ALL", path, [...(takes.has("GET") ? ["GET", "HEAD"] : []), "POST", "OPTIONS"].join(", "));
  }
  /** What `path` takes, as its `Allow` header lists it. */
  const allowOf = (path: string): string => {
    const [matched] = postRoutes.match("ALL", path);
    return matched[0]?.[0] ?? ALLOW;
  };

  return (request, env, ctx) => {
    // A scheduled summary that went live since the last request empties the ready responses first.
    observeClock(Date.now());
    const method = request.method;
    if (method === "GET") {
      const ready = readyResponse(request, env);
      if (ready !== undefined) return ready;
    }
    const path = getPath(request);
    if (isFediversePath(path)) return fediverse(request, env, path);
    const handed = handOn?.(request, env, path);
    if (handed !== undefined) return handed;
    if (method === "GET" || method === "HEAD") {
      const allow = allowOf(path);
      if (!allow.startsWith("GET")) return notGet(request, path, allow);
      return withoutTrailingSlash(request, path) ?? app.fetch(request, env, ctx);
    }
    const allow = allowOf(path);
    if (method === "POST" && allow.includes("POST")) return app.fetch(request, env, ctx);
    return notGet(request, path, allow);
  };
}
