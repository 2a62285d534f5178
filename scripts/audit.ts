/**
 * `npm run audit [-- --url http://127.0.0.1:8787]`: Lighthouse (mobile defaults) on every kind
 * of page, printing performance / accessibility / best practices / SEO for each. Builds and
 * starts the worker under `wrangler dev` on a free port unless `--url` names one already
 * running, and drives the machine's Chromium (`CHROME_PATH`, default /usr/bin/chromium).
 * Slow (about 15 s a page), so not part of `npm test`. Exits 1 when a score is below 100.
 * @module
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const ROOT = resolve(import.meta.dirname, "..");
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"];

interface PageKind {
  kind: string;
  path: string;
  /** Categories that do not apply: the embed is rightly noindex, so SEO does not. */
  skip?: readonly (typeof CATEGORIES)[number][];
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  await new Promise((ok) => server.close(ok));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** Builds, then starts `wrangler dev` in its own process group; resolves once it answers. */
async function startWorker(): Promise<{ origin: string; child: ChildProcess }> {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/prepare.ts"], { cwd: ROOT, stdio: "inherit" });
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const args = ["node_modules/wrangler/bin/wrangler.js", "dev", "--ip", "127.0.0.1", "--port", String(port)];
  args.push("--inspector-port", String(await freePort()), "--persist-to", mkdtempSync(join(tmpdir(), "keyfacts-audit-")));
  args.push("--show-interactive-dev-session=false", "--log-level", "warn");
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", BROWSER: "none" },
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/`, { signal: AbortSignal.timeout(2000) })).ok) return { origin, child };
    } catch {
      // Not up yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`wrangler dev did not answer at ${origin} within 90 s`);
}

/** One page of each kind, named from the live API so the audit follows the content. */
async function pageKinds(origin: string): Promise<PageKind[]> {
  const list = (await (await fetch(`${origin}/api/v1/summaries?limit=1`)).json()) as { items: { slug: string; tags: string[] }[] };
  const first = list.items[0];
  if (!first) throw new Error("no summary is published: the audit needs one of each page");
  // The token pages of a subscription (confirm, the subscriber's own page, unsubscribe) are
  // noindex and need a mail's link; the form is the e-mail page anyone reaches.
  return [
    { kind: "home", path: "/" },
    { kind: "summary", path: `/summaries/${first.slug}` },
    { kind: "tag", path: `/tags/${first.tags[0]}` },
    { kind: "feeds", path: "/feeds" },
    { kind: "API errors", path: "/problems" },
    { kind: "subscribe", path: "/subscribe" },
    { kind: "sources", path: "/sources" },
    { kind: "source", path: "/sources/hngn" },
    { kind: "embed", path: `/embed/${first.slug}`, skip: ["seo"] },
  ];
}

async function run(url: string, port: number, categories: readonly string[]) {
  const result = await lighthouse(url, { port, output: "json", logLevel: "error", onlyCategories: [...categories] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  return result;
}

async function main(): Promise<number> {
  const at = process.argv.indexOf("--url");
  const given = at >= 0 ? process.argv[at + 1] : undefined;
  const worker = given ? { origin: new URL(given).origin, child: undefined } : await startWorker();
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium", chromeFlags: CHROME_FLAGS });
  let failed = false;
  try {
    const kinds = await pageKinds(worker.origin);
    console.log(`Lighthouse on ${worker.origin} (mobile): performance / accessibility / best practices / SEO`);
    for (const page of kinds) {
      const categories = CATEGORIES.filter((c) => !page.skip?.includes(c));
      // A trace that fails to record (NO_NAVSTART, seen on a busy machine) asks for another run: up to three in all.
      let result = await run(worker.origin + page.path, chrome.port, categories);
      for (let retry = 0; retry < 2 && result.lhr.runtimeError; retry++)
        result = await run(worker.origin + page.path, chrome.port, categories);
      const { lhr } = result;
      const scores = CATEGORIES.map((c) => {
        if (!categories.includes(c)) return "n/a";
        const score = lhr.categories[c]?.score ?? null;
        if (score === null || score < 1) failed = true;
        return score === null ? "err" : String(Math.round(score * 100));
      });
      console.log(`${page.kind.padEnd(11)} ${scores.join(" / ").padEnd(20)} ${page.path}`);
      // What kept a score below 100, so the line can be acted on.
      if (lhr.runtimeError) console.log(`  ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
      for (const c of categories) {
        const category = lhr.categories[c];
        if (!category || category.score === null || category.score >= 1) continue;
        const losing = category.auditRefs
          .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
          .map((ref) => {
            const a = lhr.audits[ref.id];
            return `${ref.id} (${a?.displayValue || a?.explanation || a?.score})`;
          });
        console.log(`  ${c}: ${losing.join(", ") || "(no weighted audit failed)"}`);
      }
    }
  } finally {
    chrome.kill();
    if (worker.child?.pid) process.kill(-worker.child.pid, "SIGTERM");
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
