/**
 * A stand-in for Cloudflare Turnstile's siteverify endpoint (challenges.cloudflare.com), part
 * of the workers tests' outbound stand-in (outbound.js). It answers as Cloudflare documents for
 * its test secret keys: 1x…AA always passes, 2x…AA always fails, 3x…AA says the token was spent.
 */
const KEYS = {
  "1x0000000000000000000000000000000AA": { success: true, "error-codes": [] },
  "2x0000000000000000000000000000000AA": { success: false, "error-codes": ["invalid-input-response"] },
  "3x0000000000000000000000000000000AA": { success: false, "error-codes": ["timeout-or-duplicate"] },
};

export async function turnstile(request) {
  const url = new URL(request.url);
  if (request.method !== "POST" || url.pathname !== "/turnstile/v0/siteverify") return new Response("not found", { status: 404 });
  const form = new URLSearchParams(await request.text());
  const secret = form.get("secret") ?? "";
  const response = form.get("response") ?? "";
  let body = KEYS[secret] ?? { success: false, "error-codes": ["invalid-input-secret"] };
  if (secret === "") body = { success: false, "error-codes": ["missing-input-secret"] };
  else if (response === "") body = { success: false, "error-codes": ["missing-input-response"] };
  const extra = body.success ? { challenge_ts: new Date().toISOString(), hostname: "example.com", action: "", cdata: "" } : {};
  return Response.json({ ...body, ...extra });
}
