/**
 * The words a subscriber agrees to and reads back: the consent wording of each form (kept
 * with every consent record, so what was agreed to is on file as it was shown), and
 * preferences said in plain words, for pages and mails alike.
 * @module
 */
import type { Cadence, Preferences } from "./subscribers";

/** Under the subscribe form and in the API's description; stored with each subscribe. */
export const SUBSCRIBE_WORDING =
  "We will send a link to confirm; nothing is sent before you confirm. We keep your address, topics, cadence and when you agreed, nothing else: no IP address and no open or click tracking. Every mail has a one-click unsubscribe link.";
export const CONFIRM_WORDING = "Confirm: send me the summaries I chose, as often as I chose.";
export const PREFERENCES_WORDING = "Save: send me these topics, as often as this.";
export const UNSUBSCRIBE_WORDING = "Unsubscribe: send me nothing more.";
export const RESUBSCRIBE_WORDING = "Subscribe again: send me my topics, as often as I chose before.";

export const CADENCE_WORDS: Record<Cadence, { label: string; phrase: string }> = {
  each: { label: "Each summary, as it is published", phrase: "each summary as it is published" },
  daily: { label: "A daily digest", phrase: "a daily digest" },
  weekly: { label: "A weekly digest", phrase: "a weekly digest" },
};

/** "every topic" or "russia, sanctions". */
const topicsPhrase = (p: Preferences) => (p.topics === "all" ? "every topic" : p.topics.join(", "));

/** "each summary as it is published, on every topic". */
export const preferencesPhrase = (p: Preferences) => `${CADENCE_WORDS[p.cadence].phrase}, on ${topicsPhrase(p)}`;
