/**
 * What followers are sent, from the cron: a Create when a summary's announcement appears, an
 * Update when a deployed correction changes its `updated`, a Delete when it leaves the archive;
 * each once, and one signed POST per shared inbox, through the Queue.
 */
import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { publish } from "../../src/fediverse/publish";
import { FEDIVERSE_PUBLISH_PATH as PUBLISH_PATH } from "../../src/shared/fediverse";
import { env, eventually, ORIGIN, type Received, received } from "./support";

const BASELINE = "north-korean-workers-siberia-far-east";
const db = env.DB;

async function seedFollowers(
  instances: number,
  perInstance: number,
  personal: number,
  host = (i: number) => `i${i}.example`,
): Promise<void> {
  const rows: unknown[] = [];
  for (let i = 0; i < instances; i++)
    for (let k = 0; k < perInstance; k++) {
      const actor = `https://${host(i)}/users/u${k}`;
      rows.push({ actor, follow: `${actor}/follow`, inbox: `${actor}/inbox`, shared: `https://${host(i)}/inbox` });
    }
  for (let k = 0; k < personal; k++) {
    const actor = `https://solo${k}.example/users/me`;
    rows.push({ actor, follow: `${actor}/follow`, inbox: `${actor}/inbox`, shared: null });
  }
  const sql = `INSERT INTO followers (actor, follow, inbox, shared_inbox, created_at)
    SELECT json_extract(value, '$.actor'), json_extract(value, '$.follow'), json_extract(value, '$.inbox'), json_extract(value, '$.shared'), 0 FROM json_each(?1)`;
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .prepare(sql)
      .bind(JSON.stringify(rows.slice(i, i + 2000)))
      .run();
}

const announce = (slug: string, kind: "baseline" | "summary") =>
  db
    .prepare("INSERT INTO announcements (slug, tags, kind, live_at, created_at, fanned_out_at) VALUES (?1, '[]', ?2, 0, 0, 0)")
    .bind(slug, kind)
    .run();

/** The POSTs of the activity whose id is `id`, once `count` have arrived. */
async function postsOf(id: string, count: number): Promise<Received[]> {
  const of = (all: Received[]) => all.filter((r) => r.body.id === id);
  return of(await eventually(received, (all) => of(all).length >= count, 60_000));
}

describe("delivery to followers", () => {
  let created: string;

  beforeAll(async () => {
    // 3 instances with a shared inbox (4 followers each), 2 followers whose instances have none.
    await seedFollowers(3, 4, 2);
    await announce(BASELINE, "baseline");
  });

  it("the first run sends nothing for the summaries already live; a new announcement is one Create per shared inbox", async () => {
    expect(await publish(env, ORIGIN, Date.now())).toEqual({ created: 0, updated: 0, deleted: 0 });
    const slug = (await db.prepare("SELECT slug FROM fediverse_posts").all<{ slug: string }>()).results;
    expect(slug).toEqual([{ slug: BASELINE }]);

    const fresh = "north-korean-labourers-russia-2024";
    await announce(fresh, "summary");
    expect(await publish(env, ORIGIN, Date.now())).toEqual({ created: 1, updated: 0, deleted: 0 });
    created = `https://keyfacts.test/ap/summaries/${fresh}#create`;
    const posts = await postsOf(created, 5);
    expect(posts.map((p) => p.url).sort()).toEqual([
      "https://i0.example/inbox",
      "https://i1.example/inbox",
      "https://i2.example/inbox",
      "https://solo0.example/users/me/inbox",
      "https://solo1.example/users/me/inbox",
    ]);
    const note = posts[0]?.body.object as { type: string; content: string; url: string };
    expect(note.type).toBe("Note");
    expect(note.content).toContain("<h2>Key facts</h2>");
    expect(posts.every((p) => "signature" in p.headers || "signature-input" in p.headers)).toBe(true);
  });

  it("a second run, or the main worker's cron asking over the binding, sends it no more", async () => {
    expect(await publish(env, ORIGIN, Date.now())).toEqual({ created: 0, updated: 0, deleted: 0 });
    const asked = await exports.default.fetch(`${ORIGIN}${PUBLISH_PATH}`, { method: "POST" });
    expect(await asked.json()).toEqual({ created: 0, updated: 0, deleted: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await received()).filter((r) => r.body.id === created)).toHaveLength(5);
  });

  it("a deployed correction sends an Update, a summary gone from the archive a Delete", async () => {
    const fresh = "north-korean-labourers-russia-2024";
    // As after a deploy: the archive's version is not the one last looked at, the summary's `updated` is newer than what was sent.
    await db.prepare("UPDATE fediverse_posts SET version = '2000-01-01T00:00:00Z' WHERE slug = ?1").bind(fresh).run();
    await db
      .prepare(
        "INSERT INTO fediverse_posts (slug, version, created_at, updated_at) VALUES ('a-removed-summary', '2000-01-01T00:00:00Z', 0, 0)",
      )
      .run();
    await db.prepare("DELETE FROM fedify_kv WHERE key = 'archive-version'").run();
    expect(await publish(env, ORIGIN, Date.now())).toEqual({ created: 0, updated: 1, deleted: 1 });
    const all = await eventually(
      received,
      (r) => r.filter((x) => x.body.type === "Update" || x.body.type === "Delete").length >= 10,
      60_000,
    );
    const updates = all.filter((x) => x.body.type === "Update");
    const deletes = all.filter((x) => x.body.type === "Delete");
    expect(updates).toHaveLength(5);
    expect(updates[0]?.body.object).toMatchObject({ id: `https://keyfacts.test/ap/summaries/${fresh}` });
    expect(deletes).toHaveLength(5);
    expect(deletes[0]?.body.object).toMatchObject({ type: "Tombstone", id: "https://keyfacts.test/ap/summaries/a-removed-summary" });
    // Both told once.
    expect(await publish(env, ORIGIN, Date.now())).toEqual({ created: 0, updated: 0, deleted: 0 });
  });

  it("retries an instance that fails, with back-off, and drops the followers of one that is gone", async () => {
    await seedFollowers(1, 2, 0, () => "down.example");
    await seedFollowers(1, 3, 0, () => "gone.example");
    await db.prepare("UPDATE fediverse_posts SET version = '2001-01-01T00:00:00Z' WHERE slug = 'north-korean-labourers-russia-2024'").run();
    await db.prepare("DELETE FROM fedify_kv WHERE key = 'archive-version'").run();
    expect(await publish(env, ORIGIN, Date.now())).toMatchObject({ updated: 1 });
    const tries = (host: string) =>
      received().then((all) => all.filter((r) => r.url === `https://${host}/inbox` && r.body.type === "Update"));
    // Each first try is two POSTs (Fedify signs RFC 9421 first, then draft-cavage when refused).
    // The failing instance is tried again after a delay; the gone one is not, and its followers go.
    const down = await eventually(
      () => tries("down.example"),
      (t) => t.length >= 3,
      30_000,
    );
    expect(down.length).toBeGreaterThanOrEqual(3);
    expect(await tries("gone.example")).toHaveLength(2);
    const gone = await eventually(
      async () =>
        (await db.prepare("SELECT count(*) AS n FROM followers WHERE shared_inbox = 'https://gone.example/inbox'").first<{ n: number }>())
          ?.n,
      (n) => n === 0,
    );
    expect(gone).toBe(0);
  }, 40_000);
});
