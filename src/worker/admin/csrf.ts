/**
 * CSRF protection of the admin forms: a POST must come from our own origin and carry a
 * token that is an HMAC (keyed by SUBSCRIPTION_SECRET) of the signed-in editor's identity.
 * @module
 */
import type { Context } from "hono";
import type { AppEnv } from "../lib/app-env";
import { html } from "../pages/html";
import { requireSecret } from "../routes/secret";

const UTF8 = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyOf(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey("raw", UTF8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

const message = (identity: string) => UTF8.encode(`keyfacts admin csrf\n${identity}`);

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return undefined;
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

/** The CSRF token of `identity`. */
export async function csrfToken(env: Env, identity: string): Promise<string> {
  const sig = await crypto.subtle.sign("HMAC", await keyOf(requireSecret(env)), message(identity));
  return base64url(new Uint8Array(sig));
}

/** The CSRF tokens of the editors this isolate has served, so rendering a form stays synchronous. */
const tokens = new Map<string, string>();

/** Makes the token of the request's editor ready for {@link csrfField} (the guard calls it). */
export async function prepareCsrf(c: Context<AppEnv>): Promise<void> {
  const identity = c.get("adminEmail");
  if (!tokens.has(identity)) tokens.set(identity, await csrfToken(c.env, identity));
}

/** The hidden input every admin form carries. */
export function csrfField(c: Context<AppEnv>): string {
  const token = tokens.get(c.get("adminEmail"));
  if (token === undefined) throw new Error("csrfField: the admin guard did not run for this request");
  return html`<input type="hidden" name="csrf" value="${token}"/>`.value;
}

/** Why a POST is refused, or undefined when it is from our origin and carries the editor's token. */
export async function checkCsrf(c: Context<AppEnv>): Promise<string | undefined> {
  const request = c.req.raw;
  const origin = request.headers.get("Origin");
  const own = new URL(request.url).origin;
  // Our pages send `Referrer-Policy: no-referrer`, under which a browser's form POST carries
  // `Origin: null`; Sec-Fetch-Site, which no page can set, then says whether it came from here.
  if (origin !== null && origin !== "null") {
    if (origin !== own) return "Origin is not this site";
  } else if (request.headers.get("Sec-Fetch-Site") !== "same-origin") {
    return "neither Origin nor Sec-Fetch-Site: same-origin";
  }
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return "not a form";
  let field: unknown;
  try {
    field = (await c.req.parseBody()).csrf;
  } catch {
    return "the form could not be read";
  }
  const given = typeof field === "string" ? fromBase64url(field) : undefined;
  if (given === undefined) return "no CSRF token";
  const ok = await crypto.subtle.verify("HMAC", await keyOf(requireSecret(c.env)), given, message(c.get("adminEmail")));
  return ok ? undefined : "wrong CSRF token";
}
