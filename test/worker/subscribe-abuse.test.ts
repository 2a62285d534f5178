/**
 * Abuse and hostile input on the subscription routes: the rate limit, the origin
 * check, Turnstile against a local stand-in of siteverify, the missing secret, and bodies
 * built to break things, each of which gets a 4xx and changes nothing.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { expectProblemBody, loadContract, schemaErrors } from "./api-contract";
import { call, confirmed, form, ORIGIN, post, row, snapshot, token } from "./subscribe-support";

const JSON_TYPE = "application/json";

describe("the rate limit", () => {
  it("answers the sixth subscribe in a minute from one client with 429 and Retry-After, as problem+json for JSON and a page for the form", async () => {
    // The limiter counts in windows of the wall clock's minutes (Cloudflare's, and Miniflare's
    // here: its bucket is floor(now / 60 s)), so six requests that straddle a minute's turn
    // are counted in two windows, and the sixth passes. Start them early enough in a minute.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((r) => setTimeout(r, left + 100));
    const client = { "CF-Connecting-IP": "203.0.113.9" };
    for (let i = 0; i < 5; i++) {
      const res = await post("/api/v1/subscriptions", JSON.stringify({ email: `limit-${i}@example.com` }), JSON_TYPE, client);
      expect(res.status).toBe(202);
      await res.arrayBuffer();
    }
    const api = await post("/api/v1/subscriptions", JSON.stringify({ email: "limit-5@example.com" }), JSON_TYPE, client);
    expect(api.status).toBe(429);
    expect(api.headers.get("retry-after")).toBe("60");
    await expectProblemBody(api, await loadContract());
    const page = await post("/subscribe", form({ email: "limit-6@example.com" }), undefined, client);
    expect(page.status).toBe(429);
    expect(page.headers.get("retry-after")).toBe("60");
    expect(await page.text()).toContain("Too many requests");
    expect(await row("limit-5@example.com")).toBeNull();
    // Another client is not held back.
    expect(
      (await post("/subscribe", form({ email: "limit-7@example.com" }), undefined, { "CF-Connecting-IP": "203.0.113.10" })).status,
    ).toBe(200);
  }, 30_000);
});

describe("where a change may come from", () => {
  it.each([
    ["another site's Origin", { Origin: "https://evil.example" }],
    ["Sec-Fetch-Site cross-site", { "Sec-Fetch-Site": "cross-site", Origin: ORIGIN }],
    ["Sec-Fetch-Site same-site", { "Sec-Fetch-Site": "same-site" }],
    ['Origin "null"', { Origin: "null" }],
  ])("refuses a subscribe with %s (403), storing nothing", async (_, headers) => {
    const before = await snapshot();
    const res = await call("/subscribe", {
      method: "POST",
      body: form({ email: "csrf@example.com" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    });
    expect(res.status).toBe(403);
    await res.arrayBuffer();
    const api = await call("/api/v1/subscriptions", {
      method: "POST",
      body: JSON.stringify({ email: "csrf@example.com" }),
      headers: { "Content-Type": JSON_TYPE, ...headers },
    });
    expect(api.status).toBe(403);
    await expectProblemBody(api, await loadContract());
    expect(await snapshot()).toBe(before);
  });

  it("refuses a cross-site POST to the subscriber's page and the confirm button", async () => {
    const id = await confirmed("cross@example.com");
    const headers = { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site" };
    const manage = await call(`/subscription?token=${await token("manage", id)}`, {
      method: "POST",
      body: form({ action: "unsubscribe" }),
      headers,
    });
    expect(manage.status).toBe(403);
    await manage.arrayBuffer();
    expect((await row("cross@example.com"))?.status).toBe("confirmed");
  });

  it("takes a subscribe from a client that is no browser (no Origin, no Sec-Fetch-Site)", async () => {
    const res = await call("/api/v1/subscriptions", {
      method: "POST",
      body: JSON.stringify({ email: "curl@example.com" }),
      headers: { "Content-Type": JSON_TYPE },
    });
    expect(res.status).toBe(202);
    expect((await row("curl@example.com"))?.status).toBe("pending");
  });
});

describe("Turnstile, when TURNSTILE_SECRET is set", () => {
  const withTurnstile = (secret: string): Env => ({
    ...env,
    TURNSTILE_SECRET: secret,
    TURNSTILE_SITEKEY: "1x00000000000000000000AA",
    TURNSTILE_VERIFY_URL: "https://challenges.cloudflare.com/turnstile/v0/siteverify",
  });
  const subscribe = (bindings: Env, body: string) =>
    call(
      "/subscribe",
      { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin" } },
      bindings,
    );

  it("shows the widget with its script allowed by the form's CSP", async () => {
    const res = await call("/subscribe", {}, withTurnstile("1x0000000000000000000000000000000AA"));
    expect(res.headers.get("content-security-policy")).toContain("script-src https://challenges.cloudflare.com");
    expect(await res.text()).toContain('class="cf-turnstile" data-sitekey="1x00000000000000000000AA"');
    // Without the secret, no widget and no third-party script.
    const plain = await call("/subscribe");
    expect(plain.headers.get("content-security-policy")).not.toContain("challenges.cloudflare.com");
    expect(await plain.text()).not.toContain("cf-turnstile");
  });

  it("subscribes when siteverify says success", async () => {
    const res = await subscribe(
      withTurnstile("1x0000000000000000000000000000000AA"),
      form({ email: "human@example.com", "cf-turnstile-response": "XXXX.DUMMY.TOKEN.XXXX" }),
    );
    expect(res.status).toBe(200);
    expect((await row("human@example.com"))?.status).toBe("pending");
  });

  it.each([
    ["a failing response", "2x0000000000000000000000000000000AA", "XXXX.DUMMY.TOKEN.XXXX"],
    ["a spent token", "3x0000000000000000000000000000000AA", "XXXX.DUMMY.TOKEN.XXXX"],
    ["no response at all", "1x0000000000000000000000000000000AA", undefined],
  ])("refuses %s with 403 and stores nothing", async (_, secret, response) => {
    const fields: Record<string, string> = { email: "robot@example.com" };
    if (response !== undefined) fields["cf-turnstile-response"] = response;
    const res = await subscribe(withTurnstile(secret), form(fields));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("anti-abuse check");
    expect(await row("robot@example.com")).toBeNull();
  });
});

describe("without SUBSCRIPTION_SECRET", () => {
  it("refuses to subscribe anyone with a 503 problem, and says why in the log", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const bindings = { ...env, SUBSCRIPTION_SECRET: "" };
    const api = await call(
      "/api/v1/subscriptions",
      { method: "POST", body: JSON.stringify({ email: "nosecret@example.com" }), headers: { "Content-Type": JSON_TYPE } },
      bindings,
    );
    expect(api.status).toBe(503);
    await expectProblemBody(api, await loadContract());
    const page = await call(
      "/subscribe",
      { method: "POST", body: form({ email: "nosecret@example.com" }), headers: { "Content-Type": "application/x-www-form-urlencoded" } },
      bindings,
    );
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("not set up to take e-mail subscriptions");
    const link = await call("/subscription?token=x", {}, bindings);
    expect(link.status).toBe(503);
    await link.arrayBuffer();
    expect(await row("nosecret@example.com")).toBeNull();
    expect(errors.mock.calls.flat().join("\n")).toMatch(/SUBSCRIPTION_SECRET is missing/);
    errors.mockRestore();
  });
});

describe("the JSON API's answers match the OpenAPI document", () => {
  it("202 is a SubscriptionAccepted", async () => {
    const contract = await loadContract();
    const res = await post(
      "/api/v1/subscriptions",
      JSON.stringify({ email: "contract@example.com", topics: ["russia"], cadence: "daily" }),
      JSON_TYPE,
    );
    expect(res.status).toBe(202);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(schemaErrors(contract, contract.doc.components.schemas.SubscriptionAccepted ?? {}, await res.json())).toEqual([]);
  });
});

const MB = "x".repeat(1024 * 1024);

/** [what, content type, body]: each must get a 4xx from the API and from the form route, and change nothing. */
const HOSTILE: [string, string, string][] = [
  ["a 1 MB JSON body", JSON_TYPE, JSON.stringify({ email: `${MB}@example.com` })],
  ["a 1 MB form body", "application/x-www-form-urlencoded", form({ email: "big@example.com", website: MB })],
  ["an address with CRLF header injection", JSON_TYPE, JSON.stringify({ email: "ann@example.com\r\nBcc: all@example.org" })],
  ["an address with a NUL", JSON_TYPE, JSON.stringify({ email: "ann\u0000@example.com" })],
  ["an address with bidi controls", JSON_TYPE, JSON.stringify({ email: "ann\u202e@example.com" })],
  ["a 5,000-character address", JSON_TYPE, JSON.stringify({ email: `${"a".repeat(5000)}@example.com` })],
  ["SQL in the address", JSON_TYPE, JSON.stringify({ email: "x'); DROP TABLE subscribers;--@example.com" })],
  ["SQL in a topic", JSON_TYPE, JSON.stringify({ email: "sql@example.com", topics: ["russia' OR '1'='1"] })],
  ["an unknown topic", JSON_TYPE, JSON.stringify({ email: "sql@example.com", topics: ["no-such-topic"] })],
  ["a repeated topic", JSON_TYPE, JSON.stringify({ email: "sql@example.com", topics: ["russia", "russia"] })],
  ["an empty topic list", JSON_TYPE, JSON.stringify({ email: "sql@example.com", topics: [] })],
  ["a cadence outside the list", JSON_TYPE, JSON.stringify({ email: "sql@example.com", cadence: "hourly" })],
  ["an unknown field", JSON_TYPE, JSON.stringify({ email: "sql@example.com", admin: true })],
  ["an address that is a number", JSON_TYPE, JSON.stringify({ email: 42 })],
  ["a JSON array", JSON_TYPE, JSON.stringify([{ email: "sql@example.com" }])],
  ["broken JSON", JSON_TYPE, '{"email": "sql@example.com"'],
  ["bytes that are not UTF-8", JSON_TYPE, "\udc80"],
  ["text/plain", "text/plain", "email=sql@example.com"],
  [
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nsql@example.com\r\n--x--',
  ],
  ["XML", "application/xml", "<email>sql@example.com</email>"],
  ["JSON in Latin-1", "application/json; charset=iso-8859-1", JSON.stringify({ email: "sql@example.com" })],
  ["no content type", "", JSON.stringify({ email: "sql@example.com" })],
  ["a repeated address field", "application/x-www-form-urlencoded", "email=a@example.com&email=b@example.com"],
  ["a repeated cadence field", "application/x-www-form-urlencoded", "email=sql@example.com&cadence=each&cadence=daily"],
  ["CRLF in a form address", "application/x-www-form-urlencoded", form({ email: "ann@example.com\r\nBcc: all@example.org" })],
  ["an unknown form field", "application/x-www-form-urlencoded", form({ email: "sql@example.com", is_admin: "1" })],
  [
    "a control character in a topic",
    "application/x-www-form-urlencoded",
    form({ email: "sql@example.com", topics: "some", topic: "rus\u0007sia" }),
  ],
];

