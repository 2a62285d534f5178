/**
 * /admin behind Cloudflare Access, in workerd: real RS256 tokens signed by the Access
 * stand-in (test/support/access-standin.js), whose JWKS the worker fetches as it would the
 * team's. Only a token of our team and application, unexpired and validly signed, opens it;
 * without the settings it is closed; every POST needs our origin and the editor's CSRF token.
 */
import { createExecutionContext, SELF } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker/index";

const TEAM = "keyfacts-test.cloudflareaccess.com";
const AUD = "keyfacts-test-aud-0123456789abcdef";
const EDITOR = "editor@example.org";
const ORIGIN = "https://news.example";

const seconds = () => Math.floor(Date.now() / 1000);
const claims = (more: Record<string, unknown> = {}) => ({
  iss: `https://${TEAM}`,
  aud: [AUD],
  email: EDITOR,
  sub: "editor-1",
  iat: seconds(),
  exp: seconds() + 600,
  ...more,
});

/** A token as Access issues it, signed by one of the team's keys (0 or 1). */
async function token(payload: Record<string, unknown> = claims(), header: Record<string, unknown> = {}, key = 0): Promise<string> {
  const res = await fetch(`https://${TEAM}/__test/sign`, { method: "POST", body: JSON.stringify({ header, payload, key }) });
  return res.text();
}

const get = (jwt?: string, path = "/admin") =>
  SELF.fetch(`${ORIGIN}${path}`, { headers: jwt === undefined ? {} : { "Cf-Access-Jwt-Assertion": jwt } });

const b64 = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

describe("the Access guard", () => {
  it("opens /admin to a token of our team and application, with the admin headers", async () => {
    const res = await get(await token());
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.headers.get("X-Robots-Tag")).toBe("noindex");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(await res.text()).toContain(`Signed in as ${EDITOR}`);
  });

  it("accepts every key of the team's JWKS, not only the first", async () => {
    expect((await get(await token(claims(), {}, 1))).status).toBe(200);
  });

  it("refuses a request with no token (403), kept out of caches", async () => {
    const res = await get();
    expect(res.status).toBe(403);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.text()).not.toContain("Signed in");
  });

  it("refuses a forged signature: the claims of a valid token re-signed by another key", async () => {
    const [header, , signature] = (await token()).split(".");
    const forged = `${header}.${b64(claims({ email: "intruder@example.org" }))}.${signature}`;
    expect((await get(forged)).status).toBe(403);
  });

  it("refuses a token for another application (wrong audience)", async () => {
    expect((await get(await token(claims({ aud: ["another-application"] })))).status).toBe(403);
  });

  it("refuses a token from another team (wrong issuer)", async () => {
    expect((await get(await token(claims({ iss: "https://other-team.cloudflareaccess.com" })))).status).toBe(403);
  });

  it("refuses an expired token", async () => {
    expect((await get(await token(claims({ iat: seconds() - 7200, exp: seconds() - 3600 })))).status).toBe(403);
  });

  it("refuses an unsigned token (alg: none)", async () => {
    const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`;
    expect((await get(unsigned)).status).toBe(403);
  });

  it("refuses a token without an email claim", async () => {
    const { email: _, ...rest } = claims();
    expect((await get(await token(rest))).status).toBe(403);
  });

  it("is closed (404) without ACCESS_TEAM_DOMAIN or ACCESS_AUD, whatever the token", async () => {
    const jwt = await token();
    for (const missing of [{ ACCESS_AUD: "" }, { ACCESS_TEAM_DOMAIN: "" }]) {
      const req = new Request(`${ORIGIN}/admin`, { headers: { "Cf-Access-Jwt-Assertion": jwt } });
      const res = await worker.fetch(req, { ...env, ...missing }, createExecutionContext());
      expect(res.status).toBe(404);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
    }
  });

  it("opens in local mode only for a loopback host: ADMIN_LOCAL is no way in from outside", async () => {
    const local = { ...env, ADMIN_LOCAL: "1", ACCESS_AUD: "", ACCESS_TEAM_DOMAIN: "" };
    for (const host of ["127.0.0.1:8787", "localhost:8787", "[::1]:8787"]) {
      const res = await worker.fetch(new Request(`http://${host}/admin`), local, createExecutionContext());
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("Signed in as local@localhost");
    }
    const outside = await worker.fetch(new Request(`${ORIGIN}/admin`), local, createExecutionContext());
    expect(outside.status).toBe(404);
  });
});

describe("CSRF on admin POSTs", () => {
  /** The CSRF token of the dashboard's forms for the editor of `jwt`. */
  async function csrfOf(jwt: string): Promise<string> {
    const page = await (await get(jwt)).text();
    const found = /name="csrf" value="([^"]+)"/.exec(page);
    if (found === null) throw new Error("no CSRF field on the dashboard");
    return found[1] as string;
  }
  const post = (jwt: string, fields: Record<string, string>, headers: Record<string, string> = { Origin: ORIGIN }) =>
    SELF.fetch(`${ORIGIN}/admin/hold`, {
      method: "POST",
      redirect: "manual",
      headers: { "Cf-Access-Jwt-Assertion": jwt, "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
    });
  const slug = async () => {
    const page = await (await get(await token())).text();
    return /\/admin\/preview\/summary\/([a-z0-9-]+)/.exec(page)?.[1] as string;
  };

  it("takes a POST from our origin with the editor's token", async () => {
    const jwt = await token();
    const res = await post(jwt, { csrf: await csrfOf(jwt), slug: await slug(), action: "release" });
    expect(res.status).toBe(303);
  });

  it("refuses a POST without the token (403)", async () => {
    const res = await post(await token(), { slug: await slug(), action: "hold" });
    expect(res.status).toBe(403);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM mail_holds").first("n")).toBe(0);
  });

  it("refuses a POST carrying another editor's token (403)", async () => {
    const other = await csrfOf(await token(claims({ email: "other@example.org" })));
    expect((await post(await token(), { csrf: other, slug: await slug(), action: "hold" })).status).toBe(403);
  });

  it("refuses a POST from another site, even with the right token (403)", async () => {
    const jwt = await token();
    const csrf = await csrfOf(jwt);
    expect((await post(jwt, { csrf, slug: await slug(), action: "hold" }, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await post(jwt, { csrf, slug: await slug(), action: "hold" }, { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await post(jwt, { csrf, slug: await slug(), action: "hold" }, { Origin: "null", "Sec-Fetch-Site": "cross-site" })).status).toBe(
      403,
    );
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM mail_holds").first("n")).toBe(0);
  });

  it("takes a form from its own page as a browser sends it under no-referrer: Origin null, Sec-Fetch-Site same-origin", async () => {
    const jwt = await token();
    const csrf = await csrfOf(jwt);
    const res = await post(jwt, { csrf, slug: await slug(), action: "hold" }, { Origin: "null", "Sec-Fetch-Site": "same-origin" });
    expect(res.status).toBe(303);
    expect(await env.DB.prepare("SELECT COUNT(*) AS n FROM mail_holds").first("n")).toBe(1);
  });
});
