/**
 * `npm start [-- wrangler dev args]`: builds content, widget and static assets, makes a local
 * subscription secret in .dev.vars and a Fediverse signing key in src/fediverse/.dev.vars if there are none, applies the D1 migrations to the local
 * database, serves everything on local workerd (http://127.0.0.1:8787 unless told otherwise),
 * and rebuilds content/, the widget and the stylesheets on every save. A broken save prints
 * its errors and the last good build keeps being served.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, watch } from "node:fs";
import { join } from "node:path";
import { DEV_CONFIGS, publicOrigin } from "./dev-origin";
import { addLocalVars, fediverseLocalVars, setLocalVars } from "./local-vars";

const args = process.argv.slice(2);
const has = (flag: string) => args.some((a) => a === flag || a.startsWith(`${flag}=`));

function runScript(script: string): boolean {
  try {
    execFileSync(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
    return true;
  } catch {
    return false;
  }
}

const buildContent = () => runScript("scripts/build-content.ts");
const buildWidget = () => !existsSync("scripts/build-widget.ts") || runScript("scripts/build-widget.ts");
const buildAssets = () => runScript("scripts/build-assets.ts");

if (!buildContent() || !buildWidget() || !buildAssets()) {
  console.error("✗ fix the errors above, then run npm start again.");
  process.exit(1);
}

// .dev.vars (wrangler dev reads it): a random SUBSCRIPTION_SECRET so the subscription links work
// locally, DEV_MAIL_LOG=1 so each mail's subject and link are printed in this terminal.
addLocalVars(".dev.vars", {
  SUBSCRIPTION_SECRET: () => `"${randomBytes(32).toString("hex")}"`,
  DEV_MAIL_LOG: () => '"1"',
});
fediverseLocalVars();

// The subscribers' tables, in the local database wrangler dev serves (.wrangler/state, or --persist-to).
const persist = args.findIndex((a) => a === "--persist-to" || a.startsWith("--persist-to="));
const persistArgs = persist < 0 ? [] : args[persist]?.includes("=") ? [args[persist] ?? ""] : ["--persist-to", args[persist + 1] ?? ""];
try {
  execFileSync(process.execPath, ["node_modules/wrangler/bin/wrangler.js", "d1", "migrations", "apply", "DB", "--local", ...persistArgs], {
    stdio: "inherit",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
  });
} catch {
  console.error("✗ the D1 migrations did not apply to the local database; see above.");
  process.exit(1);
}

/**
 * Runs `build` after a quiet moment, once per burst of saves. Watches each directory
 * itself: Node 20's recursive watcher on Linux loses files that editors replace by rename.
 */
function watchAndRebuild(root: string, build: () => boolean, label: string): void {
  let timer: NodeJS.Timeout | undefined;
  const watched = new Set<string>();
  const onChange = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      watchDirs(root);
      if (!build()) console.error(`✗ ${label} not rebuilt: still serving the last good build.`);
    }, 150);
  };
  const watchDirs = (dir: string) => {
    if (!watched.has(dir)) {
      watched.add(dir);
      watch(dir, onChange).on("error", () => watched.delete(dir));
    }
    for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) watchDirs(join(dir, e.name));
  };
  watchDirs(root);
}
watchAndRebuild("content", buildContent, "content");
if (existsSync("src/widget")) watchAndRebuild("src/widget", buildWidget, "widget");
// The card stylesheet and API types the widget bundles live in src/shared; the embed stylesheet has the card's too.
watchAndRebuild("src/shared", () => buildWidget() && buildAssets(), "widget");
// The site stylesheet, the embed frame rules (pages) and the feed XSL (feeds) become build/assets.js.
watchAndRebuild("src/worker/pages", buildAssets, "stylesheets");
watchAndRebuild("src/worker/feeds", buildAssets, "feed stylesheet");

const served = [...(has("--ip") ? [] : ["--ip", "127.0.0.1"]), ...(has("--port") ? [] : ["--port", "8787"]), ...args];
// The app worker, behind the reader, gets only what .dev.vars holds (wrangler dev hands --var to the
// first worker alone): mail the cron and the queue send links to PUBLIC_ORIGIN, the address served
// here, whatever the port; ADMIN_LOCAL opens /admin on this machine's loopback address without Cloudflare Access.
setLocalVars(".dev.vars", { PUBLIC_ORIGIN: `"${publicOrigin(served)}"`, ADMIN_LOCAL: '"1"' });
// The three workers in one wrangler dev: the reader (first, on the port), and the app and fediverse
// workers behind its service bindings; their state where the migrations above went.
const configs = has("-c") || has("--config") ? [] : DEV_CONFIGS.flatMap((c) => ["-c", c]);
const wranglerArgs = ["dev", ...configs, ...served, ...(persist < 0 ? ["--persist-to", ".wrangler/state"] : [])];
const wrangler: ChildProcess = spawn(process.execPath, ["node_modules/wrangler/bin/wrangler.js", ...wranglerArgs], {
  // Local development sends no usage data.
  env: { WRANGLER_SEND_METRICS: "false", ...process.env },
  stdio: "inherit",
});
wrangler.on("exit", (code) => process.exit(code ?? 0));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => wrangler.kill(sig));
