/**
 * Amazon SES v2 as the bulk HTTP provider: one SendEmail per message, Simple
 * content with our List-* headers, signed (SigV4) by aws4fetch. What SES answers decides the
 * MailError: only a refusal of the address itself is permanent; throttling, outages and
 * anything wrong with our own account, keys or settings are transient, so a misconfiguration
 * never suppresses a reader.
 * @module
 */
import { AwsClient } from "aws4fetch";
import { headerText } from "../header-text";
import { type Mail, MailError, type Mailer } from "../types";

export interface SesSettings {
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where SES publishes the sends' events (bounces and complaints reach /webhooks/ses through SNS). */
  configurationSet?: string;
}

/** `"Name" <email>`; a name beyond printable ASCII as an RFC 2047 encoded-word, as SES asks. */
function fromHeader({ name: given, email }: Mail["from"]): string {
  const name = headerText(given).trim();
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/[\\"]/g, "\\$&")}" <${email}>`;
  const bytes = new TextEncoder().encode(name);
  return `=?UTF-8?B?${btoa(String.fromCharCode(...bytes))}?= <${email}>`;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), at most an hour; undefined without one. */
function retryAfterOf(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : (Date.parse(value) - Date.now()) / 1000;
  return Number.isFinite(seconds) ? Math.min(3600, Math.max(0, Math.ceil(seconds))) : undefined;
}

/**
 * Whether SES refused the recipient: MessageRejected or BadRequestException naming the
 * address ("Address blacklisted.", "Illegal address"). "Email address is not verified" is the
 * sandbox or our sender identity, and a rejected content (a virus) is our message: both transient.
 */
const refusesAddress = (type: string, message: string) =>
  (type === "MessageRejected" || type === "BadRequestException") && /\baddress\b/i.test(message) && !/not verified/i.test(message);

export function sesMailer(settings: SesSettings): Mailer {
  // No retries inside the call: the queue retries, with its delays, and counts the attempts.
  const aws = new AwsClient({ ...settings, service: "ses", retries: 0 });
  const url = `https://email.${settings.region}.amazonaws.com/v2/email/outbound-emails`;
  return {
    async send(mail) {
      const utf8 = (data: string) => ({ Data: data, Charset: "UTF-8" });
      const body = JSON.stringify({
        FromEmailAddress: fromHeader(mail.from),
        Destination: { ToAddresses: [mail.to] },
        Content: {
          Simple: {
            Subject: utf8(headerText(mail.subject)),
            Body: { Text: utf8(mail.text), Html: utf8(mail.html) },
            Headers: Object.entries(mail.headers).map(([Name, Value]) => ({ Name, Value })),
          },
        },
        ...(settings.configurationSet ? { ConfigurationSetName: settings.configurationSet } : {}),
      });
      let response: Response;
      try {
        response = await aws.fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
      } catch (e) {
        throw new MailError(`SES unreachable: ${e instanceof Error ? e.message : e}`, false);
      }
      const json = (await response.json().catch(() => ({}))) as { MessageId?: unknown; message?: unknown; Message?: unknown };
      if (response.ok && typeof json.MessageId === "string") return { messageId: json.MessageId };
      // restJson errors: the type in x-amzn-ErrorType ("MessageRejected:http://…"), the text in the body.
      const type = (response.headers.get("x-amzn-ErrorType") ?? "").split(":")[0] as string;
      const message = String(json.message ?? json.Message ?? "");
      const permanent = response.status === 400 && refusesAddress(type, message);
      throw new MailError(
        `SES ${response.status} ${type || "error"}: ${message}`.trim(),
        permanent,
        retryAfterOf(response.headers.get("Retry-After")),
      );
    },
  };
}
