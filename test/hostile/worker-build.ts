/**
 * A throwaway copy of the worker project whose `build/archive.js` (and `build/docs.bin`, and
 * the documents) a test may break, built with the real `wrangler deploy --dry-run` and
 * started in workerd through Miniflare, the documents served as its static assets.
 * @module
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from "../../scripts/wrangler-config";

const ROOT = resolve(import.meta.dirname, "../..");

export interface WorkerProject {
  dir: string;
  /** Runs `wrangler deploy --dry-run --outdir dist`; never throws, reports what happened. */
  build(): Promise<{ ok: boolean; output: string }>;
  /** Starts `dist/index.js` in workerd; `ok` false with workerd's stderr when it refuses. */
  start(): Promise<
    { ok: true; fetch(path: string): Promise<Response>; output(): Promise<string>; stop(): Promise<void> } | { ok: false; output: string }
  >;
  remove(): Promise<void>;
}

/**
 * Copies the worker's sources, config and build outputs, with `archiveJs` and `docsBin` as the
 * archive and the documents in `documents` (a `build/documents` folder; none when undefined).
 */
export async function workerProject(archiveJs: string, docsBin: Uint8Array, documents?: string): Promise<WorkerProject> {
  const dir = await mkdtemp(join(tmpdir(), "keyfacts-broken-"));
  for (const part of ["src", "build", "wrangler.toml", "package.json", "tsconfig.base.json", "tsconfig.json"]) {
    await cp(join(ROOT, part), join(dir, part), { recursive: true });
  }
  await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  await mkdir(join(dir, "build"), { recursive: true });
  await writeFile(join(dir, "build", "archive.js"), archiveJs);
  await writeFile(join(dir, "build", "docs.bin"), docsBin);
  await rm(join(dir, "build", "documents"), { recursive: true, force: true });
  if (documents) await cp(documents, join(dir, "build", "documents"), { recursive: true });
  else await mkdir(join(dir, "build", "documents"));

  return {
    dir,
    build: () =>
      new Promise((done) => {
        const wrangler = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
        execFile(
          process.execPath,
          [wrangler, "deploy", "--dry-run", "--outdir", "dist"],
          // No telemetry or update checks: the build must not depend on the network.
          { cwd: dir, timeout: 90_000, env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", CI: "1" } },
          (err, stdout, stderr) => done({ ok: err === null, output: `${stdout}\n${stderr}` }),
        );
      }),
    async start() {
      let output = "";
      const mf = new Miniflare(
        convertV4MiniflareOptions({
          modules: await distModules(join(dir, "dist")),
          compatibilityDate: COMPATIBILITY_DATE,
          compatibilityFlags: COMPATIBILITY_FLAGS,
          bindings: { WEBSUB_HUB: "" },
          // As wrangler.toml sets them: the worker answers every request and reads the documents.
          assets: {
            directory: join(dir, "build", "documents"),
            binding: "ASSETS",
            routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
          },
          // workerd's logs, start-up errors included, arrive here line by line.
          handleStructuredLogs: (log: { message: string }) => {
            output += `${log.message}\n`;
          },
        }),
      );
      try {
        await mf.ready;
      } catch {
        // The runtime is already gone; disposing would only report that again.
        await mf.dispose().catch(() => undefined);
        return { ok: false, output };
      }
      return {
        ok: true,
        fetch: (path) => mf.dispatchFetch(`http://127.0.0.1${path}`) as unknown as Promise<Response>,
        // What workerd printed so far, once its streams have caught up.
        output: () => new Promise((done) => setTimeout(() => done(output), 200)),
        stop: () => mf.dispose(),
      };
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** What `wrangler deploy --dry-run --outdir` wrote: `index.js` and the Data modules beside it. */
async function distModules(dist: string) {
  const data = (await readdir(dist)).filter((f) => f.endsWith(".bin"));
  return [
    { type: "ESModule" as const, path: "index.js", contents: await readFile(join(dist, "index.js"), "utf8") },
    ...(await Promise.all(data.map(async (f) => ({ type: "Data" as const, path: f, contents: await readFile(join(dist, f)) })))),
  ];
}
