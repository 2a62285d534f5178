/**
 * The admin area's guard: Cloudflare Access in production (its JWT verified with jose), a
 * loopback-only local mode for `npm start`, CSRF checks on every POST, and the headers every
 * admin answer carries. Closed unless one of the two is set up.
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { createRemoteJWKSet, jwtVerify } from "jose";
import type { AppEnv } from "../lib/app-env";
import { checkCsrf, prepareCsrf } from "./csrf";
import { ADMIN_HEADERS, adminRefusal } from "./respond";

/** The identity of local mode: no Access, no real address. */
export const LOCAL_ADMIN = "local@localhost";
/** Host names that only a request from this machine carries. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

type Jwks = ReturnType<typeof createRemoteJWKSet>;
/** The team's key set, one per team domain and isolate: jose caches its keys and refetches on an unknown `kid` (rotation). */
const keySets = new Map<string, Jwks>();

/** The team domain as a bare host (`team.cloudflareaccess.com`), whether or not it was written with `https://`. */
export const teamHost = (domain: string) =>
  domain
    .trim()
    .replace(/^https:\/\//, "")
    .replace(/\/+$/, "");

let warnedClosed = false;

/** True when local mode applies: `ADMIN_LOCAL` is "1" (only npm start sets it, on wrangler dev's command line) and the request came to a loopback host. */
const isLocal = (env: Env, url: URL) => env.ADMIN_LOCAL === "1" && LOOPBACK.has(url.hostname);

/**
 * Who is asking, verified: the `email` claim of a Cf-Access-Jwt-Assertion signed (RS256) by a
 * key of the team's JWKS, issued by the team and for the application's AUD; undefined otherwise.
 */
async function accessIdentity(request: Request, team: string, aud: string): Promise<{ email?: string; why?: string }> {
  const token = request.headers.get("Cf-Access-Jwt-Assertion");
  if (token === null || token === "") return { why: "no Cf-Access-Jwt-Assertion header" };
  let keys = keySets.get(team);
  if (keys === undefined) {
    keys = createRemoteJWKSet(new URL(`https://${team}/cdn-cgi/access/certs`));
    keySets.set(team, keys);
  }
  try {
    const { payload } = await jwtVerify(token, keys, { issuer: `https://${team}`, audience: aud, algorithms: ["RS256"] });
    const email = payload.email;
    if (typeof email !== "string" || email === "") return { why: "the token carries no email claim" };
    return { email };
  } catch (e) {
    // jose's error code says why (expired, wrong audience, bad signature …); never the token itself.
    const code = typeof e === "object" && e !== null && "code" in e ? String(e.code) : "ERR_UNKNOWN";
    return { why: `the Access token was refused (${code})` };
  }
}

/**
 * Guards everything under /admin. Closed (404) without ACCESS_TEAM_DOMAIN and ACCESS_AUD,
 * unless in local mode; a request without a valid Access token gets a 403. Every POST must
 * come from our own origin and carry the CSRF token of its identity. Every answer is kept
 * out of caches and search engines.
 */
export const accessGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  const team = teamHost(c.env.ACCESS_TEAM_DOMAIN ?? "");
  const aud = (c.env.ACCESS_AUD ?? "").trim();
  if (isLocal(c.env, url)) {
    c.set("adminEmail", LOCAL_ADMIN);
  } else if (team === "" || aud === "") {
    if (!warnedClosed) {
      warnedClosed = true;
      console.error("admin: closed (404): ACCESS_TEAM_DOMAIN and ACCESS_AUD are not both set, and local mode is off");
    }
    return adminRefusal(c, 404, "Not found", "Nothing is published at this address.");
  } else {
    const { email, why } = await accessIdentity(c.req.raw, team, aud);
    if (email === undefined) {
      console.warn(`admin: refused (403): ${why}`);
      return adminRefusal(c, 403, "Access required", "This area is for the publication's editors, signed in through Cloudflare Access.");
    }
    c.set("adminEmail", email);
  }
  await prepareCsrf(c);
  if (c.req.method === "POST") {
    const refused = await checkCsrf(c);
    if (refused !== undefined) {
      console.warn(`admin: POST refused (403): ${refused}`);
      return adminRefusal(
        c,
        403,
        "Request refused",
        "Admin forms work only from this site's own admin pages; reload the page and try again.",
      );
    }
  }
  await next();
  // What a route set itself (a mail frame's CSP) stands; caching and indexing are never allowed.
  for (const [name, value] of Object.entries(ADMIN_HEADERS)) if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  c.res.headers.set("Cache-Control", "no-store");
  c.res.headers.set("X-Robots-Tag", "noindex");
};
