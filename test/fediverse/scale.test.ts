/**
 * Delivery to 10,000 followers spread over 500 instances (stand-ins): the counts a deploy pays
 * for one Create. POSTs (one per shared inbox), queue messages and D1 statements are deterministic,
 * so they are asserted; the wall time is printed, never asserted.
 */
import { expect, it } from "vitest";
import { CloudflareQueue } from "../../src/fediverse/adapters";
import { federationFor } from "../../src/fediverse/federation";
import { publish } from "../../src/fediverse/publish";
import { archive } from "../../src/worker/lib/store";
import { env, eventually, ORIGIN, received } from "./support";

const INSTANCES = 500;
const FOLLOWERS = 10_000;
const SLUG = "north-korean-labourers-russia-2024";

/**
 * Counts, in this isolate (the worker's queue consumer included): every D1 statement prepared,
 * every message Fedify queues (through our Queue adapter) and every queued task the consumer handles.
 */
function count(): { statements: number; queued: number; handled: number } {
  const counts = { statements: 0, queued: 0, handled: 0 };
  const d1 = Object.getPrototypeOf(env.DB) as { prepare: (...a: unknown[]) => unknown };
  const prepare = d1.prepare;
  d1.prepare = function (this: unknown, ...a: unknown[]) {
    counts.statements++;
    return prepare.apply(this, a);
  };
  const { enqueue, enqueueMany } = CloudflareQueue.prototype;
  CloudflareQueue.prototype.enqueue = function (this: CloudflareQueue, ...a: Parameters<typeof enqueue>) {
    counts.queued++;
    return enqueue.apply(this, a);
  };
  CloudflareQueue.prototype.enqueueMany = function (this: CloudflareQueue, ...a: Parameters<typeof enqueueMany>) {
    counts.queued += a[0].length;
    return enqueueMany.apply(this, a);
  };
  const fed = federationFor(env);
  const process = fed.processQueuedTask.bind(fed);
  fed.processQueuedTask = (data, message) => {
    counts.handled++;
    return process(data, message);
  };
  return counts;
}

it(`one Create to ${FOLLOWERS} followers on ${INSTANCES} instances is one POST per shared inbox`, { timeout: 120_000 }, async () => {
  const rows = [];
  for (let i = 0; i < FOLLOWERS; i++) {
    const host = `i${i % INSTANCES}.example`;
    rows.push({ actor: `https://${host}/users/u${i}`, inbox: `https://${host}/users/u${i}/inbox`, shared: `https://${host}/inbox` });
  }
  const sql = `INSERT INTO followers (actor, follow, inbox, shared_inbox, created_at)
    SELECT json_extract(value, '$.actor'), json_extract(value, '$.actor') || '#follow', json_extract(value, '$.inbox'), json_extract(value, '$.shared'), 0 FROM json_each(?1)`;
  for (let i = 0; i < rows.length; i += 2000)
    await env.DB.prepare(sql)
      .bind(JSON.stringify(rows.slice(i, i + 2000)))
      .run();
  // As after earlier runs: the live summaries told, the archive looked at; then a summary's announcement appears.
  await env.DB.prepare(
    "INSERT INTO fediverse_posts (slug, version, created_at, updated_at) VALUES ('north-korean-workers-siberia-far-east', '2026-11-20T00:00:00Z', 0, 0)",
  ).run();
  await env.DB.prepare("INSERT INTO fedify_kv (key, value) VALUES ('archive-version', ?1)").bind(JSON.stringify(archive.version)).run();
  await env.DB.prepare(
    "INSERT INTO announcements (slug, tags, kind, live_at, created_at, fanned_out_at) VALUES (?1, '[]', 'summary', 0, 0, 0)",
  )
    .bind(SLUG)
    .run();

  const counts = count();
  const started = Date.now();
  expect(await publish(env, ORIGIN, Date.now())).toMatchObject({ created: 1 });
  const atPublish = { ...counts };
  const id = `https://keyfacts.test/ap/summaries/${SLUG}#create`;
  const posts = (await eventually(received, (all) => all.filter((r) => r.body.id === id).length >= INSTANCES, 110_000)).filter(
    (r) => r.body.id === id,
  );
  // Let anything still queued arrive, then count.
  await new Promise((r) => setTimeout(r, 500));
  const all = (await received()).filter((r) => r.body.id === id);
  const ms = Date.now() - started;
  console.log(
    `fediverse delivery: ${FOLLOWERS} followers on ${INSTANCES} instances: ${all.length} POSTs, ${counts.queued} queue messages ` +
      `(${atPublish.queued} by the cron), ${counts.handled} handled, ${counts.statements} D1 statements (${atPublish.statements} by the cron), ${ms} ms wall`,
  );
  expect(posts.length).toBe(INSTANCES);
  expect(all.length).toBe(INSTANCES);
  expect(new Set(all.map((p) => p.url)).size).toBe(INSTANCES);
  // The cron queues one message per shared inbox, and nothing queues more when every POST succeeds.
  expect(atPublish.queued).toBe(INSTANCES);
  expect(counts.queued).toBe(INSTANCES);
  expect(counts.handled).toBe(INSTANCES);
  // The cron reads the followers once; each delivery reads and writes Fedify's per-host state
  // (circuit breaker, which signature spec the host takes): a handful of statements, never per follower.
  expect(atPublish.statements).toBeLessThan(20);
  expect(counts.statements).toBeLessThan(INSTANCES * 5);
});
