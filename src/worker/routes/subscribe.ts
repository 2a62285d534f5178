/**
 * The subscription pages: `/subscribe` (form and POST), `/subscribe/confirm`,
 * `/subscription` (the subscriber's own page) and `/unsubscribe` (with RFC 8058 one-click).
 * Every answer is `no-store` with no referrer (token URLs must not travel or be kept) and
 * is sent with `new Response`, never through the ready-response cache of lib/respond.ts.
 * @module
 */
import type { Context } from "hono";
import type { SubscriptionAccepted } from "../../shared/api-schema";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { ProblemError, problemBody } from "../lib/problem";
import { kindOf, SECURITY_HEADERS, SUBSCRIBE_PAGE_CSP, TURNSTILE_PAGE_CSP } from "../lib/security";
import { archive, hasTag, liveTags, originOf } from "../lib/store";
import {
  checkInboxPage,
  confirmedPage,
  confirmPage,
  erasedPage,
  managePage,
  refusalPage,
  type SubscribeSite,
  subscribeFormPage,
  unsubscribedPage,
  unsubscribePage,
} from "../pages/subscribe-pages";
import { deliveriesOf } from "../sending/deliveries";
import { later, linkFor, subscribe, welcome } from "../subscriptions/service";
import {
  confirm,
  consentsOf,
  erase,
  findById,
  resubscribe,
  type Subscriber,
  setPreferences,
  unsubscribe,
} from "../subscriptions/subscribers";
import { checkToken, type TokenAction, type TokenFault } from "../subscriptions/tokens";
import { CONFIRM_WORDING, PREFERENCES_WORDING, RESUBSCRIBE_WORDING, UNSUBSCRIBE_WORDING } from "../subscriptions/wording";
import { requireSecret } from "./secret";
import { type BodyKind, manageFromForm, readBody, readCapped, subscribeFromForm, subscribeFromJson } from "./subscribe-body";
import { checkOrigin, checkRateLimit, checkTurnstile, turnstileOn } from "./subscribe-guard";

/** The plain data every subscription page is rendered from. */
const subscribeSite = (origin: string): SubscribeSite => ({ origin, publication: archive.publication, tags: liveTags() });

const PRIVATE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

/** A subscription page as sent: the page kind's headers, our CSP, never stored, never a referrer. */
function pageResponse(body: string, status = 200, headers: Record<string, string> = {}, csp = SUBSCRIBE_PAGE_CSP): Response {
  return new Response(body, {
    status,
    headers: {
      ...SECURITY_HEADERS.page,
      "Content-Security-Policy": csp,
      ...PRIVATE,
      "Content-Type": "text/html; charset=utf-8",
      ...headers,
    },
  });
}

/** The answer to a subscribe in JSON, the same for every address. */
const ACCEPTED: SubscriptionAccepted = {
  status: "check-inbox",
  detail: "If the address can receive mail, a message with a link to confirm is on its way; nothing is sent before it is confirmed.",
};

function jsonResponse(body: unknown, status: number, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, "Content-Type": "application/json; charset=utf-8", ...PRIVATE },
  });
}

/** A refusal (ProblemError) as this route's page, keeping its status and headers (Retry-After). */
function refusal(c: Context, err: ProblemError): Response {
  return pageResponse(
    refusalPage(subscribeSite(originOf(c.req.url)), err.status === 429 ? "Too many requests" : titleOf(err), err.detail),
    err.status,
    err.headers,
  );
}

const titleOf = (err: ProblemError) =>
  err.status === 503 ? "Subscriptions are unavailable" : err.status === 403 ? "This request was refused" : "This request could not be used";

/** Runs `handler`; a refusal it throws becomes a page of this flow (an internal error stays with onError). */
const guarded =
  (handler: (c: Context<AppEnv>) => Promise<Response>) =>
  async (c: Context<AppEnv>): Promise<Response> => {
    try {
      return await handler(c);
    } catch (e) {
      if (e instanceof ProblemError && (e.status < 500 || e.type === "subscriptions-unavailable")) return refusal(c, e);
      throw e;
    }
  };

const FAULTS: Record<TokenFault, [number, string, string]> = {
  malformed: [
    400,
    "This link is incomplete",
    "The link is cut short or mistyped. Open it straight from the mail, or copy the whole address.",
  ],
  invalid: [400, "This link does not work", "The link was not made by this publication, or it was changed."],
  "wrong-action": [400, "This link is for something else", "The link belongs to another step of subscribing; use the one meant for this."],
  expired: [410, "This link has expired", "Confirm links work for 48 hours. Subscribe again to get a fresh one."],
};

const GONE: [number, string, string] = [410, "This link no longer works", "The subscription it was made for has been erased."];

type Checked = { secret: string; token: string; subscriber: Subscriber; origin: string; now: number };

