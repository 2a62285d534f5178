/**
 * The bodies of the subscription POSTs, read strictly: at most 16 KiB, only the media types
 * a route takes, UTF-8, every field known, none repeated but `topic`, every value checked.
 * What fails is a {@link ProblemError} (413, 415) or a list of field errors (400).
 * @module
 */

import { KEBAB, MAX_EMAIL_FIELD, MAX_SUBSCRIPTION_BODY, MAX_TAG, MAX_TURNSTILE_TOKEN } from "../../shared/limits";
import type { FieldError } from "../../shared/problems";
import { readBounded } from "../lib/bounded";
import { ProblemError } from "../lib/problem";
import { hasTag } from "../lib/store";
import { type Address, isAddress, parseAddress } from "../subscriptions/address";
import type { SubscribeInput } from "../subscriptions/service";
import type { Cadence, Preferences } from "../subscriptions/subscribers";

export type BodyKind = "form" | "json";

const MEDIA: Record<string, BodyKind> = { "application/x-www-form-urlencoded": "form", "application/json": "json" };
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The body as text and its kind; 415 for another media type or charset, 413 past the limit, 400 for bytes that are not UTF-8. */
export async function readBody(request: Request, accept: readonly BodyKind[]): Promise<{ kind: BodyKind; text: string }> {
  const [type = "", ...params] = (request.headers.get("Content-Type") ?? "").split(";").map((p) => p.trim().toLowerCase());
  const kind = MEDIA[type];
  const charset = params
    .find((p) => p.startsWith("charset="))
    ?.slice(8)
    .replace(/"/g, "");
  if (kind === undefined || !accept.includes(kind) || (charset !== undefined && charset !== "utf-8")) {
    const takes = accept.map((k) => (k === "json" ? "application/json" : "application/x-www-form-urlencoded")).join(" or ");
    throw new ProblemError("unsupported-media-type", `This endpoint reads ${takes} (UTF-8), not ${type || "a body without Content-Type"}.`);
  }
  const bytes = await readCapped(request);
  try {
    return { kind, text: UTF8.decode(bytes) };
  } catch {
    throw new ProblemError("invalid-body", "The body is not valid UTF-8.", [{ field: "body", message: "must be UTF-8" }]);
  }
}

/** The body's bytes, whatever its type; 413 past `max` bytes ({@link MAX_SUBSCRIPTION_BODY} by default), without reading further. */
export async function readCapped(request: Request, max = MAX_SUBSCRIPTION_BODY): Promise<Uint8Array> {
  const bytes = await readBounded(request.body, request.headers.get("Content-Length"), max);
  if (bytes === undefined) throw new ProblemError("payload-too-large", `The body is larger than ${max} bytes.`);
  return bytes;
}

type Fields = Map<string, string[]>;

const CADENCE_SET = new Set<string>(["each", "daily", "weekly"]);
const TOKEN_CHARS = /^[\x21-\x7e]*$/;

/** Form fields by name; a name outside `known` is an error. */
function formFields(text: string, known: readonly string[], errors: FieldError[]): Fields {
  const fields: Fields = new Map();
  for (const [name, value] of new URLSearchParams(text)) {
    if (!known.includes(name)) {
      errors.push({ field: name.slice(0, 40), message: "is not a field of this form" });
      continue;
    }
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}

/** The one value of a field that may not repeat. */
function single(fields: Fields, name: string, errors: FieldError[]): string | undefined {
  const values = fields.get(name);
  if (values === undefined) return undefined;
  if (values.length > 1) errors.push({ field: name, message: "is given more than once" });
  return values[0];
}

function cadenceOf(value: unknown, errors: FieldError[]): Cadence {
  if (value === undefined) return "each";
  if (typeof value === "string" && CADENCE_SET.has(value)) return value as Cadence;
  errors.push({ field: "cadence", message: "must be each, daily or weekly" });
  return "each";
}

function topicsOf(value: unknown, errors: FieldError[]): Preferences["topics"] {
  if (value === undefined || value === "all") return "all";
  if (!Array.isArray(value) || value.length === 0) {
    errors.push({ field: "topics", message: 'must be "all" or at least one topic' });
    return "all";
  }
  const tags: string[] = [];
  for (const t of value) {
    if (typeof t !== "string" || t.length > MAX_TAG || !KEBAB.test(t) || !hasTag(t)) {
      errors.push({
        field: "topics",
        message: `${typeof t === "string" ? JSON.stringify(t.slice(0, MAX_TAG)) : "a value"} is not a topic of this publication`,
      });
    } else if (tags.includes(t)) {
      errors.push({ field: "topics", message: `"${t}" is given more than once` });
    } else tags.push(t);
  }
  return tags;
}

function addressOf(value: unknown, errors: FieldError[]): Address | undefined {
  if (typeof value !== "string" || value.trim() === "") {
    errors.push({ field: "email", message: "Enter your e-mail address." });
    return undefined;
  }
  if (value.length > MAX_EMAIL_FIELD) {
    errors.push({ field: "email", message: `An e-mail address is at most ${MAX_EMAIL_FIELD} characters long.` });
    return undefined;
  }
  const parsed = parseAddress(value);
  if (isAddress(parsed)) return parsed;
  errors.push({ field: "email", message: parsed.problem });
  return undefined;
}

function turnstileOf(value: unknown, field: string, errors: FieldError[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length > MAX_TURNSTILE_TOKEN || !TOKEN_CHARS.test(value)) {
    errors.push({ field, message: "is not a Turnstile response" });
    return undefined;
  }
  return value;
}

/** Preferences from form fields: `topics` all|some with `topic` checkboxes, and `cadence`. With "all", ticked topics are ignored. */
function formPreferences(fields: Fields, errors: FieldError[]): Preferences {
  const scope = single(fields, "topics", errors);
  if (scope !== undefined && scope !== "all" && scope !== "some") errors.push({ field: "topics", message: "must be all or some" });
  const topics = scope === "some" ? topicsOf(fields.get("topic") ?? [], errors) : "all";
  return { cadence: cadenceOf(single(fields, "cadence", errors), errors), topics };
}

const SUBSCRIBE_FORM_FIELDS = ["email", "topics", "topic", "cadence", "website", "cf-turnstile-response"] as const;

/** The subscribe form's fields (what {@link readBody} read), or the errors in them. */
export function subscribeFromForm(text: string): { input?: SubscribeInput; errors: FieldError[]; typed: string } {
  const errors: FieldError[] = [];
  const fields = formFields(text, SUBSCRIBE_FORM_FIELDS, errors);
  const email = single(fields, "email", errors);
  const address = addressOf(email, errors);
  const prefs = formPreferences(fields, errors);
  const bot = (single(fields, "website", errors) ?? "") !== "";
  const turnstile = turnstileOf(single(fields, "cf-turnstile-response", errors), "cf-turnstile-response", errors);
  const typed = (email ?? "").slice(0, MAX_EMAIL_FIELD);
  return address && errors.length === 0 ? { input: { address, prefs, bot, turnstile }, errors, typed } : { errors, typed };
}

const JSON_FIELDS = new Set(["email", "topics", "cadence", "turnstile_token"]);

/** A JSON subscription request (`SubscriptionRequest` of the OpenAPI document), or the errors in it. */
export function subscribeFromJson(text: string): { input?: SubscribeInput; errors: FieldError[] } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { errors: [{ field: "body", message: "is not JSON" }] };
  }
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return { errors: [{ field: "body", message: "must be a JSON object" }] };
  const errors: FieldError[] = [];
  const o = body as Record<string, unknown>;
  for (const k of Object.keys(o))
    if (!JSON_FIELDS.has(k)) errors.push({ field: k.slice(0, 40), message: "is not a field of a subscription request" });
  const address = addressOf(o.email, errors);
  const prefs = { cadence: cadenceOf(o.cadence, errors), topics: topicsOf(o.topics, errors) };
  const turnstile = turnstileOf(o.turnstile_token, "turnstile_token", errors);
  return address && errors.length === 0 ? { input: { address, prefs, bot: false, turnstile }, errors } : { errors };
}

/** The subscriber's page's POST: which action, its preferences, and the erase confirmation. */
const MANAGE_ACTIONS = ["preferences", "export", "unsubscribe", "resubscribe", "erase"] as const;
type ManageAction = (typeof MANAGE_ACTIONS)[number];

export function manageFromForm(text: string): { action?: ManageAction; prefs?: Preferences; sure: boolean; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fields = formFields(text, ["action", "topics", "topic", "cadence", "sure"], errors);
  const action = single(fields, "action", errors);
  if (!MANAGE_ACTIONS.includes(action as ManageAction)) {
    errors.push({ field: "action", message: `must be one of ${MANAGE_ACTIONS.join(", ")}` });
    return { errors, sure: false };
  }
  const prefs = action === "preferences" ? formPreferences(fields, errors) : undefined;
  return { action: action as ManageAction, prefs, sure: single(fields, "sure", errors) === "yes", errors };
}
