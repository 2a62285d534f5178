/**
 * The local outbox of `wrangler dev`: what the send_email binding sent, listed by the local
 * explorer API. Our mails go as whole MIME messages, which it keeps as they are; here they are
 * read back with postal-mime, as a mail client would read them.
 */
import PostalMime from "postal-mime";

export interface OutboxMail {
  messageId: string;
  to: string[];
  subject: string;
  /** Each header by the name it was written with (`List-Unsubscribe`), unfolded. */
  headers: Record<string, string>;
  text?: string;
  html?: string;
  /** The message as sent, when it went as MIME. */
  raw?: string;
}

interface Listed {
  messageId: string;
  to: string[];
  subject: string;
}

interface Detail extends Listed {
  headers?: Record<string, string>;
  text?: string;
  html?: string;
  rawBase64?: string;
}

/** A mail's detail, its MIME parsed into headers and both parts. */
async function read(worker: string, messageId: string): Promise<OutboxMail> {
  const url = `${worker}/cdn-cgi/local/explorer/api/local/email/sending?email_id=${encodeURIComponent(messageId)}`;
  const detail = ((await (await fetch(url)).json()) as { result: Detail }).result;
  if (detail.rawBase64 === undefined) return { ...detail, headers: detail.headers ?? {} };
  const raw = Buffer.from(detail.rawBase64, "base64").toString("utf8");
  const parsed = await PostalMime.parse(raw);
  const headers = Object.fromEntries(parsed.headers.map((h) => [h.originalKey, h.value]));
  return { ...detail, headers, text: parsed.text, html: parsed.html, raw };
}

/** The newest mail to `address` whose subject passes `subject`, waiting up to `ms` for the worker's after-response work or the queue. */
export async function mailTo(worker: string, address: string, subject: (s: string) => boolean, ms = 20_000): Promise<OutboxMail> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const list = (await (await fetch(`${worker}/cdn-cgi/local/explorer/api/local/email/sending?per_page=100`)).json()) as {
      result: Listed[];
    };
    const found = list.result.find((m) => m.to.includes(address) && subject(m.subject));
    if (found) return read(worker, found.messageId);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no such mail reached the local outbox in ${ms} ms`);
}
