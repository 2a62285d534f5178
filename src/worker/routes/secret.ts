/**
 * The subscription secret as the routes need it: without it, a 503 problem (as a page on the
 * subscription pages), never a 500.
 * @module
 */
import { ProblemError } from "../lib/problem";
import { MissingSecretError, subscriptionSecret } from "../subscriptions/secret";

/** The signing secret, or the `subscriptions-unavailable` problem (503) when it is not set. */
export function requireSecret(env: Env): string {
  try {
    return subscriptionSecret(env);
  } catch (e) {
    if (!(e instanceof MissingSecretError)) throw e;
    throw new ProblemError(
      "subscriptions-unavailable",
      "This publication is not set up to take e-mail subscriptions right now. Nothing was stored.",
    );
  }
}
