/**
 * The one way mail leaves the worker: a message built as data, handed to a
 * `Mailer`. Cloudflare Email Service (the `send_email` binding) is the default and what
 * `npm start` uses; Amazon SES (ses.ts) is the bulk HTTP provider, picked by `MAIL_PROVIDER`.
 * @module
 */
import { toMime } from "./mime";
import { sesMailer } from "./ses";

export interface MailAddress {
  name: string;
  email: string;
}

/** A whole message, as data: tests assert on it before any mailer sees it. */
export interface Mail {
  from: MailAddress;
  /** One recipient: every message is personal (its links carry that subscriber's tokens). */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (List-Unsubscribe and the like); names and values hold no line break. */
  headers: Record<string, string>;
}

export interface Sent {
  /** The provider's message id, to be kept with a delivery. */
  messageId: string;
}

/**
 * Why a send failed. `permanent` (a refused address) means never try that address again;
 * otherwise (rate limits, outages) the same message may be retried later, after
 * `retryAfter` seconds when the provider said how long.
 */
export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "MailError";
  }
}

export interface Mailer {
  send(mail: Mail): Promise<Sent>;
}

/**
 * Email Service through the `send_email` binding, given the whole message we build
 * ({@link toMime}) as an `EmailMessage`, so what leaves is the message our tests parse. The
 * binding takes either form and, once the sending domain is onboarded, any recipient; its docs
 * call the object form recommended and keep `EmailMessage` supported. The service still sets
 * its own `Message-ID` and `Date`, accepts only its allowlisted headers (the `List-*` ones and
 * `Auto-Submitted` are), and signs the message (DKIM).
 */
export function cloudflareMailer(binding: SendEmail): Mailer {
  return {
    async send(mail) {
      let raw: string;
      try {
        raw = toMime(mail);
      } catch (e) {
        // A message that cannot be built (an address no header can carry) never will be.
        throw new MailError(e instanceof Error ? e.message : String(e), true);
      }
      // Imported when a mail is sent, not when the worker starts: workerd without Email Service
      // (the bench's and `npm run load`'s) has no cloudflare:email to load.
      const { EmailMessage } = await import("cloudflare:email");
      try {
        const { messageId } = await binding.send(new EmailMessage(mail.from.email, mail.to, raw));
        return { messageId };
      } catch (e) {
        // The binding throws for addresses it will not send to (permanent) and for limits
        // and outages (transient); its message is the only signal it gives.
        const message = e instanceof Error ? e.message : String(e);
        throw new MailError(message, /invalid|not allowed|reject|destination/i.test(message));
      }
    },
  };
}

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