/** The subscriber a token link names, or the page that says why it cannot be used. */
async function fromToken(c: Context<AppEnv>, action: TokenAction): Promise<Checked | Response> {
  const secret = requireSecret(c.env);
  const origin = originOf(c.req.url);
  const now = Date.now();
  const token = c.req.query("token");
  const check = await checkToken(secret, token, action, now);
  const say = ([status, title, detail]: [number, string, string]) =>
    pageResponse(refusalPage(subscribeSite(origin), title, detail), status);
  if (!check.ok) return say(FAULTS[check.fault]);
  const subscriber = await findById(c.env.DB, check.subscriber);
  if (subscriber === undefined) return say(GONE);
  return { secret, token: token ?? "", subscriber, origin, now };
}

const consent = (action: "confirm" | "preferences" | "unsubscribe", source: string, wording: string, at: number) => ({
  action,
  source,
  wording,
  at,
});

async function confirmStep(c: Context<AppEnv>, post: boolean): Promise<Response> {
  if (post) checkOrigin(c.req.raw);
  const t = await fromToken(c, "confirm");
  if (t instanceof Response) return t;
  const { subscriber: s, origin } = t;
  const manageUrl = () => linkFor(t.secret, origin, "manage", s.id, t.now);
  if (s.status === "pending") {
    if (!post) return pageResponse(confirmPage(subscribeSite(origin), `/subscribe/confirm?token=${t.token}`, s));
    // Not pending any more: a second press of the button, already confirmed.
    const first = await confirm(c.env.DB, s.id, consent("confirm", "confirm-page", CONFIRM_WORDING, t.now));
    if (first) later(c.executionCtx, welcome(c.env, t.secret, origin, s, t.now));
    return pageResponse(confirmedPage(subscribeSite(origin), await manageUrl(), !first));
  }
  if (s.status === "confirmed") return pageResponse(confirmedPage(subscribeSite(origin), await manageUrl(), true));
  return pageResponse(
    refusalPage(
      subscribeSite(origin),
      "This link no longer works",
      "This address unsubscribed after the link was sent. Subscribe again to get a fresh one.",
    ),
    410,
  );
}

