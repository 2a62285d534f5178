/** What the fediverse tests share: our actor's addresses, signed inbox POSTs, and the remote stand-in's records. */

import { exports, env as workersEnv } from "cloudflare:workers";
import { importJwk, signRequest } from "@fedify/fedify";
import { Temporal } from "@js-temporal/polyfill";
import type { FediverseEnv } from "../../src/fediverse/env";

/** The fediverse worker's bindings (cloudflare:workers types `env` as the site worker's). */
export const env = workersEnv as unknown as FediverseEnv;

export const ORIGIN = "https://keyfacts.test";
export const ACTOR = `${ORIGIN}/ap/actors/keyfacts`;
export const INBOX = `${ACTOR}/inbox`;
export const SHARED_INBOX = `${ORIGIN}/ap/inbox`;
export const AP = "application/activity+json";

export const fetchWorker = (input: string | Request, init?: RequestInit): Promise<Response> => exports.default.fetch(input, init);

/** A remote actor of the stand-in (test/support/fediverse-standin.js). */
export const remote = (name: string, host = "remote.example") => `https://${host}/users/${name}`;

/** The stand-in's private key of `actor`, to sign as it. */
async function keyOf(actor: string): Promise<CryptoKey> {
  const url = new URL(actor);
  const res = await fetch(`${url.origin}/__test/key/${url.pathname.split("/").pop()}`);
  return importJwk((await res.json()) as JsonWebKey, "private");
}

export interface SignOptions {
  /** Whose key signs (default: the activity's actor); the keyId still names the actor's key. */
  signer?: string;
  /** Sign honestly as another actor: its key and its keyId, for an activity whose actor is not it. */
  as?: string;
  /** Change the body after signing (the Digest then no longer matches). */
  tamper?: (body: string) => string;
  /** The request's Date, when not now. */
  date?: Date;
  spec?: "draft-cavage-http-signatures-12" | "rfc9421";
}

/** A POST of `activity` to `inbox`, signed as its actor by Fedify's signer (as a remote instance signs). */
export async function signedPost(inbox: string, activity: Record<string, unknown>, opts: SignOptions = {}): Promise<Request> {
  const actor = String(activity.actor);
  const body = JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", ...activity });
  const unsigned = new Request(inbox, {
    method: "POST",
    headers: { "Content-Type": AP, Date: (opts.date ?? new Date()).toUTCString() },
    body,
  });
  const key = await keyOf(opts.as ?? opts.signer ?? actor);
  const signed = await signRequest(unsigned, key, new URL(`${opts.as ?? actor}#main-key`), {
    spec: opts.spec ?? "draft-cavage-http-signatures-12",
    currentTime: opts.date === undefined ? undefined : (Temporal.Instant.fromEpochMilliseconds(opts.date.getTime()) as never),
  });
  if (opts.tamper === undefined) return signed;
  return new Request(signed.url, { method: "POST", headers: signed.headers, body: opts.tamper(body) });
}

export interface Received {
  url: string;
  headers: Record<string, string>;
  body: { type: string; id?: string; actor?: string; object?: unknown };
}

/** What the stand-in's inboxes have received so far. */
export async function received(): Promise<Received[]> {
  return (await (await fetch("https://remote.example/__test/received")).json()) as Received[];
}

/** Every URL the stand-in was asked for ("GET https://…"). */
export async function fetched(): Promise<string[]> {
  return (await (await fetch("https://remote.example/__test/fetched")).json()) as string[];
}

export { eventually } from "../support/eventually";
