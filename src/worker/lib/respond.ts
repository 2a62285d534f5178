/**
 * Sending cacheable representations: bodies rendered once per isolate, strong ETags from
 * the content version and the body's hash, `If-None-Match` → 304, edge-friendly caching,
 * and responses kept ready to send again without routing.
 * @module
 */
import type { Context } from "hono";
import { BUDGETS, ByteCache, rememberAsync, textBytes } from "./cache";
import { kindOf, SECURITY_HEADERS } from "./security";
import { archive, originVaries } from "./store";

export interface Representation {
  /**
   * The body as UTF-8, encoded once: a JavaScript string with any non-Latin-1 character
   * (an en dash will do) would be re-encoded on every response.
   */
  body: Uint8Array;
  /** Full Content-Type, with charset. */
  type: string;
  etag: string;
  /** HTTP date of the newest item, for feeds. */
  lastModified?: string;
  /** Complete response headers as sent, built once per way of sending (see {@link send}). */
  sent?: Map<string, Headers>;
}

/** Cache-Control values: short with stale-while-revalidate for content, a year for versioned files. */
export const CACHE = {
  short: "public, max-age=300, stale-while-revalidate=86400",
  immutable: "public, max-age=31536000, immutable",
} as const;

const UTF8 = new TextEncoder();

/** FNV-1a (32-bit) as base-36: cheap, and run once per body rendered. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * What a representation costs in a cache: its body, its ETag, and an allowance for the
 * headers it is sent with (kept in `sent`: a few variants of a dozen headers, the
 * Content-Security-Policy the longest).
 */
export function representationBytes(rep: Representation): number {
  return rep.body.byteLength + textBytes(rep.etag) + 4096;
}

/** Bodies rendered without documents, by the key their route names them with. */
const representations = new ByteCache<Representation>(BUDGETS.representations);
/** Bodies rendered from documents, by the key their route names them with. */
const rendered = new ByteCache<Promise<Representation>>(BUDGETS.rendered);

/**
 * The representation named by `key` (which must include everything the body depends on:
 * origin when there is no `base_url`, path, the query parameters read), rendered by
 * `render` the first time only, or again after its cache dropped it.
 */
export function represent(key: string, type: string, render: () => string, lastModified?: string): Representation {
  return representations.remember(key, () => representation(render(), type, lastModified), representationBytes);
}

/** {@link represent} for a body that needs documents, which are read asynchronously. */
export function representAsync(key: string, type: string, render: () => Promise<string>, lastModified?: string): Promise<Representation> {
  return rememberAsync(rendered, key, async () => representation(await render(), type, lastModified), representationBytes);
}

/** `text` as a representation of `type`, with its ETag; {@link represent} keeps it, this does not. */
export function representation(text: string, type: string, lastModified?: string): Representation {
  const etag = `"${archive.version}-${fnv1a(text)}-${text.length.toString(36)}"`;
  return { body: UTF8.encode(text), type, etag, lastModified };
}

/** True when an `If-None-Match` header value matches `etag` (weak comparison, lists, `*`). */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((raw) => {
    const t = raw.trim();
    return t === "*" || t.replace(/^W\//, "") === opaque;
  });
}

export interface SendOptions {
  cache?: keyof typeof CACHE;
  /**
   * The query parameters the response depends on, for a route that ignores the others (a
   * page ignores `utm_source`): URLs that differ only in other parameters share one ready
   * response. Not given: all of the query, as for a route that refuses unknown parameters.
   */
  query?: readonly string[];
  status?: number;
  /** Extra headers; for a given representation they must always be the same. */
  headers?: Record<string, string>;
}

/** True when the request's validators (`If-None-Match`, then `If-Modified-Since`) say the client's copy of `rep` is current. */
function notModified(request: Request, rep: Representation): boolean {
  const asked = request.headers;
  const inm = asked.get("If-None-Match");
  if (inm !== null) return etagMatches(inm, rep.etag);
  if (!rep.lastModified) return false;
  const since = Date.parse(asked.get("If-Modified-Since") ?? "");
  return !Number.isNaN(since) && Date.parse(rep.lastModified) <= since;
}

/**
 * Every header of a response: built once per representation, route kind and status, then
 * reused: copying a ready `Headers` costs workerd far less than building a dozen headers
 * from strings on each request. Each `Response` still gets its own copy.
 */
