/**
 * End to end against a second ActivityPub implementation we did not write: @evanp/activitypub-bot
 * (by one of the ActivityPub specification's authors; its own HTTP signature code, RFC 9421 and
 * draft-cavage, and its own JSON-LD handling), run as a local server with one bot
 * (test/peer/peer.mjs). The bot finds the publication by WebFinger and follows it; our Accept, the
 * Create of a summary going live and the Update of its correction reach it signed by us and
 * verified by it; it unfollows and the publication's follower count goes back to zero.
 *
 * A summary "goes live" as an editor releases it at /admin: held before the first cron run,
 * released after the follow. A correction is a deploy whose archive changed the summary's
 * `updated`: here, the record of what the followers were last told is set back instead.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCron } from "../support/cron";
import { eventually } from "../support/eventually";

const WORKER = inject("workerOrigin");
const STATE = inject("wranglerState");
const ROOT = resolve(import.meta.dirname, "../..");
const SLUG = "north-korean-labourers-russia-2024";
const ACTOR = `${WORKER}/ap/actors/keyfacts`;
const NOTE = `${WORKER}/ap/summaries/${SLUG}`;

let peer: ChildProcess;
let control: string;
let peerActor: string;

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/** SQL on wrangler dev's local D1, as `wrangler d1 execute` runs it. */
function d1(sql: string): void {
  execFileSync(
    process.execPath,
    ["node_modules/wrangler/bin/wrangler.js", "d1", "execute", "DB", "--local", "--persist-to", STATE, "--command", sql],
    { cwd: ROOT, stdio: "ignore", env: { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false" } },
  );
}

/** One cron run of the app worker (mail fan-out, then the Fediverse), as wrangler dev triggers it. */
const cron = () => runCron(WORKER);

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${control}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`peer ${method} ${path}: ${res.status} ${json.error}`);
  return json;
}

interface Received {
  id: string;
  /** How the bot got it: at its inbox, or as a public post reaching its server (one POST may be both). */
  via: string;
  type: string;
  actor: string | null;
  objectId: string | null;
  objectType: string | null;
  activity: { object?: { content?: string; url?: string | { href?: string } } };
}

/** The first activity the peer's bot received (after its signature verified) matching `query`. */
const waitFor = (query: Record<string, string>) => call<Received>("GET", `/wait?${new URLSearchParams({ timeout: "45000", ...query })}`);

async function followerCount(): Promise<number> {
  const res = await fetch(`${ACTOR}/followers`, { headers: { Accept: "application/activity+json" } });
  return ((await res.json()) as { totalItems: number }).totalItems;
}

beforeAll(async () => {
  const port = await freePort();
  peer = spawn(
    process.execPath,
    ["test/peer/peer.mjs", "--port", String(port), "--control-port", String(await freePort()), "--bot", "reader"],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const ready = await new Promise<{ actor: string; control: string }>((ok, fail) => {
    let out = "";
    peer.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^PEER_READY (.*)$/m.exec(out);
      if (line?.[1]) ok(JSON.parse(line[1]));
    });
    peer.once("exit", (code) => fail(new Error(`the peer exited with ${code} before it was ready`)));
  });
  control = ready.control;
  peerActor = ready.actor;
  // This summary waits, held, for its release, as if it had not gone live yet (earlier tests' cron
  // runs may have announced it: that record goes); what else is live is told as a baseline.
  d1(
    `INSERT OR IGNORE INTO mail_holds (slug, at) VALUES ('${SLUG}', 0);
     DELETE FROM deliveries WHERE announcement_id IN (SELECT id FROM announcements WHERE slug = '${SLUG}');
     DELETE FROM announcements WHERE slug = '${SLUG}';
     DELETE FROM fediverse_posts WHERE slug = '${SLUG}';`,
  );
  await cron();
}, 120_000);

afterAll(async () => {
  d1(`DELETE FROM mail_holds WHERE slug = '${SLUG}'`);
  if (peer && peer.exitCode === null) {
    const exited = new Promise((ok) => peer.once("exit", ok));
    peer.kill("SIGTERM");
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5000))]);
    if (peer.exitCode === null) peer.kill("SIGKILL");
  }
});

describe("a second ActivityPub implementation follows the publication", () => {
  it("finds it by WebFinger, follows it and gets our signed Accept", async () => {
    const host = new URL(WORKER).host;
    const followed = await call<{ actor: string }>("POST", "/follow", { target: `keyfacts@${host}` });
    expect(followed.actor).toBe(ACTOR);
    const accept = await waitFor({ type: "Accept", actor: ACTOR });
    expect(accept.objectType).toBe("Follow");
    expect(await eventually(followerCount, (n) => n === 1, 45_000, 250)).toBe(1);
  }, 60_000);

  it("receives the Create of a summary when it goes live, with its key facts and sources", async () => {
    d1(`DELETE FROM mail_holds WHERE slug = '${SLUG}'`);
    await cron();
    const create = await waitFor({ type: "Create", actor: ACTOR, objectId: NOTE });
    expect(create.objectType).toBe("Note");
    const content = create.activity.object?.content ?? "";
    expect(content).toContain("<h2>Key facts</h2>");
    expect(content).toContain("National Intelligence Service");
  }, 60_000);

  it("receives the Update when a correction is deployed, and nothing twice", async () => {
    d1(
      `UPDATE fediverse_posts SET version = '2000-01-01T00:00:00Z' WHERE slug = '${SLUG}'; DELETE FROM fedify_kv WHERE key = 'archive-version'`,
    );
    await cron();
    const update = await waitFor({ type: "Update", actor: ACTOR, objectId: NOTE });
    expect(update.objectType).toBe("Note");
    await cron();
    const creates = await call<Received[]>("GET", `/received?type=Create&objectId=${encodeURIComponent(NOTE)}`);
    const updates = await call<Received[]>("GET", `/received?type=Update&objectId=${encodeURIComponent(NOTE)}`);
    // One activity each (the bot records a POST at its inbox and again as a public post).
    expect(new Set(creates.filter((c) => c.actor === ACTOR).map((c) => c.id)).size).toBe(1);
    expect(new Set(updates.filter((u) => u.actor === ACTOR).map((u) => u.id)).size).toBe(1);
    expect(creates.filter((c) => c.via === "inbox")).toHaveLength(1);
  }, 60_000);

  it("unfollows, and the publication counts it gone", async () => {
    await call("POST", "/unfollow", { target: ACTOR });
    expect(await eventually(followerCount, (n) => n === 0, 45_000, 250)).toBe(0);
    expect(peerActor).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/user\/reader$/);
  }, 60_000);
});
