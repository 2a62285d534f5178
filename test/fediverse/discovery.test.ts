/** How Mastodon finds the publication: WebFinger, NodeInfo, the actor, its outbox and followers, a summary's Note. */
import { describe, expect, it } from "vitest";
import { ACTOR, AP, fetchWorker, ORIGIN } from "./support";

const SLUG = "north-korean-workers-siberia-far-east";
const json = async (path: string, accept = AP) => {
  const res = await fetchWorker(`${ORIGIN}${path}`, { headers: { Accept: accept } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as Record<string, unknown>;
};

describe("discovery", () => {
  it("WebFinger answers for @keyfacts@host with the actor's address", async () => {
    const jrd = await json(`/.well-known/webfinger?resource=acct:keyfacts@keyfacts.test`, "application/jrd+json");
    expect(jrd.subject).toBe("acct:keyfacts@keyfacts.test");
    expect(jrd.links).toContainEqual(expect.objectContaining({ rel: "self", type: AP, href: ACTOR }));
    const other = await fetchWorker(`${ORIGIN}/.well-known/webfinger?resource=acct:someone@keyfacts.test`);
    expect(other.status).toBe(404);
  });

  it("NodeInfo 2.1 names the software and counts the posts", async () => {
    const links = await json("/.well-known/nodeinfo", "application/json");
    expect(links.links).toContainEqual(expect.objectContaining({ href: `${ORIGIN}/nodeinfo/2.1` }));
    const info = await json("/nodeinfo/2.1", "application/json");
    expect(info.protocols).toEqual(["activitypub"]);
    expect((info.usage as { localPosts: number }).localPosts).toBe(2);
  });

  it("the actor is an Organization with a key, a shared inbox and its feeds", async () => {
    const actor = await json("/ap/actors/keyfacts");
    expect(actor).toMatchObject({ id: ACTOR, type: "Organization", preferredUsername: "keyfacts", url: `${ORIGIN}/` });
    expect(actor.endpoints).toMatchObject({ sharedInbox: `${ORIGIN}/ap/inbox` });
    expect(actor.icon).toMatchObject({ type: "Image", url: `${ORIGIN}/apple-touch-icon.png` });
    expect((actor.publicKey as { publicKeyPem: string }).publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(JSON.stringify(actor.attachment)).toContain(`${ORIGIN}/feed.xml`);
    expect(JSON.stringify(actor)).not.toMatch(/"d"\s*:|PRIVATE/);
  });

  it("the followers collection gives its count, never the list", async () => {
    const followers = await json("/ap/actors/keyfacts/followers");
    expect(followers.totalItems).toBeTypeOf("number");
    const page = await json("/ap/actors/keyfacts/followers?cursor=0");
    expect(page.orderedItems ?? []).toEqual([]);
  });

  it("the outbox lists a Create per summary, newest first, each a Note with its key facts and sources", async () => {
    const outbox = await json("/ap/actors/keyfacts/outbox");
    expect(outbox.totalItems).toBe(2);
    const page = await json("/ap/actors/keyfacts/outbox?cursor=0");
    const items = page.orderedItems as { type: string; object: { id: string; content: string } }[];
    expect(items.map((i) => i.type)).toEqual(["Create", "Create"]);
    const note = items.find((i) => i.object.id.endsWith(SLUG))?.object;
    expect(note?.content).toContain("<h2>Key facts</h2>");
    expect(note?.content).toContain("BBC, via SaedNews");
  });

  it("a summary's Note carries its URL, hashtags and facts; an unknown one is a 404", async () => {
    const note = await json(`/ap/summaries/${SLUG}`);
    expect(note).toMatchObject({ type: "Note", url: `${ORIGIN}/summaries/${SLUG}`, attributedTo: ACTOR });
    expect(note.tag).toContainEqual(expect.objectContaining({ type: "Hashtag", name: "#labour_exports" }));
    expect(note.content).toContain("<ul><li>");
    const missing = await fetchWorker(`${ORIGIN}/ap/summaries/no-such-summary`, { headers: { Accept: AP } });
    expect(missing.status).toBe(404);
  });

  it("a browser asking for the actor or a Note is sent to the page for people", async () => {
    const actor = await fetchWorker(`${ORIGIN}/ap/actors/keyfacts`, { headers: { Accept: "text/html" }, redirect: "manual" });
    expect(actor.status).toBe(303);
    expect(actor.headers.get("Location")).toBe(`${ORIGIN}/`);
    const note = await fetchWorker(`${ORIGIN}/ap/summaries/${SLUG}`, { headers: { Accept: "text/html" }, redirect: "manual" });
    expect(note.headers.get("Location")).toBe(`${ORIGIN}/summaries/${SLUG}`);
  });
});
