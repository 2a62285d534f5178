/**
 * The reader worker and Hono hello bundled with one set of esbuild settings; the worker's `build/`
 * modules optionally from a synthetic archive's folder, its Data modules (`*.bin`) kept apart as wrangler keeps them.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

export const ROOT = resolve(import.meta.dirname, "..");

/** One ES module, the Data modules it imports (`./docs.bin`) by name, and its static assets' folder. */
export type WorkerBundle = { code: string; data: Record<string, Uint8Array>; documents?: string };

export const HONO_HELLO = 'import { Hono } from "hono";\nexport default new Hono().get("/", (c) => c.text("hello"));\n';

export const gzipSize = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).length;

/** What the platform counts of a bundle: every module gzipped. */
export const bundleGzip = (b: WorkerBundle) => gzipSize(b.code) + Object.values(b.data).reduce((n, d) => n + gzipSize(d), 0);

/** Sends imports of `build/<file>` to `buildDir/<file>` when it has one; Data modules stay external, their bytes kept in `data`. */
function generated(buildDir: string, data: Record<string, Uint8Array>): Plugin {
  return {
    name: "bench-build-dir",
    setup(b) {
      b.onResolve({ filter: /(^|[/\\])build[/\\][^/\\]+\.(js|bin)$/ }, (args) => {
        const own = join(buildDir, basename(args.path));
        const file = existsSync(own) ? own : join(ROOT, "build", basename(args.path));
        if (!file.endsWith(".bin")) return { path: file };
        data[basename(file)] = readFileSync(file);
        return { path: `./${basename(file)}`, external: true };
      });
    },
  };
}

/** One set of settings for both bundles, minified, so their start-up and gzip compare fairly. */
const SETTINGS = { bundle: true, minify: true, format: "esm", platform: "neutral", target: "es2022", legalComments: "none" } as const;
const RESOLVE = {
  external: ["node:*", "cloudflare:*"],
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
};

async function bundle(
  stdin: string | undefined,
  buildDir: string,
  data: Record<string, Uint8Array>,
  main = "src/worker/reader.ts",
): Promise<string> {
  const entry =
    stdin === undefined ? { entryPoints: [join(ROOT, main)] } : { stdin: { contents: stdin, resolveDir: ROOT, loader: "ts" as const } };
  const result = await build({ ...entry, ...SETTINGS, ...RESOLVE, write: false, logLevel: "silent", plugins: [generated(buildDir, data)] });
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error("esbuild produced no output");
  return text;
}

/** The reader worker (what readers reach) with the content built into `buildDir` (the project's build/ by default). */
export async function bundleWorker(buildDir = join(ROOT, "build")): Promise<WorkerBundle> {
  const data: Record<string, Uint8Array> = {};
  const code = await bundle(undefined, buildDir, data);
  return { code, data, documents: join(buildDir, "documents") };
}

/** The app worker (the write side, behind the reader), bundled alike: its size is printed, not budgeted. */
export async function bundleApp(): Promise<WorkerBundle> {
  const data: Record<string, Uint8Array> = {};
  return { code: await bundle(undefined, join(ROOT, "build"), data, "src/worker/index.ts"), data };
}

/** Hono hello, bundled alike. */
export const bundleHonoHello = async (): Promise<WorkerBundle> => ({ code: await bundle(HONO_HELLO, "", {}), data: {} });
