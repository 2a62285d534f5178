/** Fetching a card's JSON: one request, a time bound, and a shape check before anything renders. */
import type { FactList, Summary } from "../shared/api-schema";

/** Why a card could not be shown. */
export type Failure = "not-found" | "timeout" | "http" | "network" | "payload" | "config";

export class LoadError extends Error {
  constructor(
    readonly reason: Failure,
    readonly status: number | null = null,
  ) {
    super(reason);
  }
}

/**
 * GETs `url` as JSON, giving up after `ms` through `ctl`. Fails with `not-found` (404),
 * `http` (other non-2xx), `payload` (not JSON), `timeout` or `network` (refused, offline).
 */
export async function getJson(url: string, ms: number, ctl: AbortController): Promise<unknown> {
  let timedOut = false;
  let res: Response | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort();
  }, ms);
  try {
    // Only CORS-safelisted headers, so there is no preflight: one request per card.
    res = await fetch(url, { signal: ctl.signal, credentials: "omit", headers: { accept: "application/json" } });
    if (!res.ok) throw res;
    return await res.json();
  } catch {
    const status = res?.status ?? null;
    throw new LoadError(timedOut ? "timeout" : !res ? "network" : status === 404 ? "not-found" : res.ok ? "payload" : "http", status);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The API base an `api` attribute names, resolved against the page, with a trailing slash.
 * A value that is no URL, or not http(s), is the page's mistake: `config`, not the API's.
 */
export function apiBase(attribute: string): URL {
  let base: URL;
  try {
    base = new URL(attribute, document.baseURI);
  } catch {
    throw new LoadError("config");
  }
  if (base.protocol !== "https:" && base.protocol !== "http:") throw new LoadError("config");
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  return base;
}

// Checks cover every field the card reads, so hostile or broken JSON never reaches a template.
type Rec = Record<string, unknown>;
const isObj = (v: unknown): v is Rec => typeof v === "object" && v !== null;
const isStr = (v: unknown): v is string => typeof v === "string";
const isOptStr = (v: unknown) => v == null || isStr(v);
const every = (v: unknown, ok: (x: unknown) => unknown) => Array.isArray(v) && v.every(ok);

const isFigure = (f: unknown) =>
  f == null || (isObj(f) && typeof f.value === "number" && isOptStr(f.unit) && isOptStr(f.period) && isOptStr(f.as_of));
const isSource = (s: unknown): s is Rec => isObj(s) && isStr(s.name) && isOptStr(s.url);
// A fact's relays are checked like its sources (API versions before chains send none). Its
// `unverified` needs no check: the card model reads only `by.name` from it, into a template
// string, and a broken one throws there, inside the load, and shows the payload failure.
const isFact = (f: unknown): f is Rec =>
  isObj(f) && isStr(f.text) && isFigure(f.figure) && every(f.sources, (s) => isSource(s) && every(s.via ?? [], isSource));
const isPublication = (p: unknown) => isObj(p) && isStr(p.title) && isStr(p.url);
/** What the card shows of a summary, in both payloads. */
const isSummaryRef = (s: unknown): s is Rec =>
  isObj(s) &&
  isStr(s.title) &&
  isStr(s.url) &&
  isStr(s.published) &&
  isOptStr(s.updated) &&
  isStr(s.lang) &&
  ["ltr", "rtl"].includes(s.dir as string) &&
  every(s.tags, isStr);

/** `GET /summaries/:slug`, as far as the card reads it. */
export const isSummary = (v: unknown): v is Summary => isSummaryRef(v) && isPublication(v.publication) && every(v.facts, isFact);

/** `GET /facts`, as far as the card reads it. */
export const isFactList = (v: unknown): v is FactList =>
  isObj(v) && isPublication(v.publication) && every(v.items, (f) => isFact(f) && isSummaryRef(f.summary));
