/**
 * The signing secret of subscription links (`SUBSCRIPTION_SECRET`). Without it no link can be
 * made or checked: the routes answer 503 (routes/secret.ts), the send queue puts its messages off.
 * @module
 */

/** The shortest secret accepted: 32 characters, as `npm start` and `openssl rand -hex 32` make longer ones. */
const MIN_SECRET = 32;

/** The secret is missing or too short; nothing that needs it may go on. */
export class MissingSecretError extends Error {
  constructor() {
    super(`SUBSCRIPTION_SECRET is missing or shorter than ${MIN_SECRET} characters`);
    this.name = "MissingSecretError";
  }
}

let warned = false;

/** The signing secret; a {@link MissingSecretError} without it, said once in the log with how to set it. */
export function subscriptionSecret(env: Env): string {
  const secret = env.SUBSCRIPTION_SECRET;
  if (typeof secret === "string" && secret.length >= MIN_SECRET) return secret;
  if (!warned) {
    warned = true;
    console.error(
      `SUBSCRIPTION_SECRET is missing or shorter than ${MIN_SECRET} characters: e-mail subscriptions are refused (503) and no mail is sent. Set it with \`wrangler secret put SUBSCRIPTION_SECRET\`.`,
    );
  }
  throw new MissingSecretError();
}
