/**
 * The keyfacts worker: assembles the app from its routes. Each route lives in `routes/`;
 * shared HTTP behaviour (errors, methods, headers) lives in `lib/`.
 * @module
 */
import { Hono } from "hono/tiny";
import { PROBLEM_TYPES, ProblemError, problemBody } from "./lib/problem";
import { readyResponse } from "./lib/respond";
import { kindOf, SECURITY_HEADERS, wantsProblemJson } from "./lib/security";
import { archive, originOf } from "./lib/store";
import { errorPage } from "./pages/error-page";
import { api } from "./routes/api";
import { embed } from "./routes/embed";
import { feeds } from "./routes/feeds";
import { oembed } from "./routes/oembed";
import { openapiRoute } from "./routes/openapi";
import { pages } from "./routes/pages";
import { site } from "./routes/site";
import { widget } from "./routes/widget";

const ALLOW = "GET, HEAD, OPTIONS";

// hono/tiny: Hono with its smallest router (PatternRouter). A GET of a URL already answered
// never reaches the router (see readyResponse), so routing speed matters far less here than
// the code's size, which every cold start pays for.
const app = new Hono<{ Bindings: Env }>();

app.route("/api/v1", api);
app.route("/", openapiRoute);
app.route("/", feeds);
app.route("/", widget);
app.route("/", oembed);
app.route("/", embed);
app.route("/", pages);
app.route("/", site);

function errorResponse(err: ProblemError, path: string, url: string): Response {
  // Every response carries its kind's security headers; successful ones get them in send().
  const headers = { ...SECURITY_HEADERS[kindOf(path)], "Cache-Control": "no-store", ...err.headers };
  if (wantsProblemJson(path)) {
    // `instance` is a URI reference: the path as sent (percent-encoded), not Hono's decoded one.
    return new Response(problemBody(err, originOf(url), new URL(url).pathname), {
      status: err.status,
      headers: { "Content-Type": "application/problem+json; charset=utf-8", ...headers },
    });
  }
  return new Response(errorPage(archive.publication, err.status, PROBLEM_TYPES[err.type].title, err.detail), {
    status: err.status,
    headers: { "Content-Type": "text/html; charset=utf-8", ...headers },
  });
}

app.notFound((c) => errorResponse(new ProblemError("not-found", "Nothing is published at this address."), c.req.path, c.req.url));

app.onError((err, c) => {
  if (err instanceof ProblemError) return errorResponse(err, c.req.path, c.req.url);
  // Never a stack to the client: log it, answer a plain 500.
  console.error(err);
  return errorResponse(new ProblemError("internal", "Something failed on our side; please try again."), c.req.path, c.req.url);
});

/** OPTIONS (CORS preflight) and refused methods, answered without routing. */
function notGet(request: Request): Response {
  const url = new URL(request.url);
  if (request.method === "OPTIONS") {
    return new Response(null, {
      status: 204,
      headers: {
        ...SECURITY_HEADERS[kindOf(url.pathname)],
        Allow: ALLOW,
        "Access-Control-Allow-Methods": ALLOW,
        "Access-Control-Allow-Headers": request.headers.get("Access-Control-Request-Headers") ?? "If-None-Match",
        "Access-Control-Max-Age": "86400",
      },
    });
  }
  const err = new ProblemError("method-not-allowed", `${request.method} is not allowed here; use GET or HEAD`, undefined, { Allow: ALLOW });
  return errorResponse(err, url.pathname, request.url);
}

/**
 * Every resource is read-only, so the method is checked here, before the app: GET and HEAD
 * then reach their route with no middleware in between, which Hono runs fastest. A GET of
 * a URL already answered is sent again from its ready response, without routing.
 */
export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const method = request.method;
    if (method === "GET") return readyResponse(request, env) ?? app.fetch(request, env, ctx);
    return method === "HEAD" ? app.fetch(request, env, ctx) : notGet(request);
  },
};
