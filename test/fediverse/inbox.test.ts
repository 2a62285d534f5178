/**
 * The inbox as a remote instance uses it: a signed Follow is accepted (an Accept goes back to
 * the follower's inbox) and recorded; Undo and Delete remove it; unsigned, forged, tampered,
 * stale, oversized and misaddressed activities change nothing.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { ACTOR, env, eventually, fetched, fetchWorker, INBOX, received, remote, SHARED_INBOX, signedPost } from "./support";

const followersOf = async () =>
  (await env.DB.prepare("SELECT actor, inbox, shared_inbox FROM followers ORDER BY actor").all<{ actor: string }>()).results;
/** The followers' actors once they are `expected`: Fedify handles an accepted activity from the queue, shortly after the 202. */
const actorsBecome = async (expected: string[]) =>
  (await eventually(followersOf, (f) => JSON.stringify(f.map((x) => x.actor)) === JSON.stringify(expected))).map((f) => f.actor);

let n = 0;
const follow = (actor: string) => ({ id: `${actor}/follows/${++n}`, type: "Follow", actor, object: ACTOR });

beforeEach(async () => {
  await env.DB.prepare("DELETE FROM followers").run();
});

describe("following", () => {
  it("a signed Follow is recorded with the inbox and shared inbox, and answered with an Accept", async () => {
    const alice = remote("alice");
    const activity = follow(alice);
    const res = await fetchWorker(await signedPost(INBOX, activity));
    expect(res.status).toBe(202);
    await actorsBecome([alice]);
    expect(await followersOf()).toEqual([{ actor: alice, inbox: `${alice}/inbox`, shared_inbox: "https://remote.example/inbox" }]);
    const all = await eventually(
      received,
      (r) =>
        r.some((x) => x.body.type === "Accept" && x.body.object === activity.id) ||
        r.some((x) => JSON.stringify(x.body.object).includes(activity.id)),
    );
    const accept = all.find((x) => x.body.type === "Accept" && JSON.stringify(x.body.object).includes(activity.id));
    expect(accept?.url).toBe(`${alice}/inbox`);
    expect(accept?.body.actor).toBe(ACTOR);
    // Signed by us: the stand-in does not verify, the second implementation's test does.
    expect(Object.keys(accept?.headers ?? {}).some((h) => h === "signature" || h === "signature-input")).toBe(true);
    const count = await (await fetchWorker(`${ACTOR}/followers`, { headers: { Accept: "application/activity+json" } })).json();
    expect(count).toMatchObject({ totalItems: 1 });
  });

  it("RFC 9421 signatures are verified too, at the shared inbox", async () => {
    const bob = remote("bob");
    const res = await fetchWorker(await signedPost(SHARED_INBOX, follow(bob), { spec: "rfc9421" }));
    expect(res.status).toBe(202);
    expect(await actorsBecome([bob])).toEqual([bob]);
  });

  it("Undo(Follow) by the follower removes it; an Undo of someone else's follow does not", async () => {
    const carol = remote("carol");
    const dave = remote("dave");
    const followed = follow(carol);
    await fetchWorker(await signedPost(INBOX, followed));
    await fetchWorker(await signedPost(INBOX, follow(dave)));
    await actorsBecome([carol, dave]);
    // Dave undoes Carol's follow: his own signature, her Follow.
    const forgedUndo = { id: `${dave}/undo/1`, type: "Undo", actor: dave, object: { ...followed } };
    expect((await fetchWorker(await signedPost(INBOX, forgedUndo))).status).toBeLessThan(500);
    // A Follow sent after it is handled: by then the forged Undo was too, and Carol is still there.
    const henry = remote("henry");
    await fetchWorker(await signedPost(INBOX, follow(henry)));
    expect(await actorsBecome([carol, dave, henry])).toEqual([carol, dave, henry]);
    const undo = { id: `${carol}/undo/1`, type: "Undo", actor: carol, object: followed };
    expect((await fetchWorker(await signedPost(INBOX, undo))).status).toBe(202);
    expect(await actorsBecome([dave, henry])).toEqual([dave, henry]);
  });

  it("Delete of the actor itself removes its follow; other Deletes and unknown types change nothing", async () => {
    const erin = remote("erin");
    await fetchWorker(await signedPost(INBOX, follow(erin)));
    await actorsBecome([erin]);
    const like = { id: `${erin}/likes/1`, type: "Like", actor: erin, object: `${ACTOR}` };
    expect((await fetchWorker(await signedPost(INBOX, like))).status).toBe(202);
    const delNote = { id: `${erin}/deletes/1`, type: "Delete", actor: erin, object: `${erin}/notes/1` };
    expect((await fetchWorker(await signedPost(INBOX, delNote))).status).toBe(202);
    const delSelf = { id: `${erin}/deletes/2`, type: "Delete", actor: erin, object: erin };
    expect((await fetchWorker(await signedPost(INBOX, delSelf))).status).toBe(202);
    expect(await actorsBecome([])).toEqual([]);
  });
});

