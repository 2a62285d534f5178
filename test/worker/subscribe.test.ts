/** E-mail subscriptions in workerd with a real local D1: the pages, the flow, and what nobody can learn. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, confirmed, form, ORIGIN, post, row, token, topics } from "./subscribe-support";

describe("the subscribe form", () => {
  it("is a page with its own strict CSP that lets forms post to us, never stored, never a referrer", async () => {
    const res = await call("/subscribe");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("form-action 'self'");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    const page = await res.text();
    expect(page).toMatch(/<form class="form" method="post" action="\/subscribe">/);
    expect(page).toContain('type="email"');
    expect(page).toMatch(/id="topics-all" name="topics" value="all" checked/);
  });

  it("preselects the topic of ?tag=", async () => {
    const page = await (await call("/subscribe?tag=russia")).text();
    expect(page).toMatch(/id="topics-some" name="topics" value="some" checked/);
    expect(page).toMatch(/id="topic-russia" name="topic" value="russia" checked/);
  });

  it("is linked as “Get it by e-mail” from the front page, a tag page, a summary page and the feeds page", async () => {
    const summary = (await (await call("/api/v1/summaries?limit=1")).json()) as { items: { slug: string; tags: string[] }[] };
    const { slug, tags } = summary.items[0] ?? { slug: "", tags: [] };
    for (const [path, href] of [
      ["/", "/subscribe"],
      [`/tags/${tags[0]}`, `/subscribe?tag=${tags[0]}`],
      [`/summaries/${slug}`, "/subscribe"],
      ["/feeds", "/subscribe"],
    ]) {
      const page = await (await call(path ?? "/")).text();
      expect(page, path).toMatch(new RegExp(`<a href="${(href ?? "").replace("?", "\\?")}"[^>]*>Get it by e-mail</a>`));
    }
  });
});

describe("subscribing", () => {
  it("stores a pending subscriber with its topics, cadence and consent, and sends a confirm mail", async () => {
    const res = await post(
      "/subscribe",
      form({ email: "  Ann.Lee@Example.COM ", topics: "some", topic: ["russia", "sanctions"], cadence: "weekly" }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Check your inbox");
    const r = await row("ann.lee@example.com");
    expect(r).toMatchObject({ address: "Ann.Lee@example.com", status: "pending", cadence: "weekly", all_topics: 0, mail_day_count: 1 });
    expect(await topics(r?.id ?? 0)).toEqual(["russia", "sanctions"]);
    const consent = await env.DB.prepare("SELECT action, source, wording FROM consents WHERE subscriber_id = ?1").bind(r?.id).first();
    expect(consent).toMatchObject({ action: "subscribe", source: "subscribe-page" });
    expect(String(consent?.wording)).toContain("no IP address");
  });

  it("answers every address the same, whatever its state, as a page and as JSON", async () => {
    const fresh = () => `new-${crypto.randomUUID()}@example.com`;
    const pending = fresh();
    await post("/subscribe", form({ email: pending }));
    const done = fresh();
    await confirmed(done);
    const gone = fresh();
    const goneId = await confirmed(gone);
    await post(`/unsubscribe?token=${await token("unsubscribe", goneId)}`, "List-Unsubscribe=One-Click");
    expect((await row(gone))?.status).toBe("unsubscribed");
    const answers = async (email: string) => {
      const page = await post("/subscribe", form({ email }));
      const api = await post("/api/v1/subscriptions", JSON.stringify({ email }), "application/json");
      return [page.status, await page.text(), api.status, await api.text()];
    };
    const first = await answers(fresh());
    expect(first[0]).toBe(200);
    expect(first[2]).toBe(202);
    for (const email of [pending, done, gone]) expect(await answers(email)).toEqual(first);
  });

  it("never turns a confirmed subscriber back to pending, nor changes their choices from the open form", async () => {
    const id = await confirmed("kept@example.com", { topics: "some", topic: "russia" });
    await post("/subscribe", form({ email: "KEPT@example.com", cadence: "daily" }));
    expect(await row("kept@example.com")).toMatchObject({ id, status: "confirmed", cadence: "each", all_topics: 0 });
    expect(await topics(id)).toEqual(["russia"]);
  });

  it("sends at most one mail per address per 10 minutes", async () => {
    await post("/subscribe", form({ email: "twice@example.com" }));
    const first = await row("twice@example.com");
    await post("/subscribe", form({ email: "twice@example.com" }));
    expect(await row("twice@example.com")).toMatchObject({ mail_day_count: 1, last_mail_at: first?.last_mail_at });
  });

  it("ignores a form whose honeypot is filled, with the same answer", async () => {
    const res = await post("/subscribe", form({ email: "bot@example.com", website: "http://spam.example" }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Check your inbox");
    expect(await row("bot@example.com")).toBeNull();
  });

  it("shows the form again with the reason for a bad address, keeping what was typed", async () => {
    const res = await post("/subscribe", form({ email: "ann@localhost" }));
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain("a domain with a dot");
    expect(page).toContain('value="ann@localhost"');
  });
});

describe("confirming", () => {
  it("changes nothing on GET (mail scanners), confirms on POST, and links to the subscriber's page", async () => {
    await post("/subscribe", form({ email: "confirm-me@example.com" }));
    const id = (await row("confirm-me@example.com"))?.id ?? 0;
    const link = `/subscribe/confirm?token=${await token("confirm", id, Date.now() + 60_000)}`;
    const shown = await call(link);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("referrer-policy")).toBe("no-referrer");
    expect(shown.headers.get("cache-control")).toBe("no-store");
    expect(await shown.text()).toContain(`action="${link}"`);
    expect((await row("confirm-me@example.com"))?.status).toBe("pending");
    const done = await post(link, "");
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(/href="https:\/\/example\.com\/subscription\?token=1\.m\./);
    expect((await row("confirm-me@example.com"))?.status).toBe("confirmed");
    // Pressed twice: still confirmed, and it says so.
    expect(await (await post(link, "")).text()).toContain("already subscribed");
  });

  it.each([
    ["a forged token", async (id: number) => `${(await token("confirm", id, Date.now() + 60_000)).slice(0, -4)}AAAA`, 400, "does not work"],
    ["a truncated token", async (id: number) => (await token("confirm", id, Date.now() + 60_000)).slice(0, -5), 400, "incomplete"],
    ["an expired token", async (id: number) => token("confirm", id, Date.now() - 1), 410, "expired"],
    ["another action's token", async (id: number) => token("manage", id), 400, "something else"],
    ["no token", async () => "", 400, "incomplete"],
  ])("refuses %s with a clear page and a 4xx", async (_, make, status, words) => {
    await post("/subscribe", form({ email: "tokens@example.com" }));
    const id = (await row("tokens@example.com"))?.id ?? 0;
    const t = await make(id);
    for (const method of ["GET", "POST"]) {
      const res = await call(`/subscribe/confirm?token=${encodeURIComponent(t)}`, { method, headers: { Origin: ORIGIN } });
      expect(res.status).toBe(status);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await res.text()).toContain(words);
    }
    expect((await row("tokens@example.com"))?.status).toBe("pending");
  });
});

describe("the subscriber's own page", () => {
  it("shows the address, its choices, and forms that post back to the same link", async () => {
    const id = await confirmed("page@example.com", { topics: "some", topic: "russia", cadence: "daily" });
    const link = `/subscription?token=${await token("manage", id)}`;
    const res = await call(link);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const page = await res.text();
    expect(page).toContain("page@example.com: subscribed");
    expect(page).toMatch(/id="topic-russia" name="topic" value="russia" checked/);
    expect(page).toMatch(/id="cadence-daily" name="cadence" value="daily" checked/);
    expect(page.split(`action="${link}"`).length - 1).toBe(4);
  });

  it("changes topics and cadence (303 back to the page, saying so)", async () => {
    const id = await confirmed("prefs@example.com");
    const link = `/subscription?token=${await token("manage", id)}`;
    const res = await post(link, form({ action: "preferences", topics: "some", topic: ["sanctions", "russia"], cadence: "weekly" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${ORIGIN}${link}&done=saved`);
    expect(await row("prefs@example.com")).toMatchObject({ cadence: "weekly", all_topics: 0 });
    expect(await topics(id)).toEqual(["russia", "sanctions"]);
    expect(await (await call(`${link}&done=saved`)).text()).toContain("Saved");
  });

  it("exports everything held as a JSON download", async () => {
    const id = await confirmed("export@example.com", { cadence: "daily" });
    const res = await post(`/subscription?token=${await token("manage", id)}`, form({ action: "export" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const data = (await res.json()) as Record<string, unknown>;
    expect(data).toMatchObject({ address: "export@example.com", status: "confirmed", cadence: "daily", topics: "all" });
    expect((data.consents as { action: string }[]).map((c) => c.action)).toEqual(["subscribe", "confirm"]);
    expect(JSON.stringify(data)).not.toMatch(/192\.0\.2\./);
  });

  it("unsubscribes, subscribes again, and erases everything, after which every link is dead", async () => {
    const id = await confirmed("erase@example.com", { topics: "some", topic: "russia" });
    const manage = `/subscription?token=${await token("manage", id)}`;
    expect((await post(manage, form({ action: "unsubscribe" }))).status).toBe(303);
    expect((await row("erase@example.com"))?.status).toBe("unsubscribed");
    expect((await post(manage, form({ action: "resubscribe" }))).status).toBe(303);
    expect((await row("erase@example.com"))?.status).toBe("confirmed");
    const unsure = await post(manage, form({ action: "erase" }));
    expect(unsure.status).toBe(400);
    expect(await row("erase@example.com")).not.toBeNull();
    const erased = await post(manage, form({ action: "erase", sure: "yes" }));
    expect(erased.status).toBe(200);
    expect(await erased.text()).toContain("Erased");
    expect(await row("erase@example.com")).toBeNull();
    expect(await topics(id)).toEqual([]);
    const left = await env.DB.prepare("SELECT count(*) AS n FROM consents WHERE subscriber_id = ?1").bind(id).first<{ n: number }>();
    expect(left?.n).toBe(0);
    for (const link of [manage, `/unsubscribe?token=${await token("unsubscribe", id)}`]) {
      const res = await call(link);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain("no longer works");
    }
    // A new subscriber never gets the erased one's id back, so its tokens stay dead.
    await post("/subscribe", form({ email: "erase@example.com" }));
    expect((await row("erase@example.com"))?.id).not.toBe(id);
  });
});

describe("unsubscribing", () => {
  it("shows a button on GET and changes nothing", async () => {
    const id = await confirmed("unsub-get@example.com");
    const link = `/unsubscribe?token=${await token("unsubscribe", id)}`;
    const res = await call(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`action="${link}"`);
    expect((await row("unsub-get@example.com"))?.status).toBe("confirmed");
  });

  it("takes an RFC 8058 one-click POST from a mail provider's servers, with no Origin, and is never rate-limited", async () => {
    const id = await confirmed("one-click@example.com");
    const link = `/unsubscribe?token=${await token("unsubscribe", id)}`;
    for (let i = 0; i < 8; i++) {
      const res = await call(link, {
        method: "POST",
        body: "List-Unsubscribe=One-Click",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "CF-Connecting-IP": "198.51.100.7" },
      });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    expect((await row("one-click@example.com"))?.status).toBe("unsubscribed");
    const consent = await env.DB.prepare("SELECT source FROM consents WHERE subscriber_id = ?1 AND action = 'unsubscribe'").bind(id).all();
    expect(consent.results).toEqual([{ source: "one-click" }]);
  });
});

describe("methods", () => {
  it.each([
    ["/subscribe", "GET, HEAD, POST, OPTIONS"],
    ["/subscription", "GET, HEAD, POST, OPTIONS"],
    ["/api/v1/subscriptions", "POST, OPTIONS"],
  ])("%s refuses PUT and DELETE with 405 and Allow: %s", async (path, allow) => {
    for (const method of ["PUT", "DELETE"]) {
      const res = await call(path, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe(allow);
      await res.arrayBuffer();
    }
  });

  it("answers GET on the API's POST-only endpoint with a 405 problem", async () => {
    const res = await call("/api/v1/subscriptions");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST, OPTIONS");
    expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    await res.arrayBuffer();
  });

  it("answers HEAD on the form, and a preflight from another site without offering it POST", async () => {
    const head = await call("/subscribe", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const pre = await call("/api/v1/subscriptions", {
      method: "OPTIONS",
      headers: {
        Origin: "https://elsewhere.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("allow")).toBe("POST, OPTIONS");
    expect(pre.headers.get("access-control-allow-methods")).not.toContain("POST");
  });

  it("keeps every other route read-only", async () => {
    for (const path of ["/", "/api/v1/tags", "/feed.xml"]) {
      const res = await post(path, "x=1");
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
      await res.arrayBuffer();
    }
  });
});
