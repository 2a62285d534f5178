/**
 * The double opt-in mail an import in re-confirm mode asks for, one queue message a subscriber
 * (`{c: id}`), sent by the send queue's consumer through the confirmation mail and its limits.
 * @module
 */
import { archive } from "../lib/store";
import { confirmMail } from "../mail/subscription-mails";
import type { Mailer } from "../mail/types";
import { linkFor } from "./service";
import { claimMail, findById } from "./subscribers";

/** A queue message asking for a confirmation mail. */
export interface ReconfirmMessage {
  c: number;
}

export const isReconfirm = (body: unknown): body is ReconfirmMessage =>
  typeof body === "object" && body !== null && Number.isSafeInteger((body as { c?: unknown }).c);

/** Sends the confirm link to a still pending subscriber, within the per-address mail limits; nothing otherwise. */
export async function sendReconfirm(env: Env, mailer: Mailer, id: number, secret: string, origin: string, now: number): Promise<void> {
  const s = await findById(env.DB, id);
  if (s?.status !== "pending" || !(await claimMail(env.DB, id, now))) return;
  const confirmUrl = await linkFor(secret, origin, "confirm", id, now);
  await mailer.send(confirmMail({ from: { name: archive.publication.title, email: env.MAIL_FROM }, to: s.address, prefs: s, confirmUrl }));
}
