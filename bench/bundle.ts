/**
 * Bundling for the benchmarks: one set of esbuild settings for the worker and for every
 * baseline it is compared with (Lit alone, Hono hello), so size ratios compare code, not
 * settings. The worker's generated modules (`build/*.js`, and `build/docs.bin`, a Data
 * module kept beside the code as wrangler keeps it) can be swapped for other files; the
 * documents (`build/documents`, one file per summary) stay files, served to the worker as its assets.
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
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
  // Built into the runtime (workerd, whose Node APIs are on by default, Node; workerd's own modules): never bundled.
  external: ["node:*", "cloudflare:*"],
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

/** A bundled worker: one ES module and the Data modules it imports (`./docs.bin`), by name. */
export interface WorkerBundle {
  code: string;
  data: Record<string, Uint8Array>;
  /** The folder of its static assets (the documents), when it has one. */
  documents?: string;
}

/**
 * What the platform stores of a worker's static assets, apart from the bundle: how many
 * files (the Free plan takes 20,000 a version), their bytes and their gzip (what they would
 * take compressed).
 */
export function assetSizes(dir: string | undefined): { files: number; bytes: number; gzip: number } {
  const sizes = { files: 0, bytes: 0, gzip: 0 };
  if (dir === undefined || !existsSync(dir)) return sizes;
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    const bytes = readFileSync(file);
    sizes.files++;
    sizes.bytes += bytes.length;
    sizes.gzip += gzipSize(bytes);
  }
  return sizes;
}

/** What the platform counts of a bundle: every module, gzipped one by one, and raw. */
export function bundleSizes(b: WorkerBundle): { gzip: number; bytes: number } {
  const data = Object.values(b.data);
  return {
    gzip: gzipSize(b.code) + data.reduce((n, d) => n + gzipSize(d), 0),
    bytes: Buffer.byteLength(b.code) + data.reduce((n, d) => n + d.length, 0),
  };
}

/**
 * Redirects imports of the generated `build/<name>.js` modules to `files[name]`. Names not
 * given resolve to `build/<name>.js` when it exists (and `stubAll` is false), else to a stub
 * that exports the names the worker imports with empty values: content left out, or an
 * artefact whose build script does not exist yet, never breaks a bench run.
 */
function generatedModules(
  files: Record<string, string>,
  stubs: Map<string, Set<string>>,
  stubAll: boolean,
  data: Record<string, Uint8Array>,
): Plugin {
  return {
    name: "bench-generated-modules",
    setup(b) {
      // Data modules stay out of the code, as wrangler leaves them; a stubbed one is empty.
      b.onResolve({ filter: /(^|[/\\])build[/\\][^/\\]+\.bin$/ }, (args) => {
        const abs = resolve(args.resolveDir, args.path);
        const name = basename(abs);
        const file = files[name] ?? (stubAll ? undefined : abs);
        data[name] = file && existsSync(file) ? readFileSync(file) : new Uint8Array(0);
        return { path: `./${name}`, external: true };
      });
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
  /** `build/` file name (e.g. `archive.js`, `docs.bin`) → the file to bundle in its place. */
  files?: Record<string, string>;
  /** Stub every generated module not in `files`: the worker's own code, content excluded. */
  stubAll?: boolean;
  /** The documents (a `build/documents` folder); `build/documents` unless `stubAll`. */
  documents?: string;
}

/** The worker (src/worker/index.ts) as one minified ES module and its Data modules. */
export async function bundleWorker(opts: WorkerBundleOptions = {}): Promise<WorkerBundle> {
  const stubs = new Map<string, Set<string>>();
  // A stub learns the names it must export from esbuild's errors; a few passes suffice.
  for (let pass = 0; ; pass++) {
    try {
      const data: Record<string, Uint8Array> = {};
      const result = await build({
        ...BUNDLE_SETTINGS,
        entryPoints: [WORKER_ENTRY],
        plugins: [generatedModules(opts.files ?? {}, stubs, opts.stubAll ?? false, data)],
      });
      const documents = opts.documents ?? (opts.stubAll ? undefined : join(BUILD_DIR, "documents"));
      return { code: textOf(result.outputFiles), data, documents };
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

/** The baselines each figure is divided by, bundled exactly like the worker and the widget. */
export const BASELINES = {
  /** What a Lit element cannot do without: the widget is compared with this. */
  lit: 'export { LitElement, html, css } from "lit";\n',
  /** The smallest Hono worker: the worker's code is compared with this. */
  honoHello: 'import { Hono } from "hono";\nexport default new Hono().get("/", (c) => c.text("hello"));\n',
  /** The raw baseline every throughput and latency figure is divided by. */
  raw: "export default { fetch: () => new Response('hello') };\n",
} as const;
