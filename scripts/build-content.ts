/**
 * `npm run build:content [-- --content DIR --out DIR]`: validates content/ and writes
 * build/archive.js (what the index holds that does not grow with the archive),
 * build/docs.bin (the index tables, read on demand) and build/documents/ (one file per
 * summary, for the worker's static assets). On any error it lists them all, writes nothing
 * and exits 1.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { buildArchive } from "../src/content/build";
import { emitArchive, emitOpenApi } from "../src/content/emit";
import { formatError } from "../src/content/errors";
import { assetWarning, sizeWarning } from "../src/content/limits";
import { buildOpenApi } from "../src/content/openapi";

const { values } = parseArgs({
  options: { content: { type: "string", default: "content" }, out: { type: "string", default: "build" } },
});

const started = performance.now();
const result = await buildArchive(values.content ?? "content");
if (!result.ok) {
  for (const e of result.errors) console.error(formatError(e));
  console.error(`\n✗ content build failed: ${result.errors.length} error${result.errors.length === 1 ? "" : "s"}; nothing was written.`);
  process.exit(1);
}
const out = values.out ?? "build";
const { publication } = result.archive;
await emitOpenApi(buildOpenApi(publication.title, publication.description), out);
const file = await emitArchive(result.archive, out);
const n = result.archive.entries.length;
console.log(
  `✓ content: ${n} summar${n === 1 ? "y" : "ies"} → ${file} (version ${result.archive.version}, ${Math.round(performance.now() - started)} ms)`,
);
// The upload is what grows with the archive: say so before wrangler deploy refuses it.
const contentGzip = (await Promise.all(["archive.js", "docs.bin"].map(async (f) => gzipSync(await readFile(join(out, f))).length))).reduce(
  (a, b) => a + b,
  0,
);
const largest = Object.entries(result.archive.docs).reduce(
  (max, [slug, json]) => (Buffer.byteLength(json) > max.bytes ? { slug, bytes: Buffer.byteLength(json) } : max),
  { slug: "", bytes: 0 },
);
for (const warning of [sizeWarning(contentGzip), assetWarning(n, largest)]) if (warning) console.warn(warning);
