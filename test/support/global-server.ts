/**
 * globalSetup of the "browser" project: builds what is stale, starts the workers under
 * `wrangler dev` as npm start does (the reader on a free port, the app and fediverse workers
 * behind it), and a second origin that serves host pages and fake APIs.
 *
 * Tests read both with `inject("workerOrigin")` (http://127.0.0.1:<port>) and
 * `inject("pagesOrigin")` (http://localhost:<port>: a different origin, as a real host site is).
 *
 * The second origin serves:
 * - `/pages/<name>.html` from test/browser/pages/, with `%WORKER%` and `%PAGES%` replaced by the
 *   two origins and `%VERSION%` by the widget's version (for `/widget/<version>.js`), under a strict CSP (only the worker for scripts and connections, Trusted Types)
 *   unless `?csp=` gives another policy (same placeholders; `?csp=none` sends none);
 * - other files under `/pages/` as they are (css, js, json);
 * - `/fake-api/<mode>/…`, a stand-in API with CORS: `status-<code>`, `hang` (never answers),
 *   `html`, `truncated`, `wrong-shape`, `slow` (a real summary, a second late), and `fixture` (`…/summaries/<name>` answers
 *   test/browser/pages/<name>-summary.json).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, relative, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { DEV_CONFIGS } from "../../scripts/dev-origin";
import { fediverseLocalVars, setLocalVars } from "../../scripts/local-vars";

declare module "vitest" {
  export interface ProvidedContext {
    /** The worker under `wrangler dev`, e.g. `http://127.0.0.1:41234`. */
    workerOrigin: string;
    /** The second origin serving host pages and fake APIs, e.g. `http://localhost:41235`. */
    pagesOrigin: string;
    /** wrangler dev's state directory (its local D1), for `wrangler d1 execute --persist-to`. */
    wranglerState: string;
  }
}

const ROOT = resolve(import.meta.dirname, "../..");
const PAGES = join(ROOT, "test/browser/pages");

/** The policy host pages get by default: a host site with a strict CSP, which the widget must work under. */
export const strictCsp = (worker: string) =>
  `default-src 'none'; script-src ${worker}; connect-src ${worker}; style-src 'self'; img-src 'self'; ` +
  "require-trusted-types-for 'script'; trusted-types lit-html; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Newest modification time under `paths` (files or directories), 0 when none exist. */
function newest(paths: string[]): number {
  let t = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isDirectory()) t = Math.max(t, newest(readdirSync(p).map((f) => join(p, f))));
    else t = Math.max(t, st.mtimeMs);
  }
  return t;
}

/** Runs a build script when its output is missing or older than its inputs. */
function buildIfStale(script: string, output: string, inputs: string[]): void {
  const out = join(ROOT, output);
  if (existsSync(out) && statSync(out).mtimeMs >= newest(inputs.map((i) => join(ROOT, i)))) return;
  execFileSync(process.execPath, ["--import", "tsx", script], { cwd: ROOT, stdio: "inherit" });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  await new Promise((ok) => server.close(ok));
  return port;
}

async function waitFor(url: string, child: ChildProcess, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode} before serving ${url}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // Not up yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not serve ${url} within ${ms} ms`);
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
};

/** A valid summary payload for modes that need real-looking JSON. */
function sampleSummary(worker: string): Promise<string> {
  return fetch(`${worker}/api/v1/summaries/north-korean-labourers-russia-2024`).then((r) => r.text());
}

