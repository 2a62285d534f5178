/**
 * `npm run preview -- <slug> [kind…]`: writes a summary's announcement (or a digest,
 * confirmation or welcome mail: `daily`, `weekly`, `confirm`, `welcome`) as the subscriber
 * would get it, one `.eml` and one `.html` per mail, into `previews/` (git-ignored). The mails
 * come from /admin's preview, on a local worker: the code that sends them, a synthetic
 * subscriber, no account and no network.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unstable_dev } from "wrangler";

const OUT = "previews";
const KINDS = new Set(["daily", "weekly", "confirm", "welcome"]);

const wanted = process.argv.slice(2);
if (wanted.length === 0) {
  console.error("usage: npm run preview -- <slug> [daily] [weekly] [confirm] [welcome]");
  process.exit(2);
}

execFileSync(process.execPath, ["--import", "tsx", "scripts/prepare.ts"], { stdio: "inherit" });
execFileSync(process.execPath, ["node_modules/wrangler/bin/wrangler.js", "d1", "migrations", "apply", "DB", "--local"], {
  stdio: "ignore",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
});

// Local mode opens /admin on the loopback host; a throwaway secret signs the preview's links.
const worker = await unstable_dev("src/worker/index.ts", {
  config: "wrangler.toml",
  ip: "127.0.0.1",
  vars: { ADMIN_LOCAL: "1", SUBSCRIPTION_SECRET: randomBytes(32).toString("base64url") },
  experimental: { disableExperimentalWarning: true },
  logLevel: "error",
});

let failed = false;
try {
  mkdirSync(OUT, { recursive: true });
  for (const name of wanted) {
    const path = KINDS.has(name) ? `/admin/preview/${name}` : `/admin/preview/summary/${encodeURIComponent(name)}`;
    const file = KINDS.has(name) ? name : name.replace(/[^a-z0-9-]/gi, "_");
    for (const part of ["eml", "html"] as const) {
      const res = await worker.fetch(`http://127.0.0.1:${worker.port}${path}/${part}`);
      const body = await res.text();
      if (!res.ok) {
        console.error(`✗ ${name}: ${/<p[^>]*>([^<]+)<\/p>/.exec(body)?.[1] ?? `${res.status} ${res.statusText}`}`);
        failed = true;
        break;
      }
      writeFileSync(join(OUT, `${file}.${part}`), body);
      console.log(`✓ ${join(OUT, `${file}.${part}`)}`);
    }
  }
} finally {
  await worker.stop();
}
process.exit(failed ? 1 : 0);
