#!/usr/bin/env node
// peer.mjs — run one @evanp/activitypub-bot server with one bot, as a real,
// independent ActivityPub peer for local federation tests, plus a tiny JSON
// control API to drive it (follow / unfollow / read what it received).
// test/e2e/fediverse-peer.test.ts starts it; the package is a devDependency.
//
//   node peer.mjs --port 9101 [--control-port 9102] [--bot peer]
//                 [--host 127.0.0.1] [--db sqlite::memory:] [--log-level warn]
//                 [--events-file path.jsonl]
//
// The ActivityPub origin is http://<host>:<port> (plain http, loopback).
// Private-network fetching is switched on in code (allowPrivateNetworkRequests),
// which is what lets it talk http:// to 127.0.0.1 peers at all.
//
// stdout protocol (one line each, JSON after the tag; pino log lines are JSON
// without a tag):
//   PEER_READY {"actor":..,"control":..,...}
//   PEER_RECEIVED {"seq":1,"type":"Accept",...}
//
// Control API (http://127.0.0.1:<control-port>, JSON in/out):
//   GET  /status                       actor, handle, following, pending, followers
//   POST /follow    {"target": URL | "user@host[:port]" | "acct:user@host"}
//   POST /unfollow  {"target": ...}
//   GET  /received?type=Create&objectType=Note&since=<seq>
//   GET  /wait?type=Accept&objectType=..&objectId=..&since=<seq>&timeout=<ms>
//                                      long-poll; 200 with the first match or 408
//   DELETE /received                   forget everything recorded so far
//   POST /shutdown
import { appendFileSync } from "node:fs";
import http from "node:http";
import { isIP } from "node:net";
import { parseArgs } from "node:util";

import { Bot, makeApp } from "@evanp/activitypub-bot";

const AS2 = "https://www.w3.org/ns/activitystreams#";