function fakeApi(mode: string, rest: string, res: ServerResponse, sample: string): void {
  const cors = { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" };
  const json = { ...cors, "Content-Type": "application/json; charset=utf-8" };
  const status = /^status-(\d{3})$/.exec(mode);
  if (status) {
    res.writeHead(Number(status[1]), { ...cors, "Content-Type": "application/problem+json" });
    res.end(JSON.stringify({ type: "about:blank", title: "Failure", status: Number(status[1]), detail: "a fake failure" }));
  } else if (mode === "hang") {
    // Headers never come; the socket stays open until the client gives up or the server closes.
    res.socket?.setTimeout(0);
  } else if (mode === "slow") {
    setTimeout(() => {
      res.writeHead(200, json);
      res.end(sample);
    }, 1000);
  } else if (mode === "html") {
    res.writeHead(200, { ...cors, "Content-Type": "text/html; charset=utf-8" });
    res.end("<!doctype html><title>Oops</title><p>Service temporarily unavailable</p>");
  } else if (mode === "truncated") {
    res.writeHead(200, json);
    res.end(sample.slice(0, Math.floor(sample.length / 2)));
  } else if (mode === "wrong-shape") {
    res.writeHead(200, json);
    res.end(JSON.stringify({ title: 42, facts: "none", items: {} }));
  } else if (mode === "fixture") {
    const name = rest.replace(/^summaries\//, "");
    const file = join(PAGES, `${name}-summary.json`);
    if (!/^[a-z0-9-]+$/.test(name) || !existsSync(file)) {
      res.writeHead(404, { ...cors, "Content-Type": "application/problem+json" });
      res.end(JSON.stringify({ type: "about:blank", title: "Not found", status: 404, detail: "no fixture" }));
      return;
    }
    res.writeHead(200, json);
    res.end(readFileSync(file));
  } else {
    res.writeHead(400, { "Content-Type": "text/plain" });
    res.end(`unknown fake-api mode ${mode}`);
  }
}

/** The widget build's version, as build/widget-bundle.js exports it. */
function widgetVersion(): string {
  const m = /export const version = "([^"]+)"/.exec(readFileSync(join(ROOT, "build/widget-bundle.js"), "utf8"));
  if (!m) throw new Error("build/widget-bundle.js exports no version");
  return m[1]!;
}

function pagesHandler(worker: string, pages: () => string, sample: () => Promise<string>) {
  const version = widgetVersion();
  const fill = (text: string) => text.replaceAll("%WORKER%", worker).replaceAll("%PAGES%", pages()).replaceAll("%VERSION%", version);
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", pages());
    const fake = /^\/fake-api\/([a-z0-9-]+)\/(.*)$/.exec(url.pathname);
    if (fake) return fakeApi(fake[1]!, fake[2]!, res, await sample());
    if (url.pathname === "/favicon.ico") {
      // Chromium asks every origin for one; a 404 would be a console error in every test.
      res.writeHead(204, { "Cache-Control": "max-age=3600" });
      res.end();
      return;
    }
    const page = /^\/pages\/([a-z0-9-]+\.(?:html|css|js|json))$/.exec(url.pathname);
    const file = page && join(PAGES, page[1]!);
    if (!file || !existsSync(file)) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    const type = TYPES[extname(file)]!;
    const headers: Record<string, string> = { "Content-Type": type, "Cache-Control": "no-store" };
    if (type.startsWith("text/html")) {
      const csp = url.searchParams.get("csp");
      if (csp !== "none") headers["Content-Security-Policy"] = csp ? fill(csp) : strictCsp(worker);
      res.writeHead(200, headers);
      res.end(fill(readFileSync(file, "utf8")));
    } else {
      res.writeHead(200, headers);
      res.end(readFileSync(file));
    }
  };
}

/**
 * The app worker's config for this run, in `dir`: wrangler.toml with its paths made absolute,
 * beside a .dev.vars of the run's own settings. wrangler dev gives a worker behind the first one
 * only what the .dev.vars beside its config holds (not --var), and a developer's own .dev.vars
 * must not change a test run: the mail the cron sends names this server's origin, the subscription
 * secret is the run's own, no mail is logged, and /admin's local mode is on, as npm start turns it on.
 */
