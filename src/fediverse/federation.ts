/**
 * The publication as an ActivityPub actor, on Fedify: WebFinger, NodeInfo, the actor, its outbox,
 * its followers (a count), one Note per summary, and the inbox (Follow, Undo, Delete). Fedify
 * signs every request we send and verifies every one we receive (draft-cavage and RFC 9421,
 * Digest included), fetching the sender's key from its actor.
 * @module
 */
import { createFederation, type Federation, importJwk } from "@fedify/fedify";
import {
  Accept,
  Create,
  Delete,
  Endpoints,
  Follow,
  Image,
  isActor,
  Note,
  type Note as NoteType,
  Organization,
  PropertyValue,
  Undo,
} from "@fedify/fedify/vocab";
import { escapeHtmlText } from "../worker/feeds/html";
import { archive, countFor, entryAt, getSummary, hasSummary } from "../worker/lib/store";
import { CloudflareQueue, D1KvStore } from "./adapters";
import type { FediverseEnv } from "./env";
import { addFollower, followerCount, followers, removeFollower, removeFollowerByFollow } from "./followers";
import { loaders } from "./loader";
import { noteOf } from "./objects";

export const HANDLE = archive.publication.fediverse_handle;
/** Outbox pages hold this many Creates, newest first. */
const PAGE = 20;

/** The actor's key pair, made once per isolate from the secret JWK (the public half is its n and e). */
let keys: Promise<CryptoKeyPair> | undefined;
function keyPair(env: FediverseEnv): Promise<CryptoKeyPair> {
  const secret = env.FEDIVERSE_PRIVATE_KEY;
  if (!secret)
    throw new Error("FEDIVERSE_PRIVATE_KEY is not set: run `wrangler secret put FEDIVERSE_PRIVATE_KEY` (npm start makes one locally)");
  keys ??= (async () => {
    const jwk = JSON.parse(secret) as JsonWebKey;
    const { kty, n, e } = jwk;
    return {
      privateKey: await importJwk({ ...jwk, alg: "RS256" }, "private"),
      publicKey: await importJwk({ kty, n, e, alg: "RS256", ext: true }, "public"),
    };
  })();
  return keys;
}

const federations = new Map<boolean, Federation<FediverseEnv>>();

/** The federation for `env`, made on first use (Fedify's stores take the bindings), one per address policy. */
export function federationFor(env: FediverseEnv): Federation<FediverseEnv> {
  const local = env.FEDIVERSE_LOCAL === "1";
  let fed = federations.get(local);
  if (fed === undefined) {
    fed = build(env);
    federations.set(local, fed);
  }
  return fed;
}

