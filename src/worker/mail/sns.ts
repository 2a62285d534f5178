/**
 * Amazon SNS messages (how SES reports bounces and complaints), checked as AWS documents:
 * the canonical string of the message's fields, signed SHA1withRSA (SignatureVersion 1) or
 * SHA256withRSA (2) with the key of the certificate at SigningCertURL, which must be https on
 * the SNS host of the topic's own region, at SNS's certificate path; no other URL is ever fetched. WebCrypto imports no
 * X.509 certificate, so a minimal DER reader takes its SubjectPublicKeyInfo.
 * @module
 */

export interface SnsMessage {
  Type: "Notification" | "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
}

/** The fields each type signs, in the order of its canonical string (Subject only when present). */
const SIGNED: Record<SnsMessage["Type"], readonly (keyof SnsMessage)[]> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};

const HASHES: Record<string, string> = { "1": "SHA-1", "2": "SHA-256" };
/** Where SNS keeps its signing certificates: `/SimpleNotificationService-<hex>.pem`. */
const CERT_PATH = /^\/SimpleNotificationService-[0-9a-f]+\.pem$/;

/** An SNS message from a parsed body, or undefined when a field it needs is missing or not a string. */
export function snsMessageOf(body: unknown): SnsMessage | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const o = body as Record<string, unknown>;
  const fields = typeof o.Type === "string" && Object.hasOwn(SIGNED, o.Type) ? SIGNED[o.Type as SnsMessage["Type"]] : undefined;
  const needed = [...(fields ?? []), "SignatureVersion", "Signature", "SigningCertURL"].filter((k) => k !== "Subject");
  if (fields === undefined || !needed.every((k) => typeof o[k] === "string")) return undefined;
  return o.Subject === undefined || typeof o.Subject === "string" ? (o as unknown as SnsMessage) : undefined;
}

/** The SNS host of a topic's region: `arn:aws:sns:<region>:<account>:<name>` → `sns.<region>.amazonaws.com`. */
export const snsHost = (topicArn: string) => `sns.${topicArn.split(":")[3] ?? ""}.amazonaws.com`;

/** Whether `url` is https on exactly `host`: no other port, no credentials. */
export function isOnHost(url: string, host: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "https:" && u.host === host && u.username === "" && u.password === "";
  } catch {
    return false;
  }
}

/** One DER element at `at`: where its contents start and where it ends. */
function element(der: Uint8Array, at: number): { start: number; end: number } {
  let length = der[at + 1] ?? 0;
  let start = at + 2;
  if (length > 0x80 && length < 0x85) {
    const n = length - 0x80;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (der[start++] ?? 0);
  } else if (length >= 0x80) throw new Error("certificate: unsupported DER length");
  if (start + length > der.length) throw new Error("certificate: truncated");
  return { start, end: start + length };
}

/**
 * The SubjectPublicKeyInfo of a DER certificate: Certificate → tbsCertificate → [0] version
 * (optional), serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo.
 */
export function spkiOf(der: Uint8Array): Uint8Array {
  const tbs = element(der, element(der, 0).start);
  let at = tbs.start;
  if (der[at] === 0xa0) at = element(der, at).end;
  for (let i = 0; i < 5; i++) at = element(der, at).end;
  if (der[at] !== 0x30) throw new Error("certificate: no SubjectPublicKeyInfo");
  return der.subarray(at, element(der, at).end);
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** Certificates' keys by URL, per isolate: SNS signs with a handful, each fetched once. */
const keys = new Map<string, Promise<Uint8Array>>();

function spkiAt(url: string): Promise<Uint8Array> {
  let spki = keys.get(url);
  if (spki === undefined) {
    if (keys.size >= 16) keys.clear();
    spki = fetch(url).then(async (r) => {
      if (!r.ok) throw new Error(`certificate: ${r.status}`);
      // Decoded by hand: the certificate comes as application/x-pem-file or octet-stream, not text/*.
      const pem = new TextDecoder().decode(await r.arrayBuffer());
      const base64 = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem)?.[1];
      if (base64 === undefined) throw new Error("certificate: not PEM");
      return spkiOf(bytesOf(base64.replace(/\s+/g, "")));
    });
    // A failure is not kept: the next message fetches again.
    spki.catch(() => keys.delete(url));
    keys.set(url, spki);
  }
  return spki;
}

/** Whether `m` was signed by SNS for `topicArn`; any doubt (wrong topic or host, bad certificate or signature) is false. */
export async function isSignedBySns(m: SnsMessage, topicArn: string): Promise<boolean> {
  const hash = HASHES[m.SignatureVersion];
  const onSns = isOnHost(m.SigningCertURL, snsHost(topicArn)) && CERT_PATH.test(new URL(m.SigningCertURL).pathname);
  if (topicArn === "" || m.TopicArn !== topicArn || hash === undefined || !onSns) return false;
  const canonical = SIGNED[m.Type]
    .filter((k) => m[k] !== undefined)
    .map((k) => `${k}\n${m[k]}\n`)
    .join("");
  try {
    const key = await crypto.subtle.importKey("spki", await spkiAt(m.SigningCertURL), { name: "RSASSA-PKCS1-v1_5", hash }, false, [
      "verify",
    ]);
    return await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, bytesOf(m.Signature), new TextEncoder().encode(canonical));
  } catch {
    return false;
  }
}