const { values: opt } = parseArgs({
  options: {
    port: { type: "string" },
    "control-port": { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    bot: { type: "string", default: "peer" },
    db: { type: "string", default: "sqlite::memory:" },
    "log-level": { type: "string", default: "warn" },
    "events-file": { type: "string" },
  },
});
if (!opt.port) {
  console.error("usage: node peer.mjs --port N [--control-port M] [--bot NAME]");
  process.exit(2);
}
const PORT = Number.parseInt(opt.port, 10);
const CONTROL_PORT = opt["control-port"] ? Number.parseInt(opt["control-port"], 10) : PORT + 1;
const ORIGIN = `http://${opt.host}:${PORT}`;

// ---- recording --------------------------------------------------------------

const received = [];
let seq = 0;
const waiters = new Set();

const short = (t) => (typeof t === "string" && t.startsWith(AS2) ? t.slice(AS2.length) : t);

async function record(via, activity, extra = {}) {
  let json;
  try {
    json = await activity.export();
  } catch (err) {
    json = { id: activity.id, type: activity.type, exportError: String(err) };
  }
  const obj = activity.object?.first;
  const entry = {
    seq: ++seq,
    receivedAt: new Date().toISOString(),
    via,
    id: activity.id,
    type: short(activity.type),
    actor: activity.actor?.first?.id ?? null,
    objectId: obj?.id ?? null,
    objectType: obj?.type ? short(obj.type) : null,
    ...extra,
    activity: json,
  };
  // The same activity can reach us both at the inbox and as "public".
  if (received.some((e) => e.id && e.id === entry.id && e.via === entry.via)) return;
  received.push(entry);
  const { activity: _omit, ...summary } = entry;
  process.stdout.write(`PEER_RECEIVED ${JSON.stringify(summary)}\n`);
  if (opt["events-file"]) appendFileSync(opt["events-file"], `${JSON.stringify(entry)}\n`);
  for (const w of waiters) w();
}

function matches(e, q) {
  if (q.since && e.seq <= Number(q.since)) return false;
  if (q.type && e.type !== q.type) return false;
  if (q.objectType && e.objectType !== q.objectType) return false;
  if (q.objectId && e.objectId !== q.objectId) return false;
  if (q.actor && e.actor !== q.actor) return false;
  if (q.via && e.via !== q.via) return false;
  return true;
}

// ---- the bot ----------------------------------------------------------------

class PeerBot extends Bot {
  // Runs for every activity delivered to this bot (its own inbox, or routed
  // from the shared inbox because it follows the sender / is addressed), after
  // the framework's same-origin check and before default handling. Returning
  // false keeps the default handling (Accept -> following, Follow -> auto
  // Accept, Undo, ...).
  async handleActivity(activity) {
    await record("inbox", activity);
    return false;
  }

  // Public activities that reached the server but were not addressed to this
  // bot (e.g. to: Public only, at the shared inbox).
  async onPublic(activity) {
    await record("public", activity);
  }
}

const bot = new PeerBot(opt.bot, {
  fullname: `Peer ${opt.bot}`,
  description: "activitypub-bot test peer",
});

const app = await makeApp({
  databaseUrl: opt.db,
  origin: ORIGIN,
  bots: { [opt.bot]: bot },
  logLevel: opt["log-level"],
  // NB: do it here, not with the CLI's --allow-private: in bin/activitypub-bot.js
  // (0.51.2) that flag is ignored unless ALLOW_PRIVATE is also in the env.
  allowPrivateNetworkRequests: true,
  deliveryWorkerCount: 1,
  distributionWorkerCount: 2,
  fanoutWorkerCount: 1,
  intakeWorkerCount: 1,
});
const ctx = bot._context;
const actorId = `${ORIGIN}/user/${opt.bot}`;

// ---- helpers ----------------------------------------------------------------

function isLoopbackHost(hostname) {
  const h = hostname.replace(/^\[|\]$/g, "");
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1";
  return false;
}

// Accepts an actor URL, "acct:user@host", "user@host" or "@user@host".
// The framework's own ctx.toActorId() always uses https://host/.well-known/...
// so for loopback hosts we do the WebFinger lookup ourselves over http.
async function resolveActorId(target) {
  if (/^https?:\/\//.test(target)) return target;
  const acct = target.replace(/^acct:/, "").replace(/^@/, "");
  const at = acct.lastIndexOf("@");
  if (at <= 0) throw new Error(`not a URL or acct handle: ${target}`);
  const host = acct.slice(at + 1);
  const hostname = new URL(`http://${host}`).hostname;
  if (!isLoopbackHost(hostname)) return await ctx.toActorId(acct);
  const url = `http://${host}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${acct}`)}`;
  const res = await fetch(url, { headers: { accept: "application/jrd+json, application/json" } });
  if (res.status !== 200) throw new Error(`WebFinger ${url} -> ${res.status}`);
  const jrd = await res.json();
  const link = jrd.links?.find(
    (l) => l.rel === "self" && (l.type === "application/activity+json" || (l.type ?? "").startsWith("application/ld+json")),
  );
  if (!link?.href) throw new Error(`WebFinger ${url}: no rel=self AS2 link`);
  return link.href;
}

async function collect(gen) {
  const out = [];
  for await (const a of gen) out.push(a.id);
  return out;
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body, null, 1));
}

// ---- control API ------------------------------------------------------------

const routes = {
  "GET /status": async () => ({
    actor: actorId,
    handle: `${opt.bot}@${opt.host}:${PORT}`,
    origin: ORIGIN,
    inbox: `${actorId}/inbox`,
    sharedInbox: `${ORIGIN}/shared/inbox`,
    following: await collect(ctx.following()),
    pendingFollowing: await collect(ctx.pendingFollowing()),
    followers: await collect(ctx.followers()),
    received: received.length,
  }),
  "POST /follow": async (body) => {
    const id = await resolveActorId(body.target);
    const actor = await ctx.getObject(id); // signed GET of the remote actor
    if (!actor) throw new Error(`could not fetch actor ${id}`);
    const follow = await ctx.followActor(actor);
    return { actor: id, follow: follow.id };
  },
  "POST /unfollow": async (body) => {
    const id = await resolveActorId(body.target);
    const actor = await ctx.getObject(id);
    const undo = await ctx.unfollowActor(actor);
    return { actor: id, undo: undo.id };
  },
  "GET /received": async (_b, q) => received.filter((e) => matches(e, q)),
  "DELETE /received": async () => {
    received.length = 0;
    return { ok: true, seq };
  },
  "GET /wait": async (_b, q) => {
    const timeout = Number(q.timeout ?? 10000);
    const found = () => received.find((e) => matches(e, q));
    const hit =
      found() ??
      (await new Promise((resolve) => {
        const w = () => {
          const f = found();
          if (f) {
            done();
            resolve(f);
          }
        };
        const t = setTimeout(() => {
          done();
          resolve(null);
        }, timeout);
        const done = () => {
          clearTimeout(t);
          waiters.delete(w);
        };
        waiters.add(w);
      }));
    if (!hit) {
      const e = new Error(`no matching activity within ${timeout} ms`);
      e.status = 408;
      throw e;
    }
    return hit;
  },
  "POST /shutdown": async () => {
    setTimeout(shutdown, 10);
    return { ok: true };
  },
};

const control = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://control");
  const handler = routes[`${req.method} ${url.pathname}`];
  if (!handler) return send(res, 404, { error: "no such route" });
  try {
    const body = req.method === "POST" ? await readBody(req) : {};
    send(res, 200, await handler(body, Object.fromEntries(url.searchParams)));
  } catch (err) {
    send(res, err.status ?? 500, { error: String(err?.message ?? err), stack: err?.stack });
  }
});

const server = app.listen(PORT, opt.host);
await new Promise((resolve, reject) => {
  server.once("listening", resolve);
  server.once("error", reject);
});
await new Promise((resolve, reject) => {
  control.once("error", reject);
  control.listen(CONTROL_PORT, "127.0.0.1", resolve);
});

process.stdout.write(
  `PEER_READY ${JSON.stringify({
    actor: actorId,
    handle: `${opt.bot}@${opt.host}:${PORT}`,
    origin: ORIGIN,
    control: `http://127.0.0.1:${CONTROL_PORT}`,
  })}\n`,
);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  control.close();
  server.closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
  await app.cleanup();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
