/**
 * Names and bounds that the content build, the worker and the OpenAPI document must agree
 * on: what a slug, tag or id may look like, and how long each may be.
 * @module
 */

/** Lowercase kebab-case, the shape of every slug, tag, fact id and source id. */
export const KEBAB_PATTERN = "^[a-z0-9]+(?:-[a-z0-9]+)*$";
export const KEBAB = new RegExp(KEBAB_PATTERN);

/** Longest slug (a summary's file name). A path naming a longer one is a 404 at once. */
export const MAX_SLUG = 100;
/** Longest tag. */
export const MAX_TAG = 40;
/** Longest fact or source id. */
export const MAX_ID = 64;

/** `limit` bounds of the list endpoints. */
export const LIMIT = { default: 20, min: 1, max: 100 } as const;

/** Longest cursor accepted: well above any the API issues, well below a costly decode. */
export const MAX_CURSOR = 200;

/**
 * XML namespace of the key-facts extension element in RSS and Atom. A UUID URN: globally
 * unique and stable without owning a domain, and the same for every publication (the
 * publication's own origin varies between deployments). Documented in docs/feeds.md.
 */
export const KEY_FACTS_NS = "urn:uuid:d6066351-a9ff-44e8-99a8-07e0935539de";

/** Subscriptions: the largest POST body read, and the longest address field taken before checking it. */
export const MAX_SUBSCRIPTION_BODY = 16 * 1024;
export const MAX_EMAIL_FIELD = 320;
/** The largest body /webhooks/ses reads: an SNS message is at most 256 KiB, plus its envelope. */
export const MAX_SNS_BODY = 300 * 1024;
/** Longest Turnstile response token accepted (Cloudflare documents 2048 characters). */
export const MAX_TURNSTILE_TOKEN = 2048;
/** How a subscriber gets mail: each summary, or a daily or weekly digest. */
export const CADENCES = ["each", "daily", "weekly"] as const;