describe("hostile inbox POSTs change nothing", () => {
  const mallory = remote("mallory");

  it("unsigned: 401", async () => {
    const res = await fetchWorker(INBOX, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", ...follow(mallory) }),
    });
    expect(res.status).toBe(401);
    expect(await followersOf()).toEqual([]);
  });

  it("signed with another actor's key (forged): 401", async () => {
    const res = await fetchWorker(await signedPost(INBOX, follow(mallory), { signer: remote("alice") }));
    expect(res.status).toBe(401);
    expect(await followersOf()).toEqual([]);
  });

  it("signed by one actor for another (the key's owner is not the activity's actor): 401", async () => {
    const res = await fetchWorker(await signedPost(INBOX, follow(mallory), { as: remote("alice") }));
    expect(res.status).toBe(401);
    expect(await followersOf()).toEqual([]);
  });

  it("body changed after signing (Digest no longer matches): 401", async () => {
    const victim = remote("victim");
    const res = await fetchWorker(await signedPost(INBOX, follow(mallory), { tamper: (b) => b.replaceAll(mallory, victim) }));
    expect(res.status).toBe(401);
    expect(await followersOf()).toEqual([]);
  });

  it("replayed two hours later (signature outside the time window): 401", async () => {
    const res = await fetchWorker(await signedPost(INBOX, follow(mallory), { date: new Date(Date.now() - 2 * 3600_000) }));
    expect(res.status).toBe(401);
    expect(await followersOf()).toEqual([]);
  });

  it("the same activity delivered twice is processed once", async () => {
    const frank = remote("frank");
    const activity = follow(frank);
    await fetchWorker(await signedPost(INBOX, activity));
    await actorsBecome([frank]);
    await env.DB.prepare("DELETE FROM followers").run();
    const again = await fetchWorker(await signedPost(INBOX, activity));
    expect(again.status).toBe(202);
    // A later Follow is handled (so the queue has moved past the replay), the replay is not.
    const grace = remote("grace");
    await fetchWorker(await signedPost(INBOX, follow(grace)));
    expect(await actorsBecome([grace])).toEqual([grace]);
  });

  it("oversized: 413 before it is read as JSON", async () => {
    const big = { ...follow(mallory), summary: "x".repeat(300 * 1024) };
    const res = await fetchWorker(await signedPost(INBOX, big));
    expect(res.status).toBe(413);
    expect(res.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await followersOf()).toEqual([]);
  });

  it("not JSON, or a Follow of someone else: a 4xx or ignored, never a follower", async () => {
    const notJson = await fetchWorker(INBOX, { method: "POST", headers: { "Content-Type": "application/activity+json" }, body: "{" });
    expect(notJson.status).toBeGreaterThanOrEqual(400);
    expect(notJson.status).toBeLessThan(500);
    const elsewhere = { id: `${mallory}/follows/x`, type: "Follow", actor: mallory, object: "https://keyfacts.test/ap/actors/nobody" };
    expect((await fetchWorker(await signedPost(INBOX, elsewhere))).status).toBeLessThan(500);
    // A Follow of us sent after it is handled; the one of someone else never was.
    const ivy = remote("ivy");
    await fetchWorker(await signedPost(INBOX, follow(ivy)));
    expect(await actorsBecome([ivy])).toEqual([ivy]);
  });

  it("an actor document larger than 1 MB is not read: its key is unknown, 401", async () => {
    const huge = remote("huge");
    const res = await fetchWorker(await signedPost(INBOX, follow(huge)));
    expect(res.status).toBe(401);
    expect(await followersOf()).toEqual([]);
  });

  it("a key on a loopback or private address is never fetched outside local mode (SSRF)", async () => {
    const { federationFor } = await import("../../src/fediverse/federation");
    const production = { ...env, FEDIVERSE_LOCAL: "" };
    const before = (await fetched()).length;
    for (const host of ["127.0.0.1", "10.0.0.8", "[::1]", "169.254.169.254"]) {
      const actor = `http://${host}/users/mallory`;
      const req = await signedPost(INBOX, { id: `${actor}/f`, type: "Follow", actor, object: ACTOR }, { signer: mallory });
      const res = await federationFor(production).fetch(req, { contextData: production });
      expect(res.status, host).toBe(401);
    }
    expect((await fetched()).slice(before).filter((u) => /127\.0\.0\.1|10\.0\.0\.8|::1|169\.254/.test(u))).toEqual([]);
    expect(await followersOf()).toEqual([]);
  });
});
