/**
 * What a subscription POST must pass before anything is read or written: the
 * signing secret is configured, the request comes from our own pages, the client is under
 * its rate limit, and (when `TURNSTILE_SECRET` is set) Turnstile vouches for it.
 * @module
 */
import { ProblemError } from "../lib/problem";

/** Seconds a limited client is told to wait: the rate limiter's period. */
const RETRY_AFTER = "60";

/**
 * True when the request may change a subscription: sent by one of our pages (Sec-Fetch-Site
 * same-origin, or else an Origin equal to ours), or by a client that is no browser (it sends
 * neither header, and no other site can make it send anything).
 */
function fromOurPages(request: Request): boolean {
  const site = request.headers.get("Sec-Fetch-Site");
  if (site !== null) return site === "same-origin";
  const origin = request.headers.get("Origin");
  return origin === null || origin === new URL(request.url).origin;
}

export function checkOrigin(request: Request): void {
  if (!fromOurPages(request)) throw new ProblemError("forbidden-origin", "Subscriptions change only through this publication's own pages.");
}

/**
 * Counts the request against its client's limit; a 429 with Retry-After past it. The key is
 * the client's address as Cloudflare gives it, used for this count only and never stored.
 */
export async function checkRateLimit(env: Env, request: Request): Promise<void> {
  const key = request.headers.get("CF-Connecting-IP") ?? "local";
  const { success } = await env.SUBSCRIBE_LIMITER.limit({ key });
  if (!success)
    throw new ProblemError("rate-limited", "Too many subscription requests from this client; wait a minute and try again.", undefined, {
      "Retry-After": RETRY_AFTER,
    });
}

/** True when Turnstile is on: both its secret and its site key are set. */
export const turnstileOn = (env: Env) => Boolean(env.TURNSTILE_SECRET && env.TURNSTILE_SITEKEY);

/** Asks Turnstile's siteverify (`TURNSTILE_VERIFY_URL`) about `response`; a 403 unless it says success. */
export async function checkTurnstile(env: Env, response: string | undefined): Promise<void> {
  if (!turnstileOn(env)) return;
  const refuse = () => new ProblemError("challenge-failed", "The anti-abuse check did not pass; reload the form and try again.");
  if (!response) throw refuse();
  let ok = false;
  try {
    const res = await fetch(env.TURNSTILE_VERIFY_URL, {
      method: "POST",
      body: new URLSearchParams({ secret: env.TURNSTILE_SECRET ?? "", response }),
      signal: AbortSignal.timeout(5000),
    });
    const body: unknown = await res.json();
    ok = res.ok && typeof body === "object" && body !== null && (body as { success?: unknown }).success === true;
  } catch (e) {
    console.error(`Turnstile siteverify failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!ok) throw refuse();
}