async function manage(c: Context<AppEnv>): Promise<Response> {
  checkOrigin(c.req.raw);
  const t = await fromToken(c, "manage");
  if (t instanceof Response) return t;
  const { subscriber: s, origin, now } = t;
  const form = manageFromForm((await readBody(c.req.raw, ["form"])).text);
  const back = (done: string) =>
    new Response(null, {
      status: 303,
      headers: { ...SECURITY_HEADERS.page, ...PRIVATE, Location: `${origin}/subscription?token=${t.token}&done=${done}` },
    });
  if (form.action === undefined || form.errors.length > 0)
    return pageResponse(
      refusalPage(subscribeSite(origin), "Please check the form", form.errors.map((e) => `${e.field}: ${e.message}`).join("; ")),
      400,
    );
  switch (form.action) {
    case "preferences":
      await setPreferences(c.env.DB, s.id, form.prefs ?? s, consent("preferences", "subscription-page", PREFERENCES_WORDING, now));
      return back("saved");
    case "unsubscribe":
      await unsubscribe(c.env.DB, s.id, consent("unsubscribe", "subscription-page", UNSUBSCRIBE_WORDING, now));
      return back("unsubscribed");
    case "resubscribe":
      await resubscribe(c.env.DB, s.id, consent("confirm", "subscription-page", RESUBSCRIBE_WORDING, now));
      return back("resubscribed");
    case "export":
      return jsonResponse(await exportOf(c.env.DB, s, now), 200, { "Content-Disposition": 'attachment; filename="subscription.json"' });
    case "erase":
      if (!form.sure)
        return pageResponse(
          refusalPage(subscribeSite(origin), "Nothing was erased", "Tick the box to say you mean it, then press the button again."),
          400,
        );
      await erase(c.env.DB, s.id, s.address, now);
      return pageResponse(erasedPage(subscribeSite(origin)));
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Everything we hold about a subscriber, as JSON (the export of their page). */
async function exportOf(db: D1Database, s: Subscriber, now: number) {
  const [consents, deliveries] = await Promise.all([consentsOf(db, s.id), deliveriesOf(db, s.id)]);
  return {
    exported_at: iso(now),
    address: s.address,
    status: s.status,
    cadence: s.cadence,
    topics: s.topics,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
    confirmed_at: iso(s.confirmedAt),
    unsubscribed_at: iso(s.unsubscribedAt),
    consents: consents.map((r) => ({ action: r.action, source: r.source, wording: r.wording, at: iso(r.at) })),
    // Each mail recorded for them: a summary's slug or a digest run, and whether it went.
    deliveries: deliveries.map((d) => ({ mail: d.mail, status: d.status, at: iso(d.at), sent_at: iso(d.sent_at) })),
  };
}

/**
 * What every subscribe POST does: the guards (origin, secret, rate limit), the body, Turnstile,
 * then the same answer for every address, the work being done after it. A refusal is thrown.
 */
export async function takeSubscribe(c: Context<AppEnv>, accept: readonly BodyKind[], source: "subscribe-page" | "api"): Promise<Response> {
  const origin = originOf(c.req.url);
  checkOrigin(c.req.raw);
  const secret = requireSecret(c.env);
  await checkRateLimit(c.env, c.req.raw);
  const body = await readBody(c.req.raw, accept);
  const now = Date.now();
  if (body.kind === "json") {
    const { input, errors } = subscribeFromJson(body.text);
    if (input === undefined) throw new ProblemError("invalid-body", "The subscription request has errors; `errors` lists them.", errors);
    await checkTurnstile(c.env, input.turnstile);
    later(c.executionCtx, subscribe(c.env, secret, origin, input, source, now));
    return jsonResponse(ACCEPTED, 202, SECURITY_HEADERS[kindOf(c.req.path)]);
  }
  const { input, errors, typed } = subscribeFromForm(body.text);
  if (input === undefined) return formPage(c, 400, typed, errors);
  await checkTurnstile(c.env, input.turnstile);
  later(c.executionCtx, subscribe(c.env, secret, origin, input, source, now));
  return pageResponse(checkInboxPage(subscribeSite(origin)));
}

/** `POST /subscribe`: the form (refusals as pages) or JSON (refusals as problem+json). */
async function subscribePost(c: Context<AppEnv>): Promise<Response> {
  try {
    return await takeSubscribe(c, ["form", "json"], "subscribe-page");
  } catch (e) {
    if (!(e instanceof ProblemError)) throw e;
    if (!(c.req.header("Content-Type") ?? "").toLowerCase().startsWith("application/json")) return refusal(c, e);
    return new Response(problemBody(e, originOf(c.req.url), new URL(c.req.url).pathname), {
      status: e.status,
      headers: { ...SECURITY_HEADERS.page, "Content-Type": "application/problem+json; charset=utf-8", ...PRIVATE, ...e.headers },
    });
  }
}

function formPage(c: Context<AppEnv>, status: number, typed = "", errors: { field: string; message: string }[] = []): Response {
  const tag = c.req.query("tag");
  const prefs = { cadence: "each" as const, topics: tag !== undefined && hasTag(tag) ? [tag] : ("all" as const) };
  const turnstile = turnstileOn(c.env) ? c.env.TURNSTILE_SITEKEY : undefined;
  return pageResponse(
    subscribeFormPage({ site: subscribeSite(originOf(c.req.url)), prefs, typed, errors, turnstile }),
    status,
    {},
    turnstile ? TURNSTILE_PAGE_CSP : SUBSCRIBE_PAGE_CSP,
  );
}

export const subscribePages = new Hono<AppEnv>()
  .get("/subscribe", (c) => formPage(c, 200))
  .post("/subscribe", subscribePost)
  .get(
    "/subscribe/confirm",
    guarded((c) => confirmStep(c, false)),
  )
  .post(
    "/subscribe/confirm",
    guarded((c) => confirmStep(c, true)),
  )
  .get(
    "/subscription",
    guarded(async (c) => {
      const t = await fromToken(c, "manage");
      if (t instanceof Response) return t;
      return pageResponse(managePage(subscribeSite(t.origin), `/subscription?token=${t.token}`, t.subscriber, c.req.query("done")));
    }),
  )
  .post("/subscription", guarded(manage))
  .get(
    "/unsubscribe",
    guarded(async (c) => {
      const t = await fromToken(c, "unsubscribe");
      if (t instanceof Response) return t;
      if (t.subscriber.status === "unsubscribed")
        return pageResponse(unsubscribedPage(subscribeSite(t.origin), await linkFor(t.secret, t.origin, "manage", t.subscriber.id, t.now)));
      return pageResponse(unsubscribePage(subscribeSite(t.origin), `/unsubscribe?token=${t.token}`));
    }),
  )
  // RFC 8058 one-click: a mail provider POSTs `List-Unsubscribe=One-Click` from its own servers,
  // so no Origin check and no rate limit here: the token alone says who, and it only unsubscribes.
  .post(
    "/unsubscribe",
    guarded(async (c) => {
      const t = await fromToken(c, "unsubscribe");
      if (t instanceof Response) return t;
      const body = new TextDecoder().decode(await readCapped(c.req.raw));
      const source = body.includes("List-Unsubscribe=One-Click") ? "one-click" : "unsubscribe-page";
      await unsubscribe(c.env.DB, t.subscriber.id, consent("unsubscribe", source, UNSUBSCRIBE_WORDING, t.now));
      return pageResponse(unsubscribedPage(subscribeSite(t.origin), await linkFor(t.secret, t.origin, "manage", t.subscriber.id, t.now)));
    }),
  );
