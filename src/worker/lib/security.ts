/**
 * Response headers by kind of route: shared resources are open to every origin (CORS,
 * CORP cross-origin); pages get a strict CSP and refuse framing; embeds may be framed.
 * Which routes are of which kind is said once, by the route table in `index.ts`.
 * @module
 */

import { embedCssHash, siteCssHash } from "../../../build/assets.js";
import { LinearRouter } from "./hono";

export type RouteKind = "shared" | "embed" | "page";

/** The kind of every route, as the route table declared it; and of its mount, for paths no route matches. */
const routeKinds = new LinearRouter<RouteKind>();
const mountKinds = new Map<string, RouteKind>();

/** The first segment of a path: `api` for `/api/v1/tags`. */
const firstSegment = (path: string) => path.split("/", 2)[1] ?? "";

/**
 * Records that `paths` (full route patterns, as Hono registered them) and, for a mount
 * other than `/`, every other path under the mount's first segment, are of `kind`.
 */
export function declareKind(mount: string, paths: readonly string[], kind: RouteKind): void {
  for (const path of paths) routeKinds.add("ALL", path, kind);
  if (mount !== "/") mountKinds.set(firstSegment(mount), kind);
}

/** The kind of route that answers `path` (decoded, as the router sees it). */
export function kindOf(path: string): RouteKind {
  const [matched] = routeKinds.match("ALL", path);
  return matched[0]?.[0] ?? mountKinds.get(firstSegment(path)) ?? "page";
}

const COMMON = {
  "X-Content-Type-Options": "nosniff",
  "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
};

/**
 * Pages and embeds only: a referrer policy governs the requests a document makes. JSON and
 * the widget script (one module, no imports) make none, and a feed opened in a browser gets
 * the same policy by default in every current browser. Each header costs every response its
 * bytes and workerd its copying, so shared resources go without.
 */
const DOCUMENT = { ...COMMON, "Referrer-Policy": "strict-origin-when-cross-origin" };

const SHARED = {
  // Readable from any site without credentials: a public, read-only publication.
  "Access-Control-Allow-Origin": "*",
  // Content-Length and Last-Modified are CORS-safelisted already; these two are not.
  "Access-Control-Expose-Headers": "ETag, Link",
  // Lets cross-origin-isolated (COEP) pages load our script and JSON.
  "Cross-Origin-Resource-Policy": "cross-origin",
};

/**
 * Pages: the site stylesheet, inlined and allowed by its hash (computed by
 * scripts/build-assets.ts), and our icon; no script, no other inline style, no framing.
 * Pages load no other image (the content build disables them), font or document.
 * `connect-src 'self'` opens nothing, as no script may run; it lets auditors that read
 * /robots.txt from inside the page (Lighthouse's SEO audit) do so.
 */
const pageCsp = (formAction: string) =>
  `default-src 'none'; style-src ${siteCssHash}; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'`;
export const PAGE_CSP = pageCsp("'none'");

/**
 * The front page, which runs the live `<key-facts>` demo: our loader and widget scripts,
 * which read the API (connect-src 'self'), still nothing inline. The home route sends it
 * in place of its kind's CSP.
 */
export const WIDGET_PAGE_CSP = `${PAGE_CSP}; script-src 'self'`;

/**
 * The subscription pages: as strict, but their forms post to us. Turnstile, when it is on,
 * adds its script and frame on the subscribe form only.
 */
export const SUBSCRIBE_PAGE_CSP = pageCsp("'self'");
export const TURNSTILE_PAGE_CSP = `${SUBSCRIBE_PAGE_CSP}; script-src https://challenges.cloudflare.com; frame-src https://challenges.cloudflare.com`;

/** Embeds: the card stylesheet, inlined and allowed by its hash, our icon, no script at all; any site may frame them. */
export const EMBED_CSP = `default-src 'none'; style-src ${embedCssHash}; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors *`;

const PAGE = {
  ...DOCUMENT,
  "Content-Security-Policy": PAGE_CSP,
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
};

const EMBED = { ...DOCUMENT, "Content-Security-Policy": EMBED_CSP, "Cross-Origin-Resource-Policy": "cross-origin" };

/**
 * The security and CORS headers of each kind of route. A route may replace the default
 * Content-Security-Policy of its kind (the front page does, for its live widget demo).
 */
export const SECURITY_HEADERS: Readonly<Record<RouteKind, Readonly<Record<string, string>>>> = {
  shared: { ...COMMON, ...SHARED },
  embed: EMBED,
  page: PAGE,
};
