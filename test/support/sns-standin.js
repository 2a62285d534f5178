/**
 * A stand-in for Amazon SNS (https://sns.<region>.amazonaws.com), part of the workers tests'
 * outbound stand-in (outbound.js). On its first request it makes an RSA key (WebCrypto) and a
 * minimal self-signed X.509 certificate for it, built here in DER: no private key is ever
 * committed. It serves:
 *
 * - `GET /SimpleNotificationService-0123456789abcdef0123456789abcdef.pem`: that certificate, as SNS serves its own;
 * - `GET /?Action=ConfirmSubscription&TopicArn=…&Token=…`: what a SubscribeURL does, remembered;
 * - test-only: `POST /__test/sign` signs the SNS message in the body as SNS does (canonical
 *   string, SignatureVersion "1" SHA1withRSA or "2" SHA256withRSA, as the body's
 *   SignatureVersion says; SigningCertURL defaults to the certificate above) and returns it;
 *   `GET /__test/confirmed?token=…` says whether that subscription was confirmed.
 */

const CERT_PATH = "/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
const SIGNED = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};

// DER, as much as a certificate needs: a tag, its length, its contents.
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
function tlv(tag, ...contents) {
  const body = concat(...contents);
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return concat(new Uint8Array([tag, ...length]), body);
}
const seq = (...c) => tlv(0x30, ...c);
const oid = (...bytes) => tlv(0x06, new Uint8Array(bytes));
const SHA256_WITH_RSA = seq(oid(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b), tlv(0x05));
const name = (cn) => seq(tlv(0x31, seq(oid(0x55, 0x04, 0x03), tlv(0x0c, new TextEncoder().encode(cn)))));
const utcTime = (text) => tlv(0x17, new TextEncoder().encode(text));
const base64 = (bytes) => btoa(String.fromCharCode(...bytes));

let made;
/** The key pair (a SHA-256 and a SHA-1 signing key from one RSA key) and its certificate's PEM, made once. */
function keys() {
  made ??= (async () => {
    const algorithm = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
    const pair = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
    const pkcs8 = await crypto.subtle.exportKey("pkcs8", pair.privateKey);
    const sha1 = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-1" }, false, ["sign"]);
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
    const issuer = name("sns.amazonaws.com (keyfacts test)");
    const tbs = seq(
      tlv(0xa0, tlv(0x02, new Uint8Array([2]))), // v3
      tlv(0x02, new Uint8Array([1])), // serial number
      SHA256_WITH_RSA,
      issuer,
      seq(utcTime("260101000000Z"), utcTime("361231235959Z")),
      issuer,
      spki,
    );
    const signature = new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", pair.privateKey, tbs));
    const der = seq(tbs, SHA256_WITH_RSA, tlv(0x03, new Uint8Array([0]), signature));
    const pem = `-----BEGIN CERTIFICATE-----\n${base64(der).replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
    return { sha256: pair.privateKey, sha1, pem };
  })();
  return made;
}

const confirmed = new Set();

export async function sns(request) {
  const url = new URL(request.url);
  const { sha256, sha1, pem } = await keys();
  if (request.method === "GET" && url.pathname === CERT_PATH)
    return new Response(pem, { headers: { "Content-Type": "application/x-pem-file" } });
  if (request.method === "GET" && url.searchParams.get("Action") === "ConfirmSubscription") {
    confirmed.add(url.searchParams.get("Token"));
    return new Response(
      "<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>arn</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>",
      {
        headers: { "Content-Type": "text/xml" },
      },
    );
  }
  if (request.method === "GET" && url.pathname === "/__test/confirmed") return Response.json(confirmed.has(url.searchParams.get("token")));
  if (request.method === "POST" && url.pathname === "/__test/sign") {
    const m = await request.json();
    m.SignatureVersion ??= "1";
    m.SigningCertURL ??= `https://${url.host}${CERT_PATH}`;
    const canonical = SIGNED[m.Type]
      .filter((k) => m[k] !== undefined)
      .map((k) => `${k}\n${m[k]}\n`)
      .join("");
    const key = m.SignatureVersion === "2" ? sha256 : sha1;
    m.Signature = base64(new Uint8Array(await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(canonical))));
    return Response.json(m);
  }
  return new Response("not found", { status: 404 });
}
