/**
 * The worker for the load test: built exactly as `npm run build` builds it (`wrangler deploy
 * --dry-run`), then served by the bench's workerd harness (bench/workerd.ts: a process of our
 * own, no dev proxy in front, `ASSETS` a disk service on `build/documents`), with V8's GC
 * trace read from its output.
 * @module
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { serveWorkerd, type Workerd } from "../../bench/workerd";

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, "../..");

export interface Bundle {
  dir: string;
  cleanup(): Promise<void>;
}

export interface ServedWorker extends Workerd {
  /**
   * From `--trace-gc`: full (mark-compact) collections so far, the JS heap left after the
   * last, and how many isolates have run (more than one means the worker was restarted).
   */
  gc: { full: number; liveMiB: number | undefined; isolates: number };
}

/** Builds content and widget (as `npm test` does), then the reader worker's bundle (what readers reach) into a temp dir. */
export async function buildWorker(): Promise<Bundle> {
  await run(process.execPath, ["--import", "tsx", "scripts/prepare.ts"], { cwd: ROOT, timeout: 120_000 });
  const dir = await mkdtemp(join(tmpdir(), "keyfacts-load-"));
  const wrangler = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  await run(process.execPath, [wrangler, "deploy", "--dry-run", "-c", "src/worker/reader.wrangler.toml", "--outdir", dir], {
    cwd: ROOT,
    timeout: 120_000,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_UPDATE_NOTIFIER: "1", CI: "1" },
  });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A hello-world module next to the bundle: the baseline the runtime itself costs. */
export async function writeBaseline(bundle: Bundle): Promise<string> {
  const file = join(bundle.dir, "baseline.js");
  await writeFile(file, 'export default { fetch: () => new Response("hello") };\n');
  return file;
}

/** Serves `module` (a path to one ES module, and the Data modules it imports) with `v8Flags`, reading its `--trace-gc` lines. */
export async function serveWorker(module: string, v8Flags: readonly string[]): Promise<ServedWorker> {
  const gc: ServedWorker["gc"] = { full: 0, liveMiB: undefined, isolates: 0 };
  const isolates = new Set<string>();
  const onLine = (line: string) => {
    // `--trace-gc`: "Mark-Compact 127.2 (129.2) -> 1.1 (11.2) MB, ..."; other output passes through.
    const isolate = /^\[\d+:(0x[0-9a-f]+)\]/.exec(line)?.[1];
    if (isolate && !isolates.has(isolate)) gc.isolates = isolates.add(isolate).size;
    const m = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/.exec(line);
    if (m) {
      gc.full++;
      gc.liveMiB = Number(m[1]);
    } else if (!/: (Scavenge|Mark-Compact|Minor Mark)/.test(line)) process.stdout.write(`${line}\n`);
  };
  const documents = join(ROOT, "build", "documents");
  const w = await serveWorkerd({ module, v8Flags, onLine, documents, bindings: { WEBSUB_HUB: "" } });
  return { ...w, gc };
}
