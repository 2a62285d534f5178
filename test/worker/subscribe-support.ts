/**
 * Test support for subscriptions: requests as our own pages send them, through the worker's
 * fetch handler with its waitUntil work awaited (the subscribe work runs after the answer),
 * and the subscriber rows of the real local D1.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../src/worker/index";
import { makeToken, type TokenAction } from "../../src/worker/subscriptions/tokens";

export const ORIGIN = "https://example.com";
let client = 0;

/** A fresh client address per request unless one is given, so the rate limit only bites where a test means it to. */
export async function call(path: string, init: RequestInit = {}, bindings: Env = env): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("CF-Connecting-IP")) headers.set("CF-Connecting-IP", `192.0.2.${client++ % 250}`);
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, { redirect: "manual", ...init, headers }), bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

/** A POST as the browser sends it from one of our pages. */
export const post = (path: string, body: BodyInit, type = "application/x-www-form-urlencoded", headers: Record<string, string> = {}) =>
  call(path, { method: "POST", body, headers: { "Content-Type": type, Origin: ORIGIN, "Sec-Fetch-Site": "same-origin", ...headers } });

export const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) p.append(k, one);
  return p.toString();
};

export interface Row {
  id: number;
  address: string;
  status: string;
  cadence: string;
  all_topics: number;
  mail_day_count: number;
  last_mail_at: number | null;
}

export async function row(key: string): Promise<Row | null> {
  return env.DB.prepare(
    "SELECT id, address, status, cadence, all_topics, mail_day_count, last_mail_at FROM subscribers WHERE address_key = ?1",
  )
    .bind(key)
    .first<Row>();
}

export async function topics(id: number): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT topic FROM subscriber_topics WHERE subscriber_id = ?1 ORDER BY topic")
    .bind(id)
    .all<{ topic: string }>();
  return results.map((r) => r.topic);
}

/** Every row of the three tables, to prove a refused request changed nothing. */
export async function snapshot(): Promise<string> {
  const tables = ["subscribers", "subscriber_topics", "consents"];
  const all = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`)));
  return JSON.stringify(all.map((r) => r.results));
}

export const token = (action: TokenAction, id: number, expires = 0) => makeToken(env.SUBSCRIPTION_SECRET, action, id, expires);

/** Subscribes `email` through the form and confirms it with its token; the subscriber's id. */
export async function confirmed(email: string, fields: Record<string, string | string[]> = {}): Promise<number> {
  await post("/subscribe", form({ email, ...fields }));
  const r = await row(email.toLowerCase());
  if (r === null) throw new Error(`${email} was not stored`);
  const res = await post(`/subscribe/confirm?token=${await token("confirm", r.id, Date.now() + 60_000)}`, "");
  await res.arrayBuffer();
  return r.id;
}
