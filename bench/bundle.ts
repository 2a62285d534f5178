/**
 * Bundling for the benchmarks: one set of esbuild settings for the worker and for every
 * baseline it is compared with (Lit alone, Hono hello), so size ratios compare code, not
 * settings. The worker's generated modules (`build/*.js`) can be swapped for other files.
 * @module
 */
import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build, type Plugin } from "esbuild";

export const ROOT = resolve(import.meta.dirname, "..");
export const BUILD_DIR = join(ROOT, "build");
export const WORKER_ENTRY = join(ROOT, "src/worker/index.ts");

/** The settings every bundle in the benchmarks shares: what a worker or a browser loads. */
export const BUNDLE_SETTINGS = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  legalComments: "none",
  write: false,
  logLevel: "silent",
} as const satisfies BuildOptions;

/** Gzip size at level 9, as the platform and browsers see a compressed script. */
export function gzipSize(code: string | Uint8Array): number {
  return gzipSync(code, { level: 9 }).length;
}

/**
 * Redirects imports of the generated `build/<name>.js` modules to `files[name]`. Names not
 * given resolve to `build/<name>.js` when it exists (and `stubAll` is false), else to a stub
 * that exports the names the worker imports with empty values: content left out, or an
 * artefact whose build script does not exist yet, never breaks a bench run.
 */
function generatedModules(files: Record<string, string>, stubs: Map<string, Set<string>>, stubAll: boolean): Plugin {
  return {
    name: "bench-generated-modules",
    setup(b) {
      b.onResolve({ filter: /(^|[/\\])build[/\\][^/\\]+\.js$/ }, (args) => {
        const abs = resolve(args.resolveDir, args.path);
        if (dirname(abs) !== BUILD_DIR) return undefined;
        const name = basename(abs);
        const mapped = files[name];
        if (mapped) return { path: mapped };
        if (!stubAll && existsSync(abs)) return { path: abs };
        if (!stubs.has(name)) stubs.set(name, new Set());
        return { path: name, namespace: "bench-stub" };
      });
      b.onLoad({ filter: /.*/, namespace: "bench-stub" }, (args) => {
        const names = [...(stubs.get(args.path) ?? [])];
        return { contents: ["export default {};", ...names.map((n) => `export const ${n} = "";`)].join("\n"), loader: "js" };
      });
    },
  };
}

const MISSING_EXPORT = /No matching export in "bench-stub:([^"]+)" for import "([^"]+)"/;

export interface WorkerBundleOptions {
  /** `build/` file name (e.g. `archive.js`) → the file to bundle in its place. */
  files?: Record<string, string>;
  /** Stub every generated module not in `files`: the worker's own code, content excluded. */
  stubAll?: boolean;
}

/** The worker (src/worker/index.ts) as one minified ES module. */
export async function bundleWorker(opts: WorkerBundleOptions = {}): Promise<string> {
  const stubs = new Map<string, Set<string>>();
  // A stub learns the names it must export from esbuild's errors; a few passes suffice.
  for (let pass = 0; ; pass++) {
    try {
      const result = await build({
        ...BUNDLE_SETTINGS,
        entryPoints: [WORKER_ENTRY],
        plugins: [generatedModules(opts.files ?? {}, stubs, opts.stubAll ?? false)],
      });
      return textOf(result.outputFiles);
    } catch (err) {
      const missing = ((err as { errors?: { text: string }[] }).errors ?? [])
        .map((e) => MISSING_EXPORT.exec(e.text))
        .filter((m) => m !== null);
      if (pass > 3 || missing.length === 0) throw err;
      for (const [, file, name] of missing) stubs.get(file as string)?.add(name as string);
    }
  }
}

/** A bundle of `source` (an ES module resolved from the project root) with the same settings. */
export async function bundleSource(source: string, name: string): Promise<string> {
  const result = await build({
    ...BUNDLE_SETTINGS,
    stdin: { contents: source, resolveDir: ROOT, sourcefile: name, loader: "ts" },
  });
  return textOf(result.outputFiles);
}

function textOf(files: { text: string }[] | undefined): string {
  const file = files?.[0];
  if (!file) throw new Error("esbuild produced no output");
  return file.text;
}

/** The baselines the issue names, bundled exactly like the worker and the widget. */
export const BASELINES = {
  /** What a Lit element cannot do without: the widget is compared with this. */
  lit: 'export { LitElement, html, css } from "lit";\n',
  /** The smallest Hono worker: the worker's code is compared with this. */
  honoHello: 'import { Hono } from "hono";\nexport default new Hono().get("/", (c) => c.text("hello"));\n',
  /** The raw baseline every throughput and latency figure is divided by. */
  raw: "export default { fetch: () => new Response('hello') };\n",
} as const;
