/**
 * The keyfacts worker: assembles the app from the route table. Each surface lives in
 * `routes/`; shared HTTP behaviour (errors, methods, headers) lives in `lib/`.
 * @module
 */

import { getPath } from "hono/utils/url";
import { FEDIVERSE_PUBLISH_PATH, FEDIVERSE_TASK_PATH, isFediverseMessage, isFediversePath } from "../shared/fediverse";
import { PROBLEM_TYPES } from "../shared/problems";
import { admin } from "./admin";
import type { AppEnv } from "./lib/app-env";
import { Hono, LinearRouter } from "./lib/hono";
import { ProblemError, problemBody } from "./lib/problem";
import { CACHE, readyResponse } from "./lib/respond";
import { declareKind, kindOf, type RouteKind, SECURITY_HEADERS } from "./lib/security";
import { archive, observeClock, originOf } from "./lib/store";
import { mailerFor } from "./mail/mailer";
import { embedErrorPage, errorPage } from "./pages/error-page";
import { api } from "./routes/api";
import { embed } from "./routes/embed";
import { feeds, feedsPage } from "./routes/feeds";
import { oembed } from "./routes/oembed";
import { openapiRoute } from "./routes/openapi";
import { pages } from "./routes/pages";
import { sesWebhook } from "./routes/ses-webhook";
import { site } from "./routes/site";
import { sourcePages } from "./routes/sources";
import { subscribePages } from "./routes/subscribe";
import { subscriptionsApi } from "./routes/subscriptions-api";
import { widget } from "./routes/widget";
import { announce } from "./sending/announce";
import { mailOrigin } from "./sending/compose";
import { deliverBatch, retryDelay } from "./sending/deliver";
import { scheduleDigests } from "./sending/digests";
import { fanOut } from "./sending/fanout";

/** What every read-only resource takes; other sites' preflights are offered only these. */
const ALLOW = "GET, HEAD, OPTIONS";

interface Surface {
  /** Where the sub-app is mounted; a mount other than `/` also owns the 404s under its first segment. */
  mount: string;
  app: Hono<AppEnv>;
  /** Its security and CORS headers (lib/security.ts), on every response it sends, errors included. */
  kind: RouteKind;
}

/** Every surface of the worker, in routing order. A new one is one more line here. */
const ROUTES: readonly Surface[] = [
  { mount: "/api/v1", app: subscriptionsApi, kind: "shared" },
  { mount: "/api/v1", app: api, kind: "shared" },
  { mount: "/openapi.json", app: openapiRoute, kind: "shared" },
  { mount: "/oembed", app: oembed, kind: "shared" },
  { mount: "/webhooks", app: sesWebhook, kind: "shared" },
  { mount: "/", app: feeds, kind: "shared" },
  { mount: "/", app: widget, kind: "shared" },
  { mount: "/embed", app: embed, kind: "embed" },
  { mount: "/", app: feedsPage, kind: "page" },
  { mount: "/", app: pages, kind: "page" },
  { mount: "/", app: sourcePages, kind: "page" },
  { mount: "/", app: site, kind: "shared" },
  { mount: "/", app: subscribePages, kind: "page" },
  { mount: "/admin", app: admin, kind: "page" },
];

// Routes are only recorded at start-up (lib/hono.ts); a GET of a URL already answered never
// reaches the router (see readyResponse).
const app = new Hono<AppEnv>();

for (const { mount, app: surface, kind } of ROUTES) {
  const before = app.routes.length;
  app.route(mount, surface);
  declareKind(
    mount,
    app.routes.slice(before).map((r) => r.path),
    kind,
  );
}

/**
 * The routes that take POST (the subscription routes and the SES webhook), with the `Allow` each
 * sends: every other path is read-only and answers POST with a 405 before routing.
 */
const postRoutes = new LinearRouter<string>();
for (const { path, method } of app.routes) {
  if (method !== "POST") continue;
  const takes = new Set(app.routes.filter((r) => r.path === path).map((r) => r.method));
  postRoutes.add("ALL", path, [...(takes.has("GET") ? ["GET", "HEAD"] : []), "POST", "OPTIONS"].join(", "));
}

