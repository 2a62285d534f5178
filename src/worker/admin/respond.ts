/** How the admin area answers: its pages and refusals as HTML, never stored, never indexed. */
import type { Context } from "hono";
import type { AppEnv } from "../lib/app-env";
import { SECURITY_HEADERS } from "../lib/security";
import { archive } from "../lib/store";
import { errorPage } from "../pages/error-page";

/** What every admin answer carries: the page headers and no referrer, never stored, never indexed. */
export const ADMIN_HEADERS: Readonly<Record<string, string>> = {
  ...SECURITY_HEADERS.page,
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
  "X-Robots-Tag": "noindex",
};
const HEADERS = { ...ADMIN_HEADERS, "Content-Type": "text/html; charset=utf-8" };

/** An admin page as sent; `headers` may replace its CSP. */
export const adminPage = (body: string, status = 200, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { ...HEADERS, ...headers } });

/** A refusal as the site's error page, with the admin headers. */
export const adminRefusal = (_c: Context<AppEnv>, status: number, title: string, detail: string) =>
  adminPage(errorPage(archive.publication, status, title, detail), status);
