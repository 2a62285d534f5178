/**
 * `tsx scripts/measure-size.ts`: the worker's own code (content excluded), minified and
 * gzipped, against a Hono hello-world bundled the same way. It must stay within 3×
 * of that hello-world, so the worker's cold start stays near a bare Hono app's.
 * @module
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build, type Metafile, type Plugin } from "esbuild";

const ROOT = resolve(import.meta.dirname, "..");
const WORKER_ENTRY = resolve(ROOT, "src/worker/index.ts");
const HONO_HELLO = 'import { Hono } from "hono";\nexport default new Hono().get("/", (c) => c.text("hello"));\n';

/** The budget: worker code ≤ this many times the Hono hello-world. */
export const SIZE_BUDGET = 3;

/** One set of settings for both bundles, so the ratio compares code, not settings. */
const SETTINGS = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  // Built into the runtime (workerd, whose Node APIs are on by default; workerd's own modules): never bundled.
  external: ["node:*", "cloudflare:*"],
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  legalComments: "none",
  write: false,
  logLevel: "silent",
} as const satisfies BuildOptions;

/** Generated modules (content, OpenAPI, widget script, static assets): data, not code, so they are measured as empty stubs. */
const GENERATED = /(?:^|[/\\])build[/\\](archive|openapi|widget-bundle|assets)\.js$/;

/** Generated Data modules (the index's tables, build/docs.bin): left out of the code, as wrangler leaves them. */
const GENERATED_DATA = /(?:^|[/\\])build[/\\][^/\\]+\.bin$/;

/**
 * Replaces each generated module with a stub that has the same export names and tiny
 * values, so the worker still links (named imports resolve) without carrying content.
 */
function stubGenerated(): Plugin {
  return {
    name: "stub-generated-content",
    setup(b) {
      b.onResolve({ filter: GENERATED_DATA }, (args) => ({ path: args.path, external: true }));
      b.onResolve({ filter: GENERATED }, (args) => ({ path: resolve(args.resolveDir, args.path), namespace: "stub" }));
      b.onLoad({ filter: /.*/, namespace: "stub" }, async (args) => {
        const names = existsSync(args.path) ? await exportNames(args.path) : ["default"];
        const lines = names.map((n) => (n === "default" ? "export default {};" : `export const ${n} = "";`));
        return { contents: lines.join("\n"), loader: "js" };
      });
    },
  };
}

async function exportNames(file: string): Promise<string[]> {
  const result = await build({ entryPoints: [file], bundle: false, write: false, metafile: true, format: "esm", logLevel: "silent" });
  const out = Object.values(result.metafile.outputs)[0];
  return out?.exports.length ? out.exports : ["default"];
}

function textOf(files: { text: string }[] | undefined): string {
  const file = files?.[0];
  if (!file) throw new Error("esbuild produced no output");
  return file.text;
}

const gzipSize = (code: string) => gzipSync(code, { level: 9 }).length;

/** Which part of the code a bundled input belongs to, for the breakdown. */
function areaOf(input: string): string {
  if (input.startsWith("stub:")) return "build/* (content, stubbed)";
  const hono = /node_modules\/hono\/dist\/([a-z-]+)/.exec(input);
  if (hono) return hono[1] === "jsx" ? "hono/jsx" : "hono";
  const nodeModule = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (nodeModule) return nodeModule[1] as string;
  const src = /^src\/([^/]+(?:\/[^/.]+(?=\/))?)/.exec(input);
  return src ? `src/${src[1]}` : input;
}

export interface WorkerSize {
  /** Minified worker code with content stubbed out, bytes before and after gzip. */
  worker: { minified: number; gzipped: number };
  /** Minified bytes (before gzip) per part of the code, largest first. */
  byArea: Record<string, number>;
  /** `new Hono().get('/', c => c.text('hello'))`, built the same way. */
  honoHello: { minified: number; gzipped: number };
  /** worker.gzipped / honoHello.gzipped */
  ratio: number;
  /** The most `ratio` may be: 3× a Hono hello-world. */
  budget: number;
}

/** Bundles the worker and the Hono baseline with identical settings and compares them gzipped. */
export async function measureWorkerSize(): Promise<WorkerSize> {
  const [{ worker, byArea }, hello] = await Promise.all([
    build({ ...SETTINGS, entryPoints: [WORKER_ENTRY], plugins: [stubGenerated()], metafile: true }).then((r) => ({
      worker: textOf(r.outputFiles),
      byArea: breakdown(r.metafile),
    })),
    build({ ...SETTINGS, stdin: { contents: HONO_HELLO, resolveDir: ROOT, sourcefile: "hono-hello.ts", loader: "ts" } }).then((r) =>
      textOf(r.outputFiles),
    ),
  ]);
  const w = { minified: Buffer.byteLength(worker), gzipped: gzipSize(worker) };
  const h = { minified: Buffer.byteLength(hello), gzipped: gzipSize(hello) };
  return { worker: w, byArea, honoHello: h, ratio: w.gzipped / h.gzipped, budget: SIZE_BUDGET };
}

function breakdown(metafile: Metafile): Record<string, number> {
  const totals = new Map<string, number>();
  for (const out of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const area = areaOf(input);
      totals.set(area, (totals.get(area) ?? 0) + bytesInOutput);
    }
  }
  return Object.fromEntries([...totals].sort((a, b) => b[1] - a[1]));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const s = await measureWorkerSize();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`worker (content stubbed): ${kb(s.worker.minified)} minified, ${kb(s.worker.gzipped)} gzipped`);
  console.log(`hono hello-world:         ${kb(s.honoHello.minified)} minified, ${kb(s.honoHello.gzipped)} gzipped`);
  console.log(`ratio: ${s.ratio.toFixed(2)}× (budget ≤ ${s.budget}×) ${s.ratio <= s.budget ? "✓" : "✗"}`);
  console.log("\nminified bytes by part of the worker:");
  for (const [area, bytes] of Object.entries(s.byArea)) console.log(`  ${kb(bytes).padStart(9)}  ${area}`);
  if (s.ratio > s.budget) process.exitCode = 1;
}
