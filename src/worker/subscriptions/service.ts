/**
 * Subscribing: one answer for every address, whatever its state, with
 * the work (D1 and the mail) done after the answer is sent, so neither the body nor the
 * time it takes tells who subscribes. Also the links the mails and pages carry.
 * @module
 */
import { archive } from "../lib/store";
import { mailerFor } from "../mail/mailer";
import { alreadySubscribedMail, confirmMail, welcomeMail } from "../mail/subscription-mails";
import type { Mail } from "../mail/types";
import type { Address } from "./address";
import { claimMail, findByKey, insertPending, type Preferences, repend, type Subscriber } from "./subscribers";
import { CONFIRM_TTL_MS, makeToken, type TokenAction } from "./tokens";
import { SUBSCRIBE_WORDING } from "./wording";

/** What a subscribe POST asks for, checked. */
export interface SubscribeInput {
  address: Address;
  prefs: Preferences;
  /** The honeypot field was filled: a bot, answered like anyone and ignored. */
  bot: boolean;
  turnstile: string | undefined;
}

const PATHS: Record<TokenAction, string> = { confirm: "/subscribe/confirm", manage: "/subscription", unsubscribe: "/unsubscribe" };

/** The absolute link for `action` on `subscriber` (confirm links expire after 48 hours). */
export async function linkFor(secret: string, origin: string, action: TokenAction, subscriber: number, now: number): Promise<string> {
  const token = await makeToken(secret, action, subscriber, action === "confirm" ? now + CONFIRM_TTL_MS : 0);
  return `${origin}${PATHS[action]}?token=${token}`;
}

const fromOf = (env: Env) => ({ name: archive.publication.title, email: env.MAIL_FROM });

/**
 * Sends `mail`. Under `wrangler dev` (`DEV_MAIL_LOG` set in .dev.vars, never in production)
 * the subject and the link go to the terminal, so the loop works without an inbox; the
 * address never does.
 */
async function deliver(env: Env, mail: Mail, link: string): Promise<void> {
  await mailerFor(env).send(mail);
  if (env.DEV_MAIL_LOG === "1") console.log(`✉ sent "${mail.subject}" → ${link}`);
}

/**
 * Does what a subscribe asks, after the answer: a new or unconfirmed address becomes pending
 * with the form's preferences and gets a fresh confirm link; a confirmed one keeps its
 * preferences and gets a link to its own page; a suppressed one gets nothing. Mails obey
 * the cooldown (one per 10 minutes, three a day per address).
 */
export async function subscribe(
  env: Env,
  secret: string,
  origin: string,
  input: SubscribeInput,
  source: "subscribe-page" | "api",
  now: number,
): Promise<void> {
  if (input.bot) return;
  const { address, key } = input.address;
  const consent = { action: "subscribe", source, wording: SUBSCRIBE_WORDING, at: now } as const;
  let found = await findByKey(env.DB, key);
  if (found === undefined) {
    const id = await insertPending(env.DB, address, key, input.prefs, consent);
    found = id === undefined ? await findByKey(env.DB, key) : { id, status: "pending" };
    if (found === undefined) return;
  } else if (found.status === "pending" || found.status === "unsubscribed") {
    await repend(env.DB, found.id, input.prefs, consent);
    found = { id: found.id, status: "pending" };
  }
  if (found.status === "suppressed" || !(await claimMail(env.DB, found.id, now))) return;
  const from = fromOf(env);
  if (found.status === "confirmed") {
    const manageUrl = await linkFor(secret, origin, "manage", found.id, now);
    await deliver(env, alreadySubscribedMail({ from, to: address, manageUrl }), manageUrl);
  } else {
    const { mail, link } = await confirmationFor(env, secret, origin, { id: found.id, address, ...input.prefs }, now);
    await deliver(env, mail, link);
  }
}

/** Who the mail is for: enough of a subscriber to address it and sign its links. */
type Recipient = Pick<Subscriber, "id" | "address" | "cadence" | "topics">;

/** The confirmation mail for `s` and its confirm link (the one path both a subscribe and the admin preview take). */
export async function confirmationFor(
  env: Env,
  secret: string,
  origin: string,
  s: Recipient,
  now: number,
): Promise<{ mail: Mail; link: string }> {
  const confirmUrl = await linkFor(secret, origin, "confirm", s.id, now);
  return { mail: confirmMail({ from: fromOf(env), to: s.address, prefs: s, confirmUrl }), link: confirmUrl };
}

/** The welcome mail for `s` and the link to their page (as a confirmation sends it, and the admin preview shows it). */
export async function welcomeFor(
  env: Env,
  secret: string,
  origin: string,
  s: Recipient,
  now: number,
): Promise<{ mail: Mail; link: string }> {
  const manageUrl = await linkFor(secret, origin, "manage", s.id, now);
  const unsubscribeUrl = await linkFor(secret, origin, "unsubscribe", s.id, now);
  return { mail: welcomeMail({ from: fromOf(env), to: s.address, prefs: s, manageUrl, unsubscribeUrl }), link: manageUrl };
}

/** The welcome mail, once a subscriber has confirmed: their preferences, their page, and the one-click unsubscribe. */
export async function welcome(env: Env, secret: string, origin: string, s: Subscriber, now: number): Promise<void> {
  const { mail, link } = await welcomeFor(env, secret, origin, s, now);
  await deliver(env, mail, link);
}

/** Work (D1 and mail) after the response, logging a failure without the address. */
export function later(ctx: Pick<ExecutionContext, "waitUntil">, work: Promise<void>): void {
  ctx.waitUntil(
    work.catch((e: unknown) => {
      // A provider's message may quote the recipient: no address reaches the log.
      console.error(`mail work failed: ${(e instanceof Error ? e.message : String(e)).replace(/[^\s@<>"']+@[^\s@<>"']+/g, "<address>")}`);
    }),
  );
}
