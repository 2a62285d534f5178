/**
 * `npm start [-- wrangler dev args]`: builds content and widget, serves everything on local
 * workerd (http://127.0.0.1:8787 unless told otherwise), and rebuilds content/ and the
 * widget on every save. A broken save prints its errors and the last good build keeps
 * being served.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, watch } from "node:fs";

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

if (!buildContent() || !buildWidget()) {
  console.error("✗ fix the errors above, then run npm start again.");
  process.exit(1);
}

/** Runs `build` after a quiet moment, once per burst of saves. */
function watchAndRebuild(dir: string, build: () => boolean, label: string): void {
  let timer: NodeJS.Timeout | undefined;
  watch(dir, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!build()) console.error(`✗ ${label} not rebuilt: still serving the last good build.`);
    }, 150);
  });
}
watchAndRebuild("content", buildContent, "content");
if (existsSync("src/widget")) watchAndRebuild("src/widget", buildWidget, "widget");

const wranglerArgs = ["dev", ...(has("--ip") ? [] : ["--ip", "127.0.0.1"]), ...(has("--port") ? [] : ["--port", "8787"]), ...args];
const wrangler: ChildProcess = spawn(process.execPath, ["node_modules/wrangler/bin/wrangler.js", ...wranglerArgs], {
  stdio: "inherit",
});
wrangler.on("exit", (code) => process.exit(code ?? 0));
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => wrangler.kill(sig));