describe("hostile input", () => {
  it.each(HOSTILE)("%s gets a 4xx and changes nothing", async (_, type, body) => {
    const contract = await loadContract();
    const before = await snapshot();
    const headers: Record<string, string> = type === "" ? {} : { "Content-Type": type };
    const bytes = body === "\udc80" ? new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) : body;
    for (const path of ["/api/v1/subscriptions", "/subscribe"]) {
      const res = await call(path, { method: "POST", body: bytes, headers: { ...headers, "Sec-Fetch-Site": "same-origin" } });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      if (path.startsWith("/api")) await expectProblemBody(res, contract);
      else await res.arrayBuffer();
    }
    expect(await snapshot()).toBe(before);
  });

  it("stores an address full of SQL metacharacters as it was written, bound and never run", async () => {
    const email = "a'or'1'='1'--/*@example.com";
    expect((await post("/subscribe", form({ email }))).status).toBe(200);
    expect((await row(email))?.address).toBe(email);
    const tables = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'subscribers'").first();
    expect(tables).not.toBeNull();
  });
});

describe("hostile input on the subscriber's own page", () => {
  it.each([
    ["an unknown action", "application/x-www-form-urlencoded", form({ action: "drop-table" })],
    ["a repeated action", "application/x-www-form-urlencoded", "action=erase&action=erase&sure=yes"],
    ["an unknown field", "application/x-www-form-urlencoded", form({ action: "preferences", cadence: "daily", admin: "1" })],
    [
      "a topic that does not exist",
      "application/x-www-form-urlencoded",
      form({ action: "preferences", topics: "some", topic: "x' OR 1=1" }),
    ],
    ["JSON", JSON_TYPE, JSON.stringify({ action: "erase", sure: "yes" })],
    ["a 1 MB body", "application/x-www-form-urlencoded", form({ action: "erase", sure: "yes", pad: MB })],
  ])("%s gets a 4xx and changes nothing", async (_, type, body) => {
    const id = await confirmed(`hostile-page-${crypto.randomUUID().slice(0, 8)}@example.com`);
    const before = await snapshot();
    const res = await post(`/subscription?token=${await token("manage", id)}`, body, type);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await res.arrayBuffer();
    expect(await snapshot()).toBe(before);
  });
});

describe("the daily cap on confirmation mails", () => {
  it("sends at most three a day to one address, even 10 minutes apart", async () => {
    const email = "three@example.com";
    const sent: number[] = [];
    for (let i = 0; i < 4; i++) {
      await post("/subscribe", form({ email }));
      const r = await row(email);
      sent.push(r?.mail_day_count ?? 0);
      // Eleven minutes pass: the 10-minute cooldown is over, the day is not.
      await env.DB.prepare("UPDATE subscribers SET last_mail_at = last_mail_at - 660000 WHERE id = ?1").bind(r?.id).run();
    }
    expect(sent).toEqual([1, 2, 3, 3]);
    // A day after the first, the count starts again.
    await env.DB.prepare("UPDATE subscribers SET mail_day_start = mail_day_start - 86400000 WHERE address_key = ?1").bind(email).run();
    await post("/subscribe", form({ email }));
    expect((await row(email))?.mail_day_count).toBe(1);
  });
});
