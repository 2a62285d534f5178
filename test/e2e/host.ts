/**
 * A third-party site for the end-to-end suite: its own origin (`http://localhost:<port>`,
 * neither the worker's nor the shared pages server's), serving host pages that tests fill
 * with the snippets a site owner copies, each under the CSP the test gives, and JSON
 * documents under `/api/` (with CORS) standing in for another keyfacts API.
 * @module
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";

const PAGES = resolve(import.meta.dirname, "pages");

export interface Host {
  origin: string;
  /**
   * Serves `pages/<template>.html` at `/<name>.html` with `%WORKER%`, `%HOST%` and each
   * `%KEY%` of `fill` replaced, under `csp`; returns the page's URL.
   */
  page(name: string, template: string, csp: string, fill?: Record<string, string>): Promise<string>;
  /** Serves `body` as JSON at `/api/<path>`. */
  json(path: string, body: string): void;
  close(): Promise<void>;
}

/** The strict CSP the widget must work under, for a page whose scripts come from `worker`. */
export const strictCsp = (worker: string, more: { connect?: string; frame?: string } = {}) =>
  [
    "default-src 'none'",
    `script-src ${worker}`,
    `connect-src ${worker}${more.connect ? ` ${more.connect}` : ""}`,
    "style-src 'self'",
    "img-src 'self'",
    ...(more.frame ? [`frame-src ${more.frame}`] : []),
    "require-trusted-types-for 'script'",
    "trusted-types lit-html",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");

export async function startHost(worker: string): Promise<Host> {
  const pages = new Map<string, { html: string; csp: string }>();
  const api = new Map<string, string>();
  // The same plain news-article stylesheet as the browser suite's host pages.
  const css = await readFile(resolve(import.meta.dirname, "../browser/pages/host.css"));
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://host").pathname;
    const page = pages.get(path);
    if (page) {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": page.csp, "Cache-Control": "no-store" });
      res.end(page.html);
    } else if (path === "/host.css") {
      res.writeHead(200, { "Content-Type": "text/css; charset=utf-8" });
      res.end(css);
    } else if (api.has(path)) {
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Access-Control-Allow-Origin": "*" });
      res.end(api.get(path));
    } else {
      // Chromium asks every origin for /favicon.ico: answer without a console error.
      res.writeHead(path === "/favicon.ico" ? 204 : 404, { "Content-Type": "text/plain" });
      res.end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, "localhost", ok));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    async page(name, template, csp, fill = {}) {
      let html = await readFile(resolve(PAGES, `${template}.html`), "utf8");
      for (const [key, value] of Object.entries({ ...fill, WORKER: worker, HOST: origin })) html = html.replaceAll(`%${key}%`, value);
      pages.set(`/${name}.html`, { html, csp });
      return `${origin}/${name}.html`;
    },
    json(path, body) {
      api.set(`/api/${path}`, body);
    },
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