function headersFor(c: Context, rep: Representation, status: number, opts: SendOptions): Headers {
  const cache = opts.cache ?? "short";
  const kind = kindOf(c.req.path);
  let key = `${kind} ${cache} ${status}`;
  for (const name in opts.headers) key += `\n${name}: ${opts.headers[name]}`;
  rep.sent ??= new Map();
  let headers = rep.sent.get(key);
  if (headers === undefined) {
    headers = new Headers({
      ...SECURITY_HEADERS[kind],
      // A 304 carries the validators and caching, not the representation's type (RFC 9110 §15.4.5).
      ...(status === 304 ? {} : { "Content-Type": rep.type }),
      "Cache-Control": CACHE[cache],
      ETag: rep.etag,
      ...(rep.lastModified ? { "Last-Modified": rep.lastModified } : {}),
      ...opts.headers,
    });
    rep.sent.set(key, headers);
  }
  return headers;
}

/** How a representation is sent at one URL: kept, to be sent again without routing. */
interface Ready {
  /** The bindings it was made with (a feed names the WebSub hub of its `env`). */
  env: unknown;
  rep: Representation;
  status: number;
  headers: Headers;
  /** The headers of its 304. */
  unchanged: Headers;
}

/**
 * Ready responses, by the part of the request URL they depend on ({@link readyKey}). A
 * response depends on nothing but the method, that part of the URL, the bindings and the two
 * validators (no route reads another request header), so a GET answered once is answered
 * again from here, 304 or in full.
 */
const ready = new ByteCache<Ready>(BUDGETS.ready);
/** By the path part of a ready response's key: the query parameters its route reads, or null for all of the query. */
const queries = new ByteCache<readonly string[] | null>(BUDGETS.queries);

/**
 * The part of a URL up to its query that a response depends on: the path, after the origin
 * only when responses name the request's origin ({@link originVaries}).
 */
function pathPart(url: string, queryAt: number): string {
  const upTo = queryAt < 0 ? url : url.slice(0, queryAt);
  return originVaries ? upTo : upTo.slice(upTo.indexOf("/", upTo.indexOf("//") + 2));
}

/** The ready key of `path` with `query`, of which `reads` names the parameters that matter (null: all of it). */
function readyKey(path: string, query: string, reads: readonly string[] | null): string {
  if (reads === null) return `${path}?${query}`;
  if (reads.length === 0 || query === "") return `${path}?`;
  const params = new URLSearchParams(query);
  const kept = new URLSearchParams();
  for (const name of reads) for (const value of params.getAll(name)) kept.append(name, value);
  return `${path}?${kept}`;
}

function answer(request: Request, r: Ready): Response {
  if (notModified(request, r.rep)) return new Response(null, { status: 304, headers: r.unchanged });
  return new Response(r.rep.body, { status: r.status, headers: r.headers });
}

/**
 * The response to `request` when it is a GET of a URL already answered, up to what its
 * route ignores, with the same `env`; undefined when it must be routed. Skipping the
 * router, the query checks and the cache lookups leaves workerd little more to do than copy
 * the bytes out.
 */
export function readyResponse(request: Request, env: unknown): Response | undefined {
  const url = request.url;
  const queryAt = url.indexOf("?");
  const path = pathPart(url, queryAt);
  const reads = queries.get(path);
  if (reads === undefined) return undefined;
  const hit = ready.get(readyKey(path, queryAt < 0 ? "" : url.slice(queryAt + 1), reads));
  return hit === undefined || hit.env !== env ? undefined : answer(request, hit);
}

export function send(c: Context, rep: Representation, opts: SendOptions = {}): Response {
  const status = opts.status ?? 200;
  const r: Ready = { env: c.env, rep, status, headers: headersFor(c, rep, status, opts), unchanged: headersFor(c, rep, 304, opts) };
  if (c.req.method === "GET") {
    const url = c.req.url;
    const queryAt = url.indexOf("?");
    const path = pathPart(url, queryAt);
    const reads = opts.query ?? null;
    queries.set(path, reads, textBytes(reads?.join() ?? ""));
    // The body is counted here too: a ready response keeps its representation alive after the representations' cache drops it.
    ready.set(readyKey(path, queryAt < 0 ? "" : url.slice(queryAt + 1), reads), r, representationBytes(rep) + 256);
  }
  return answer(c.req.raw, r);
}
