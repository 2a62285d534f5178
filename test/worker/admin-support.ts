/**
 * Test support for /admin: a signed-in editor's requests, with a token signed by the Access
 * stand-in (test/support/access-standin.js) as Cloudflare Access signs one, and the CSRF token
 * the admin pages give that editor.
 */
import { SELF } from "cloudflare:test";

export const TEAM = "keyfacts-test.cloudflareaccess.com";
export const AUD = "keyfacts-test-aud-0123456789abcdef";
export const EDITOR = "editor@example.org";
export const ORIGIN = "https://news.example";

/** A valid Access token for `email`. */
export async function accessToken(email = EDITOR): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: `https://${TEAM}`, aud: [AUD], email, sub: email, iat: now, exp: now + 600 };
  const res = await fetch(`https://${TEAM}/__test/sign`, { method: "POST", body: JSON.stringify({ header: {}, payload }) });
  return res.text();
}

/** A GET of an admin path as the editor. */
export async function adminGet(path: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, { headers: { "Cf-Access-Jwt-Assertion": await accessToken() } });
}

/** A form POST to an admin path as the editor, from our own page (Origin and CSRF token). */
export async function adminPost(path: string, fields: Record<string, string>): Promise<Response> {
  const page = await (await adminGet("/admin")).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Cf-Access-Jwt-Assertion": await accessToken(), Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, csrf }),
  });
}
