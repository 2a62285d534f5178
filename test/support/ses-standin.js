/**
 * A stand-in for Amazon SES v2's SendEmail (POST https://email.<region>.amazonaws.com/v2/email/outbound-emails),
 * part of the workers tests' outbound stand-in (outbound.js). It checks the request as AWS
 * does: SigV4 (the Authorization header's shape, X-Amz-Date, the credential's date, region and
 * service, and the signature itself, recomputed here from the test key) and the Simple
 * content's shape (at most 15 headers). Then it answers as SES documents, chosen by the test:
 *
 * | the request | the answer |
 * | --- | --- |
 * | recipient `rejected…@` | 400 MessageRejected "Address blacklisted." (the address is refused) |
 * | recipient `unverified…@` | 400 MessageRejected "Email address is not verified…" (the sandbox: our account) |
 * | recipient `suspended…@` | 400 AccountSuspendedException |
 * | recipient `paused…@` | 400 SendingPausedException |
 * | recipient `outage…@` | 500 InternalFailure |
 * | ConfigurationSetName `missing…` | 404 NotFoundException |
 * | ConfigurationSetName `throttle-after-<N>…` | N sends accepted under that name, then 429 TooManyRequestsException "Maximum sending rate exceeded." with Retry-After: 30 (SES documents no Retry-After; the stand-in sends one so a test sees it passed on) |
 * | another key id or secret | 403 UnrecognizedClientException / SignatureDoesNotMatch |
 * | anything else | 200 {"MessageId": …} |
 *
 * Errors come as restJson ones do: the type in `x-amzn-ErrorType`, `{"message": …}` as body.
 * `GET /__test/sent?to=<address>` lists what was accepted for that recipient (MessageId and request).
 */

/** The only credentials SES knows here; the tests sign with them. */
export const SES_TEST_KEY = { id: "AKIDKEYFACTSTEST0001", secret: "keyfacts-test-secret-access-key-0123456789" };

const encoder = new TextEncoder();
const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
const sha256 = async (data) => hex(await crypto.subtle.digest("SHA-256", typeof data === "string" ? encoder.encode(data) : data));
async function hmac(key, text) {
  const k = await crypto.subtle.importKey(
    "raw",
    typeof key === "string" ? encoder.encode(key) : key,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return crypto.subtle.sign("HMAC", k, encoder.encode(text));
}

const sent = new Map();
const accepted = new Map();

const error = (status, type, message, headers = {}) =>
  new Response(JSON.stringify({ message }), {
    status,
    headers: {
      "Content-Type": "application/json",
      "x-amzn-ErrorType": `${type}:http://internal.amazon.com/coral/com.amazonaws.sesv2/`,
      ...headers,
    },
  });

/** The SigV4 check, done independently of the worker's signer: undefined when it holds, else AWS's error. */
async function sigV4Error(request, body, region) {
  const auth = request.headers.get("Authorization") ?? "";
  const date = request.headers.get("X-Amz-Date") ?? "";
  const m =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (m === null || !/^\d{8}T\d{6}Z$/.test(date))
    return error(400, "IncompleteSignature", "Authorization header requires a well-formed SigV4 signature.");
  const [, keyId, day, credRegion, service, signedHeaders, signature] = m;
  if (keyId !== SES_TEST_KEY.id) return error(403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  if (day !== date.slice(0, 8) || credRegion !== region || service !== "ses" || !signedHeaders.split(";").includes("host"))
    return error(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region, service and date.");
  const url = new URL(request.url);
  const headers = signedHeaders
    .split(";")
    .map((h) => `${h}:${(h === "host" ? url.host : (request.headers.get(h) ?? "")).trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonical = ["POST", url.pathname, "", headers, signedHeaders, await sha256(body)].join("\n");
  const scope = `${day}/${region}/ses/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", date, scope, await sha256(canonical)].join("\n");
  let key = `AWS4${SES_TEST_KEY.secret}`;
  for (const part of [day, region, "ses", "aws4_request"]) key = await hmac(key, part);
  if (hex(await hmac(key, toSign)) !== signature)
    return error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
  return undefined;
}

export async function ses(request, region) {
  const url = new URL(request.url);
  if (request.method === "GET" && url.pathname === "/__test/sent") return Response.json(sent.get(url.searchParams.get("to")) ?? []);
  if (request.method !== "POST" || url.pathname !== "/v2/email/outbound-emails")
    return error(404, "NotFoundException", "Unknown operation.");
  const body = await request.arrayBuffer();
  const refused = await sigV4Error(request, body, region);
  if (refused) return refused;
  let req;
  try {
    req = JSON.parse(new TextDecoder().decode(body));
  } catch {
    return error(400, "BadRequestException", "Request body is not JSON.");
  }
  const to = req.Destination?.ToAddresses?.[0] ?? "";
  const simple = req.Content?.Simple;
  if (
    !to ||
    !req.FromEmailAddress ||
    !simple?.Subject?.Data ||
    !(simple.Body?.Text || simple.Body?.Html) ||
    (simple.Headers ?? []).length > 15
  )
    return error(400, "BadRequestException", "1 validation error detected: Content.Simple is not valid.");
  const local = to.split("@")[0];
  const set = req.ConfigurationSetName ?? "";
  if (local.startsWith("rejected")) return error(400, "MessageRejected", "Address blacklisted.");
  if (local.startsWith("unverified"))
    return error(
      400,
      "MessageRejected",
      `Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${to}`,
    );
  if (local.startsWith("suspended")) return error(400, "AccountSuspendedException", "Your account has been suspended.");
  if (local.startsWith("paused")) return error(400, "SendingPausedException", "Sending is paused for this account.");
  if (local.startsWith("outage")) return error(500, "InternalFailure", "The request processing has failed because of an unknown error.");
  if (set.startsWith("missing")) return error(404, "NotFoundException", `Configuration set <${set}> does not exist.`);
  const throttle = /^throttle-after-(\d+)/.exec(set);
  if (throttle && (accepted.get(set) ?? 0) >= Number(throttle[1]))
    return error(429, "TooManyRequestsException", "Maximum sending rate exceeded.", { "Retry-After": "30" });
  accepted.set(set, (accepted.get(set) ?? 0) + 1);
  const MessageId = `0100019a-${crypto.randomUUID()}-000000`;
  sent.set(to, [...(sent.get(to) ?? []), { MessageId, request: req }]);
  return Response.json({ MessageId });
}
