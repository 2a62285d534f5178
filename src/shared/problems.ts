/** The contract of the API's errors: RFC 9457 problem types, each with a page at `/problems/<type>`. */

export const PROBLEM_TYPES = {
  "not-found": {
    title: "Not found",
    status: 404,
    about: "Nothing is published at this address. Check the slug or tag; the list endpoints show what exists.",
  },
  "invalid-parameter": {
    title: "Invalid parameter",
    status: 400,
    about: "A query parameter has a value the endpoint does not accept. `errors` names each field and what it needs.",
  },
  "unknown-parameter": {
    title: "Unknown parameter",
    status: 400,
    about: "The request has a query parameter the endpoint does not define. Typos are reported rather than ignored.",
  },
  "invalid-cursor": {
    title: "Invalid cursor",
    status: 400,
    about: "The cursor is malformed, too long, or was issued for an older edition of the archive. Start again from the first page.",
  },
  "invalid-path": {
    title: "Invalid path",
    status: 400,
    about: "The path holds characters that cannot name a summary or tag (such as NUL or `..`).",
  },
  "method-not-allowed": {
    title: "Method not allowed",
    status: 405,
    about:
      "This resource does not take that method. Everything is read-only (GET, HEAD, OPTIONS) except the e-mail subscription routes, which also take POST, and the SES webhook, which takes only POST; the `Allow` header lists what a resource takes.",
  },
  "invalid-body": {
    title: "Invalid request body",
    status: 400,
    about:
      "The body of a POST is not what the endpoint accepts: a missing, unknown, repeated or malformed field. `errors` names each field and what it needs.",
  },
  "forbidden-origin": {
    title: "Cross-site request refused",
    status: 403,
    about:
      "Subscriptions change only through keyfacts' own pages (or a client that is not a browser): a POST from another site's page (`Origin` or `Sec-Fetch-Site`) is refused.",
  },
  "invalid-signature": {
    title: "Invalid signature",
    status: 401,
    about:
      "The SES webhook (`POST /webhooks/ses`) takes only Amazon SNS messages of the configured topic, signed by AWS with a certificate served over HTTPS from that region's SNS host; the ActivityPub inbox (`POST /ap/inbox`) takes only activities whose HTTP signature (draft-cavage or RFC 9421, with the body's digest) verifies against the key of their actor, made within the hour. Nothing was changed.",
  },
  "challenge-failed": {
    title: "Challenge failed",
    status: 403,
    about: "The anti-abuse check (Cloudflare Turnstile) of the subscribe form did not pass. Reload the form and try again.",
  },
  "payload-too-large": {
    title: "Payload too large",
    status: 413,
    about:
      "The body of a POST is larger than the endpoint reads (16 KiB for a subscription, 300 KiB for the SES webhook, 256 KiB for an ActivityPub activity).",
  },
  "not-acceptable": {
    title: "Not acceptable",
    status: 406,
    about:
      "The ActivityPub addresses (`/ap/…`) answer `application/activity+json` (or `application/ld+json`); ask for that in `Accept`. The actor and each summary's Note send a browser to their page instead.",
  },
  "unsupported-media-type": {
    title: "Unsupported media type",
    status: 415,
    about:
      "The body of a POST is in a format the endpoint does not read. Subscriptions take `application/json` (and the form takes `application/x-www-form-urlencoded`).",
  },
  "rate-limited": {
    title: "Too many requests",
    status: 429,
    about:
      "Too many subscription requests came from this client in a short time. Wait for the seconds `Retry-After` gives, then try again.",
  },
  "subscriptions-unavailable": {
    title: "Subscriptions unavailable",
    status: 503,
    about:
      "The publication cannot take e-mail subscriptions right now (it is not configured for them). Nothing was stored; try again later or use a feed.",
  },
  "not-implemented": {
    title: "Not implemented",
    status: 501,
    about: "The server does not support the requested format. oEmbed is served as JSON only.",
  },
  internal: { title: "Internal error", status: 500, about: "Something failed on our side. It has been logged; please try again." },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export interface FieldError {
  field: string;
  message: string;
}
