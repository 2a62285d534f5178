/** A run that cannot queue its activity (here: no signing key) claims nothing: the next run sends it. */
import { expect, it } from "vitest";
import { publish } from "../../src/fediverse/publish";
import { env, eventually, ORIGIN, received } from "./support";

const SLUG = "north-korean-labourers-russia-2024";

it("a Create that could not be queued is sent by the next run, once", async () => {
  const db = env.DB;
  const actor = "https://retry.example/users/r";
  await db
    .prepare(
      "INSERT INTO followers (actor, follow, inbox, shared_inbox, created_at) VALUES (?1, ?1 || '#f', ?1 || '/inbox', 'https://retry.example/inbox', 0)",
    )
    .bind(actor)
    .run();
  // As after earlier runs: the other summary told, this one announced since.
  await db
    .prepare(
      "INSERT INTO fediverse_posts (slug, version, created_at, updated_at) VALUES ('north-korean-workers-siberia-far-east', '2026-11-20T00:00:00Z', 0, 0)",
    )
    .run();
  await db
    .prepare("INSERT INTO announcements (slug, tags, kind, live_at, created_at, fanned_out_at) VALUES (?1, '[]', 'summary', 0, 0, 0)")
    .bind(SLUG)
    .run();

  await expect(publish({ ...env, FEDIVERSE_PRIVATE_KEY: "" }, ORIGIN, Date.now())).rejects.toThrow();
  expect(await db.prepare("SELECT 1 FROM fediverse_posts WHERE slug = ?1").bind(SLUG).first()).toBeNull();

  expect(await publish(env, ORIGIN, Date.now())).toMatchObject({ created: 1 });
  const id = `${ORIGIN}/ap/summaries/${SLUG}#create`;
  const posts = await eventually(received, (all) => all.some((r) => r.body.id === id && r.url === "https://retry.example/inbox"));
  expect(posts.filter((r) => r.body.id === id && r.url === "https://retry.example/inbox")).toHaveLength(1);
});
