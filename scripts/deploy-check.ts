/**
 * Run before `wrangler deploy` (npm's predeploy): refuses to deploy a publication without
 * `base_url`. Without it every URL in feeds, pages and API answers would come from each
 * request's Host header, and those bodies are publicly cached: one request with a forged
 * Host would put another site's address in what every reader gets. Also refuses a
 * wrangler.toml that turns on the admin area's local mode (ADMIN_LOCAL), which npm start
 * alone turns on, and a fediverse worker config that turns on FEDIVERSE_LOCAL (fetches from
 * private addresses).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildArchive } from "../src/content/build";

// A plain line scan, not wrangler's config reader: loading wrangler takes seconds, and any
// uncommented `ADMIN_LOCAL =` line with a value, in [vars] or an [env.*.vars] table, is what we refuse.
if (/^\s*ADMIN_LOCAL\s*=\s*["'][^"']+["']/m.test(readFileSync("wrangler.toml", "utf8"))) {
  console.error(
    "✗ deploy refused: wrangler.toml sets ADMIN_LOCAL.\n" +
      "  It opens /admin without Cloudflare Access and is for npm start on your own machine only;\n" +
      `  set it to "" in [vars]. Production's admin area is opened by ACCESS_TEAM_DOMAIN and ACCESS_AUD (docs/admin.md).`,
  );
  process.exit(1);
}

// Likewise the fediverse worker's local mode, which lets it fetch actors and keys from private addresses.
if (/^\s*FEDIVERSE_LOCAL\s*=\s*["'][^"']+["']/m.test(readFileSync("src/fediverse/wrangler.toml", "utf8"))) {
  console.error(
    "✗ deploy refused: src/fediverse/wrangler.toml sets FEDIVERSE_LOCAL.\n" +
      "  It lets the fediverse worker fetch from loopback and private addresses (for a peer on your machine);\n" +
      '  in production every remote fetch must reach public addresses only: set it to "".',
  );
  process.exit(1);
}

const { values } = parseArgs({ options: { content: { type: "string", default: "content" } } });
const result = await buildArchive(values.content ?? "content");
if (!result.ok) {
  console.error("✗ deploy refused: the content does not build (npm run build:content lists the errors).");
  process.exit(1);
}
if (result.archive.publication.base_url === null) {
  console.error(
    "✗ deploy refused: content/publication.yaml has no base_url.\n" +
      "  Set it to the site's origin (base_url: https://news.example.org): a deployed worker takes every URL it\n" +
      "  writes from base_url, never from a request's Host. Local development (npm start) needs none.",
  );
  process.exit(1);
}
console.log(`✓ deploying for ${result.archive.publication.base_url}`);
