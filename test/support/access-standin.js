/**
 * A stand-in for a Cloudflare Access team (https://<team>.cloudflareaccess.com), part of the
 * workers tests' outbound stand-in (outbound.js). On its first request it makes two RSA keys
 * (WebCrypto; no private key is ever committed) and serves:
 *
 * - `GET /cdn-cgi/access/certs`: their public JWKs, as Access serves its signing keys;
 * - test-only: `POST /__test/sign` with `{ header, payload, key }` returns the compact JWS
 *   of that header and payload signed RS256 by key 0 or 1, as Access signs its tokens.
 */

const ALGORITHM = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
const KIDS = ["keyfacts-test-key-0", "keyfacts-test-key-1"];

const base64url = (bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
const text = (value) => base64url(new TextEncoder().encode(JSON.stringify(value)));

let made;
/** The two key pairs and the JWKS that publishes them, made once. */
function keys() {
  made ??= (async () => {
    const pairs = await Promise.all(KIDS.map(() => crypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"])));
    const jwks = await Promise.all(
      pairs.map(async (p, i) => {
        const { kty, n, e } = await crypto.subtle.exportKey("jwk", p.publicKey);
        return { kty, n, e, kid: KIDS[i], alg: "RS256", use: "sig" };
      }),
    );
    return { pairs, jwks: { keys: jwks } };
  })();
  return made;
}

export async function access(request) {
  const url = new URL(request.url);
  const { pairs, jwks } = await keys();
  if (request.method === "GET" && url.pathname === "/cdn-cgi/access/certs") return Response.json(jwks);
  if (request.method === "POST" && url.pathname === "/__test/sign") {
    const { header, payload, key = 0 } = await request.json();
    const input = `${text({ alg: "RS256", kid: KIDS[key], ...header })}.${text(payload)}`;
    const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", pairs[key].privateKey, new TextEncoder().encode(input));
    return new Response(`${input}.${base64url(new Uint8Array(signature))}`);
  }
  return new Response("not found", { status: 404 });
}
