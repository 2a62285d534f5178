/**
 * A stand-in for remote Fediverse instances, the fediverse worker tests' outbound service
 * (vitest.config.ts): every fetch Fedify makes lands here. Any host serves actors at
 * `/users/<name>` (a Person with an RSA key made on first request, an inbox and the host's shared
 * inbox `/inbox`) and records every POST to an inbox. Test-only routes on any host:
 * `GET /__test/key/<name>` the actor's private JWK (to sign as it), `GET /__test/received` the
 * POSTs so far (url, headers, body), `GET /__test/fetched` every URL fetched. Nothing here verifies.
 * Actors named `gone…` answer 410; actors named `huge…` are 2 MB documents. Inboxes on hosts named
 * `down…` answer 503 (recorded first), on hosts named `gone…` 410.
 */
const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
const keys = new Map();
const received = [];
const fetched = [];

function keyOf(actor) {
  if (!keys.has(actor)) keys.set(actor, crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]));
  return keys.get(actor);
}

async function pem(publicKey) {
  const der = new Uint8Array(await crypto.subtle.exportKey("spki", publicKey));
  const b64 = btoa(String.fromCharCode(...der)).replace(/.{64}/g, "$&\n");
  return `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`;
}

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const origin = url.origin;
    if (url.pathname === "/__test/received") return Response.json(received);
    if (url.pathname === "/__test/fetched") return Response.json(fetched);
    const key = /^\/__test\/key\/([a-z0-9]+)$/.exec(url.pathname);
    if (key) return Response.json(await crypto.subtle.exportKey("jwk", (await keyOf(`${origin}/users/${key[1]}`)).privateKey));
    fetched.push(`${request.method} ${request.url}`);
    if (request.method === "POST" && (url.pathname === "/inbox" || url.pathname.endsWith("/inbox"))) {
      received.push({ url: request.url, headers: Object.fromEntries(request.headers), body: await request.json() });
      // Instances named down… are failing (503); instances named gone… have closed (410).
      if (url.hostname.startsWith("down")) return new Response("down", { status: 503 });
      if (url.hostname.startsWith("gone")) return new Response("gone", { status: 410 });
      return new Response(null, { status: 202 });
    }
    const user = /^\/users\/([a-z0-9]+)$/.exec(url.pathname);
    if (request.method === "GET" && user) {
      if (user[1].startsWith("gone")) return new Response("gone", { status: 410 });
      const id = `${origin}/users/${user[1]}`;
      const pair = await keyOf(id);
      return new Response(
        JSON.stringify({
          "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
          id,
          type: "Person",
          preferredUsername: user[1],
          inbox: `${id}/inbox`,
          endpoints: { sharedInbox: `${origin}/inbox` },
          publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: await pem(pair.publicKey) },
          // An actor named huge… has a 2 MB summary: more than anyone should have to read.
          ...(user[1].startsWith("huge") ? { summary: "x".repeat(2 * 1024 * 1024) } : {}),
        }),
        { headers: { "Content-Type": "application/activity+json" } },
      );
    }
    return new Response("no such thing here", { status: 404 });
  },
};