function build(env: FediverseEnv): Federation<FediverseEnv> {
  const fed = createFederation<FediverseEnv>({
    kv: new D1KvStore(env.DB),
    queue: new CloudflareQueue(env.FEDIVERSE_QUEUE),
    manuallyStartQueue: true,
    // Remote actors and keys are fetched from public addresses only (no SSRF into our network),
    // except for the local peers of tests and npm start; each fetch bounded in time and size.
    ...loaders(env.FEDIVERSE_LOCAL === "1"),
    // Retried with back-off (Fedify's default: exponential, up to 10 attempts and 12 hours apart);
    // a 404 or 410 from an inbox gives that follower up at once.
    permanentFailureStatusCodes: [404, 410],
  });

  fed
    .setActorDispatcher("/ap/actors/{identifier}", async (ctx, identifier) => {
      if (identifier !== HANDLE) return null;
      const origin = ctx.origin;
      const pair = (await ctx.getActorKeyPairs(identifier))[0];
      const feeds = [
        ["RSS", "/feed.xml"],
        ["Atom", "/atom.xml"],
        ["JSON Feed", "/feed.json"],
      ];
      return new Organization({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: archive.publication.title,
        summary: `<p>${escapeHtmlText(archive.publication.description)}</p>`,
        url: new URL(`${origin}/`),
        // The site's 180-pixel PNG icon: Mastodon shows raster avatars only.
        icon: new Image({ url: new URL(`${origin}/apple-touch-icon.png`), mediaType: "image/png" }),
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        manuallyApprovesFollowers: false,
        discoverable: true,
        indexable: true,
        publicKey: pair?.cryptographicKey,
        assertionMethods: pair === undefined ? [] : [pair.multikey],
        attachments: feeds.map(
          ([name, path]) =>
            new PropertyValue({ name, value: `<a href="${origin}${path}" rel="me nofollow noopener">${origin}${path}</a>` }),
        ),
      });
    })
    .setKeyPairsDispatcher(async (ctx, identifier) => (identifier === HANDLE ? [await keyPair(ctx.data)] : []))
    .mapHandle((_ctx, username) => (username === HANDLE ? HANDLE : null));

  fed.setObjectDispatcher(Note, "/ap/summaries/{slug}", async (ctx, { slug }) => {
    if (!hasSummary(slug)) return null;
    const summary = await getSummary(slug, ctx.origin);
    return summary === undefined ? null : noteOf(summary, noteIds(ctx.origin, slug, ctx));
  });

  fed
    .setOutboxDispatcher("/ap/actors/{identifier}/outbox", async (ctx, identifier, cursor) => {
      if (identifier !== HANDLE || cursor === null) return null;
      const from = Number.parseInt(cursor, 10);
      if (!Number.isSafeInteger(from) || from < 0) return null;
      const total = countFor();
      const items = [];
      for (let i = from; i < Math.min(total, from + PAGE); i++) {
        const summary = await getSummary(entryAt(undefined, i).slug, ctx.origin);
        if (summary !== undefined) items.push(createOf(noteOf(summary, noteIds(ctx.origin, summary.slug, ctx))));
      }
      return { items, nextCursor: from + PAGE < total ? String(from + PAGE) : null };
    })
    .setCounter((_ctx, identifier) => (identifier === HANDLE ? countFor() : null))
    .setFirstCursor(() => "0");

  // The followers collection: Fedify reads it whole (cursor null) to deliver; anyone else sees
  // its count and an empty first page, never the list.
  fed
    .setFollowersDispatcher("/ap/actors/{identifier}/followers", async (ctx, identifier, cursor) => {
      if (identifier !== HANDLE) return null;
      if (cursor !== null) return { items: [] };
      return { items: await followers(ctx.data.DB) };
    })
    .setCounter((ctx, identifier) => (identifier === HANDLE ? followerCount(ctx.data.DB) : null))
    .setFirstCursor(() => "0");

  fed
    .setInboxListeners("/ap/actors/{identifier}/inbox", "/ap/inbox")
    .on(Follow, async (ctx, follow) => {
      if (follow.id === null || follow.actorId === null || follow.objectId === null) return;
      const target = ctx.parseUri(follow.objectId);
      if (target?.type !== "actor" || target.identifier !== HANDLE) return;
      const follower = await follow.getActor(ctx);
      if (follower === null || !isActor(follower) || follower.id === null || follower.inboxId === null) return;
      await addFollower(ctx.data.DB, {
        actor: follower.id.href,
        follow: follow.id.href,
        inbox: follower.inboxId.href,
        sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
      });
      await ctx.sendActivity(
        { identifier: HANDLE },
        follower,
        new Accept({
          id: new URL(`#accepts/${crypto.randomUUID()}`, ctx.getActorUri(HANDLE)),
          actor: ctx.getActorUri(HANDLE),
          object: follow,
        }),
      );
    })
    .on(Undo, async (ctx, undo) => {
      const object = await undo.getObject(ctx);
      if (!(object instanceof Follow) || undo.actorId === null) return;
      // Only the follower itself can undo its follow: the Undo's actor is the signer Fedify checked.
      if (object.id !== null) await removeFollowerByFollow(ctx.data.DB, object.id.href, undo.actorId.href);
      else await removeFollower(ctx.data.DB, undo.actorId.href);
    })
    .on(Delete, async (ctx, del) => {
      // An actor deleting itself: its follow goes with it. A Delete of anything else is ignored.
      if (del.actorId !== null && del.objectId?.href === del.actorId.href) await removeFollower(ctx.data.DB, del.actorId.href);
    });

  fed.setNodeInfoDispatcher("/nodeinfo/2.1", (ctx) => ({
    software: { name: "keyfacts", version: "0.1.0", homepage: new URL(`${ctx.origin}/`) },
    protocols: ["activitypub"],
    openRegistrations: false,
    usage: { users: { total: 1, activeMonth: 1, activeHalfyear: 1 }, localPosts: countFor(), localComments: 0 },
  }));

  fed.setOutboxPermanentFailureHandler(async (ctx, { inbox }) => {
    // The instance said the inbox is gone for good: stop delivering to the followers behind it.
    await ctx.data.DB.prepare("DELETE FROM followers WHERE inbox = ?1 OR shared_inbox = ?1").bind(inbox.href).run();
  });

  return fed;
}

/** The ids a summary's Note carries. */
export function noteIds(origin: string, slug: string, ctx: { getActorUri(i: string): URL; getFollowersUri(i: string): URL }) {
  return {
    id: new URL(`${origin}/ap/summaries/${encodeURIComponent(slug)}`),
    actor: ctx.getActorUri(HANDLE),
    followers: ctx.getFollowersUri(HANDLE),
    tagUrl: (tag: string) => `${origin}/tags/${encodeURIComponent(tag)}`,
  };
}

/** A Create of `note`, with the note's id and dates: the same activity the outbox lists and delivery sends. */
export function createOf(note: NoteType): Create {
  return new Create({
    id: new URL(`${note.id?.href}#create`),
    actor: note.attributionId,
    to: note.toId,
    cc: note.ccId,
    object: note,
    published: note.published,
  });
}
