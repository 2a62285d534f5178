/**
 * The one way mail leaves the worker: a message built as data (types.ts), handed to the
 * `Mailer` that `MAIL_PROVIDER` names. The providers live beside each other in providers/;
 * this module only chooses one.
 * @module
 */
import { cloudflareMailer } from "./providers/cloudflare";
import { sesMailer } from "./providers/ses";
import type { Mailer } from "./types";

/** A mailer that cannot send: its first send throws `reason` (logged, the message retried), never a silent fallback. */
const broken = (reason: string): Mailer => ({
  send: () => Promise.reject(new Error(reason)),
});

/** The mailer `MAIL_PROVIDER` names: "cloudflare" (the default) or "ses", with its settings and secrets. */
export function mailerFor(env: Env): Mailer {
  const provider = env.MAIL_PROVIDER || "cloudflare";
  if (provider === "cloudflare") return cloudflareMailer(env.EMAIL);
  if (provider !== "ses") return broken(`MAIL_PROVIDER "${provider}" is not a mail provider: use "cloudflare" or "ses"`);
  const { SES_REGION: region, SES_ACCESS_KEY_ID: accessKeyId, SES_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!region || !accessKeyId || !secretAccessKey)
    return broken("MAIL_PROVIDER is ses but SES_REGION, SES_ACCESS_KEY_ID or SES_SECRET_ACCESS_KEY is not set");
  return sesMailer({ region, accessKeyId, secretAccessKey, configurationSet: env.SES_CONFIGURATION_SET });
}
