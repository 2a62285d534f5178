/**
 * Cloudflare Email Service through the `send_email` binding: the default provider, and what
 * `npm start` uses.
 * @module
 */
import { EmailMessage } from "cloudflare:email";
import { toMime } from "../mime";
import { MailError, type Mailer } from "../types";

/**
 * Email Service given the whole message we build ({@link toMime}) as an `EmailMessage`, so
 * what leaves is the message our tests parse. The binding takes either form and, once the
 * sending domain is onboarded, any recipient; its docs call the object form recommended and
 * keep `EmailMessage` supported. The service still sets its own `Message-ID` and `Date`,
 * accepts only its allowlisted headers (the `List-*` ones and `Auto-Submitted` are), and
 * signs the message (DKIM).
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
