/**
 * Sending cacheable representations: bodies rendered once per isolate, strong ETags from
 * the content version and the body's hash, `If-None-Match` → 304, edge-friendly caching.
 * @module
 */
import type { Context } from "hono";
import { memo } from "./memo";
import { archive } from "./store";

export interface Representation {
  body: string;
  /** Full Content-Type, with charset. */
  type: string;
  etag: string;
  /** HTTP date of the newest item, for feeds. */
  lastModified?: string;
}

/** Cache-Control values: short with stale-while-revalidate for content, a year for versioned files. */
export const CACHE = {
  short: "public, max-age=300, stale-while-revalidate=86400",
  immutable: "public, max-age=31536000, immutable",
} as const;

/** FNV-1a (32-bit) as base-36: cheap, and only ever run once per memoised body. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * The representation named by `key` (which must include everything the body depends on:
 * origin, path, canonical query), rendered by `render` the first time only.
 */
export function represent(key: string, type: string, render: () => string, lastModified?: string): Representation {
  return memo(`rep ${key}`, () => {
    const body = render();
    return { body, type, etag: `"${archive.version}-${fnv1a(body)}-${body.length.toString(36)}"`, lastModified };
  });
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
  status?: number;
  headers?: Record<string, string>;
}

export function send(c: Context, rep: Representation, opts: SendOptions = {}): Response {
  const headers: Record<string, string> = {
    "Cache-Control": CACHE[opts.cache ?? "short"],
    ETag: rep.etag,
    ...(rep.lastModified ? { "Last-Modified": rep.lastModified } : {}),
    ...opts.headers,
  };
  const inm = c.req.header("If-None-Match");
  if (etagMatches(inm, rep.etag)) return new Response(null, { status: 304, headers });
  if (inm === undefined && rep.lastModified) {
    const since = Date.parse(c.req.header("If-Modified-Since") ?? "");
    if (!Number.isNaN(since) && Date.parse(rep.lastModified) <= since) return new Response(null, { status: 304, headers });
  }
  return new Response(rep.body, { status: opts.status ?? 200, headers: { "Content-Type": rep.type, ...headers } });
}
