/**
 * Run before `wrangler deploy` (npm's predeploy): refuses to deploy a publication without
 * `base_url`. Without it every URL in feeds, pages and API answers would come from each
 * request's Host header, and those bodies are publicly cached: one request with a forged
 * Host would put another site's address in what every reader gets.
 */
import { parseArgs } from "node:util";
import { buildArchive } from "../src/content/build";

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
