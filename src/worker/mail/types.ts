/**
 * What every part of the mail layer shares: a message as data, the provider's answer, the
 * `Mailer` every provider implements, and `MailError`. It imports nothing, so any module may use it.
 * @module
 */

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
