/** How the admin area answers: its pages and refusals as HTML, never stored, never indexed. */
import type { Context } from "hono";
import { siteCssHash } from "../../../build/assets.js";
import type { AppEnv } from "../lib/app-env";
import { SECURITY_HEADERS } from "../lib/security";
import { archive } from "../lib/store";
import { errorPage } from "../pages/error-page";
import { type Html, html, raw } from "../pages/html";
import { ADMIN_CSS } from "./pages";

/** What every admin answer carries: the page headers and no referrer, never stored, never indexed. */
export const ADMIN_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS.page,
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
};
const HEADERS = { ...ADMIN_HEADERS, "Content-Type": "text/html; charset=utf-8" };

let cssHash: Promise<string> | undefined;
/** The CSP source of the admin pages' own stylesheet, hashed once an isolate. */
function adminCssHash(): Promise<string> {
  cssHash ??= crypto.subtle
    .digest("SHA-256", new TextEncoder().encode(ADMIN_CSS))
    .then((d) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(d)))}'`);
  return cssHash;
}

/** The admin pages' `<style>` and the CSP that allows it: the site's, forms posting to us, frames (the previews) from us. */
export async function adminStyle(): Promise<{ style: Html; csp: string }> {
  const hash = await adminCssHash();
  return {
    style: html`<style>${raw(ADMIN_CSS)}</style>`,
    csp: `default-src 'none'; style-src ${siteCssHash} ${hash}; img-src 'self'; base-uri 'none'; form-action 'self'; frame-src 'self'; frame-ancestors 'none'`,
  };
}

/** An admin answer as sent, under the site's page CSP; `headers` may replace it. */
export const adminPage = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { ...HEADERS, ...headers } });

/**
 * An admin page with its own stylesheet and forms, under the admin CSP: the site's page CSP has
 * `form-action 'none'`, under which a browser refuses to submit a form (curl never notices).
 */
export async function adminHtml(body: string, status = 200): Promise<Response> {
  const { csp } = await adminStyle();
  return adminPage(body, status, { "Content-Security-Policy": csp });
}

/**
 * A mail's HTML part, to be framed by a preview: sandboxed by its own CSP too (no script, no
 * same origin), its inline styles allowed as a mail client allows them, and only we may frame it.
 */
export const mailFrame = (markup: string) =>
  new Response(markup, {
    headers: {
      ...HEADERS,
      "Content-Security-Policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'self'",
      "X-Frame-Options": "SAMEORIGIN",
    },
  });

/** A refusal as the site's error page, with the admin headers. */
export const adminRefusal = (_c: Context<AppEnv>, status: number, title: string, detail: string) =>
  adminPage(errorPage(archive.publication, status, title, detail), status);
