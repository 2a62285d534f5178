/**
 * The links in subscription mails: `1.<action>.<subscriber>.<expiry>.<mac>`, an HMAC-SHA256
 * over version, action, subscriber id and expiry with `SUBSCRIPTION_SECRET`,
 * checked in constant time by WebCrypto. A token does one action for one subscriber.
 * @module
 */

export type TokenAction = "confirm" | "manage" | "unsubscribe";

/** Why a token was refused; each gets its own page. */
export type TokenFault = "malformed" | "invalid" | "expired" | "wrong-action";

type TokenCheck = { ok: true; subscriber: number } | { ok: false; fault: TokenFault };

const VERSION = "1";
const CODES: Record<TokenAction, string> = { confirm: "c", manage: "m", unsubscribe: "u" };
/** How long a confirm link works. Preference and unsubscribe links never expire, as in every newsletter. */
export const CONFIRM_TTL_MS = 48 * 3600 * 1000;
/** Longer than any token we make: the check refuses bigger input before any work. */
const MAX_TOKEN = 96;
const SHAPE = /^1\.([cmu])\.([0-9a-z]{1,11})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/;

const UTF8 = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey("raw", UTF8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");

function fromBase64url(text: string): Uint8Array {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** A token for `action` on `subscriber`; `expires` in Unix ms, 0 for never. */
export async function makeToken(secret: string, action: TokenAction, subscriber: number, expires = 0): Promise<string> {
  const signed = `${VERSION}.${CODES[action]}.${subscriber.toString(36)}.${expires.toString(36)}`;
  const mac = await crypto.subtle.sign("HMAC", await keyFor(secret), UTF8.encode(signed));
  return `${signed}.${base64url(mac)}`;
}

/** Checks `token` for `action` at time `now`: signature first, so nothing unsigned is ever trusted. */
export async function checkToken(secret: string, token: string | undefined, action: TokenAction, now: number): Promise<TokenCheck> {
  if (token === undefined || token.length > MAX_TOKEN) return { ok: false, fault: "malformed" };
  const m = SHAPE.exec(token);
  if (!m) return { ok: false, fault: "malformed" };
  const [, code = "", id = "", expiry = "", mac = ""] = m;
  const signed = token.slice(0, token.length - mac.length - 1);
  const valid = await crypto.subtle.verify("HMAC", await keyFor(secret), fromBase64url(mac), UTF8.encode(signed));
  if (!valid) return { ok: false, fault: "invalid" };
  if (code !== CODES[action]) return { ok: false, fault: "wrong-action" };
  const expires = Number.parseInt(expiry, 36);
  if (expires !== 0 && expires <= now) return { ok: false, fault: "expired" };
  return { ok: true, subscriber: Number.parseInt(id, 36) };
}