function appConfigForRun(dir: string, origin: string): string {
  const abs = (path: string) => JSON.stringify(join(ROOT, path));
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8")
    .replace(/^main = "([^"]+)"$/m, (_m, path: string) => `main = ${abs(path)}`)
    .replace(/^directory = "([^"]+)"$/m, (_m, path: string) => `directory = ${abs(path)}`)
    .replace(/^migrations_dir = "([^"]+)"$/m, (_m, path: string) => `migrations_dir = ${abs(path)}`)
    // Module rules match paths relative to the config's folder.
    .replace(/^globs = \["([^"]+)"\]$/m, (_m, glob: string) => `globs = [${JSON.stringify(join(relative(dir, ROOT), glob))}]`);
  const file = join(dir, "wrangler.toml");
  writeFileSync(file, toml);
  setLocalVars(join(dir, ".dev.vars"), {
    PUBLIC_ORIGIN: `"${origin}"`,
    SUBSCRIPTION_SECRET: `"${randomBytes(32).toString("hex")}"`,
    DEV_MAIL_LOG: '""',
    ADMIN_LOCAL: '"1"',
  });
  return file;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  buildIfStale("scripts/build-content.ts", "build/archive.js", ["content", "src/content", "src/shared", "scripts/build-content.ts"]);
  buildIfStale("scripts/build-widget.ts", "build/widget-bundle.js", ["src/widget", "src/shared/card-styles.ts", "scripts/build-widget.ts"]);
  buildIfStale("scripts/build-assets.ts", "build/assets.js", [
    "src/worker/pages/styles.css",
    "src/worker/pages/embed-frame.css",
    "src/worker/pages/demo.js",
    "src/worker/feeds/feed.xsl",
    "src/worker/feeds/feeds-page.html",
    "src/shared/card-styles.ts",
    "scripts/build-assets.ts",
    "scripts/icon.ts",
  ]);

  const [workerPort, inspectorPort, pagesPort] = [await freePort(), await freePort(), await freePort()];
  const workerOrigin = `http://127.0.0.1:${workerPort}`;
  const pagesOrigin = `http://localhost:${pagesPort}`;
  // Own state directory: parallel runs on one machine must not share .wrangler/state.
  const state = mkdtempSync(join(tmpdir(), "keyfacts-wrangler-"));
  const quiet = { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", BROWSER: "none" };
  // The subscribers' tables in that state's local D1, as npm start applies them.
  execFileSync(
    process.execPath,
    ["node_modules/wrangler/bin/wrangler.js", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state],
    {
      cwd: ROOT,
      stdio: "ignore",
      env: quiet,
    },
  );
  // The three workers, as npm start serves them: the reader on the port, and the app and fediverse
  // workers behind its bindings (the fediverse signing key in src/fediverse/.dev.vars, made as npm start makes it).
  fediverseLocalVars(ROOT);
  const configs = DEV_CONFIGS.flatMap((c) => ["-c", c === "wrangler.toml" ? appConfigForRun(state, workerOrigin) : c]);
  const args = ["node_modules/wrangler/bin/wrangler.js", "dev", ...configs, "--ip", "127.0.0.1", "--port", String(workerPort)];
  args.push(
    "--inspector-port",
    String(inspectorPort),
    "--persist-to",
    state,
    "--show-interactive-dev-session=false",
    "--log-level",
    "warn",
  );
  const wrangler = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true, // its own process group, so teardown also stops workerd
    stdio: ["ignore", "inherit", "inherit"],
    env: quiet,
  });

  let sample: Promise<string> | undefined;
  const server: Server = createServer(
    pagesHandler(
      workerOrigin,
      () => pagesOrigin,
      () => (sample ??= sampleSummary(workerOrigin)),
    ),
  );
  await new Promise<void>((ok) => server.listen(pagesPort, "localhost", ok));

  const stop = async () => {
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
    if (wrangler.exitCode === null && wrangler.pid) {
      const exited = new Promise((ok) => wrangler.once("exit", ok));
      try {
        process.kill(-wrangler.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (wrangler.exitCode === null) {
        try {
          process.kill(-wrangler.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }
    }
    rmSync(state, { recursive: true, force: true });
  };

  try {
    await waitFor(`${workerOrigin}/widget.js`, wrangler, 90_000);
  } catch (e) {
    await stop();
    throw e;
  }
  project.provide("workerOrigin", workerOrigin);
  project.provide("pagesOrigin", pagesOrigin);
  project.provide("wranglerState", state);
  return stop;
}