/** What `path` takes, as its `Allow` header lists it. */
function allowOf(path: string): string {
  const [matched] = postRoutes.match("ALL", path);
  return matched[0]?.[0] ?? ALLOW;
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

app.notFound((c) => errorResponse(new ProblemError("not-found", "Nothing is published at this address."), c.req.path, c.req.url));

app.onError((err, c) => {
  if (err instanceof ProblemError) return errorResponse(err, c.req.path, c.req.url);
  // Never a stack to the client: log it, answer a plain 500.
  console.error(err);
  return errorResponse(new ProblemError("internal", "Something failed on our side; please try again."), c.req.path, c.req.url);
});

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
  if (env.FEDIVERSE === undefined)
    return errorResponse(new ProblemError("not-found", "Nothing is published at this address."), path, request.url);
  const answer = await env.FEDIVERSE.fetch(request);
  const headers = new Headers(answer.headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS.shared)) if (!headers.has(name)) headers.set(name, value);
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
}

/**
 * After the mail's fan-out, the same announcements to the Fediverse: the fediverse worker sends a
 * Create for each new one, an Update for a deployed correction, a Delete for a removal. Its ids are
 * minted under the site's origin, the one mail from the cron links to (base_url, else PUBLIC_ORIGIN). A failure is logged
 * and tried again at the next run (nothing is marked sent until it is queued); mail is not held up.
 */
async function federate(env: Env, now: number): Promise<void> {
  if (env.FEDIVERSE === undefined) return;
  try {
    const res = await env.FEDIVERSE.fetch(`${mailOrigin(env)}${FEDIVERSE_PUBLISH_PATH}?now=${now}`, { method: "POST" });
    if (!res.ok) console.error(`fediverse: publish answered ${res.status}`);
    await res.body?.cancel();
  } catch (err) {
    console.error("fediverse: publish failed", err);
  }
}

/** A task of Fedify's from the send queue, run by the fediverse worker: acked when it ran, else retried. */
async function handBack(env: Env, message: Message): Promise<void> {
  const retry = () => message.retry({ delaySeconds: retryDelay(message.attempts) });
  if (env.FEDIVERSE === undefined) return retry();
  try {
    const res = await env.FEDIVERSE.fetch(`${mailOrigin(env)}${FEDIVERSE_TASK_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify((message.body as { fediverse: unknown }).fediverse),
    });
    await res.body?.cancel();
    if (res.ok) message.ack();
    else retry();
  } catch (err) {
    console.error("fediverse: a queued task failed", err);
    retry();
  }
}

/**
 * Every resource but the subscription routes is read-only, so the method is checked here,
 * before the app: GET and HEAD then reach their route with no middleware in between, which
 * Hono runs fastest, and POST reaches only the routes that take it. A GET of a URL already
 * answered is sent again from its ready response, without routing (the subscription pages
 * are never kept there). The path is decoded once, as the router decodes it, for the kind
 * of every answer given here.
 */
export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    // A scheduled summary that went live since the last request empties the ready responses first.
    observeClock(Date.now());
    const method = request.method;
    if (method === "GET") {
      const ready = readyResponse(request, env);
      if (ready !== undefined) return ready;
    }
    const path = getPath(request);
    if (isFediversePath(path)) return fediverse(request, env, path);
    if (method === "GET" || method === "HEAD") {
      const allow = allowOf(path);
      if (!allow.startsWith("GET")) return notGet(request, path, allow);
      return withoutTrailingSlash(request, path) ?? app.fetch(request, env, ctx);
    }
    const allow = allowOf(path);
    if (method === "POST" && allow.includes("POST")) return app.fetch(request, env, ctx);
    return notGet(request, path, allow);
  },

  /**
   * The Cron Trigger (wrangler.toml): records the summaries that went live and the digest runs
   * due, then queues their deliveries, resuming any fan-out an earlier run left unfinished.
   */
  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    const now = controller.scheduledTime;
    await announce(env.DB, now);
    await scheduleDigests(env.DB, env, now);
    await fanOut(env.DB, env.SEND_QUEUE, now);
    await federate(env, now);
  },

  /**
   * The send queue's consumer: one mail a message (sending/deliver.ts), and the fediverse worker's
   * tasks, which it queues here too, handed back to it.
   */
  async queue(batch: MessageBatch, env: Env): Promise<void> {
    const fediverseTasks = batch.messages.filter((m) => isFediverseMessage(m.body));
    const mail = batch.messages.filter((m) => !isFediverseMessage(m.body));
    await Promise.all([deliverBatch({ messages: mail }, env, mailerFor(env), Date.now()), ...fediverseTasks.map((m) => handBack(env, m))]);
  },
};
