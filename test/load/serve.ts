/**
 * The worker for the load test: built exactly as `npm run build` builds it (`wrangler deploy
 * --dry-run`), then served by one `workerd serve` process of our own on a free port of
 * 127.0.0.1, with no dev proxy in front, so that the process's memory is the worker's. Its
 * `ASSETS` binding is a disk service on `build/documents`, the documents wrangler would upload.
 * @module
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { promisify } from "node:util";
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from "../../scripts/wrangler-config";

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, "../..");

export interface Bundle {
  dir: string;
  cleanup(): Promise<void>;
}

export interface ServedWorker {
  origin: string;
  /** The workerd process serving it. */
  pid: number;
  /**
   * From `--trace-gc`: full (mark-compact) collections so far, the JS heap left after the
   * last, and how many isolates have run (more than one means the worker was restarted).
   */
  gc: { full: number; liveMiB: number | undefined; isolates: number };
  stop(): Promise<void>;
}

/** Builds content and widget (as `npm test` does), then the worker bundle into a temp dir. */
export async function buildWorker(): Promise<Bundle> {
  await run(process.execPath, ["--import", "tsx", "scripts/prepare.ts"], { cwd: ROOT, timeout: 120_000 });
  const dir = await mkdtemp(join(tmpdir(), "keyfacts-load-"));
  const wrangler = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
  await run(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", dir], {
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

/** Resident memory of `pid` in KiB from /proc/<pid>/status: now (VmRSS) and at its peak (VmHWM). */
export async function memoryKiB(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => {
    const m = new RegExp(`${name}:\\s+(\\d+) kB`).exec(status);
    if (!m) throw new Error(`no ${name} for process ${pid}`);
    return Number(m[1]);
  };
  return { rss: field("VmRSS"), peak: field("VmHWM") };
}

const capnpList = (items: readonly string[]) => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;

/** The Data modules (`./x.bin`) that the bundle at `module` imports, as wrangler wrote them beside it. */
async function dataModules(module: string): Promise<string[]> {
  const source = await readFile(module, "utf8");
  return [...new Set([...source.matchAll(/["']\.\/([^"'/]+\.bin)["']/g)].map((m) => m[1] as string))];
}

/** Serves `module` (a path to one ES module, and the Data modules it imports) with `v8Flags`, and waits until it listens. */
export async function serveWorker(module: string, v8Flags: readonly string[]): Promise<ServedWorker> {
  const config = `${module}.capnp`;
  const data = (await dataModules(module)).map((f) => `, (name = ${JSON.stringify(f)}, data = embed ${JSON.stringify(f)})`).join("");
  await writeFile(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The documents, as the worker's static assets: workerd serves the folder's files by path.
    (name = "documents", disk = (path = ${JSON.stringify(join(ROOT, "build", "documents"))}, writable = false)),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
  v8Flags = ${capnpList(v8Flags)},
);
const worker :Workerd.Worker = (
  modules = [ (name = "index.js", esModule = embed ${JSON.stringify(module.slice(module.lastIndexOf("/") + 1))})${data} ],
  compatibilityDate = ${JSON.stringify(COMPATIBILITY_DATE)},
  compatibilityFlags = ${capnpList(COMPATIBILITY_FLAGS)},
  bindings = [ (name = "WEBSUB_HUB", text = ""), (name = "ASSETS", service = "documents") ],
);
`,
  );
  const binary = (createRequire(import.meta.url)("workerd") as { default: string }).default;
  // fd 3 is workerd's control channel: it reports the port it bound as JSON lines.
  const child = spawn(binary, ["serve", config, "--control-fd=3"], { stdio: ["ignore", "pipe", "inherit", "pipe"] });
  const gc: ServedWorker["gc"] = { full: 0, liveMiB: undefined, isolates: 0 };
  const isolates = new Set<string>();
  let pending = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      // `--trace-gc`: "Mark-Compact 127.2 (129.2) -> 1.1 (11.2) MB, ..."; other output passes through.
      const isolate = /^\[\d+:(0x[0-9a-f]+)\]/.exec(line)?.[1];
      if (isolate && !isolates.has(isolate)) gc.isolates = isolates.add(isolate).size;
      const m = /Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/.exec(line);
      if (m) {
        gc.full++;
        gc.liveMiB = Number(m[1]);
      } else if (!/: (Scavenge|Mark-Compact|Minor Mark)/.test(line)) process.stdout.write(`${line}\n`);
    }
  });
  const port = await listenPort(child);
  if (child.pid === undefined) throw new Error("workerd has no pid");
  return { origin: `http://127.0.0.1:${port}`, pid: child.pid, gc, stop: () => stopProcess(child) };
}

function listenPort(child: ChildProcess): Promise<number> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error("workerd did not listen within 30 s"));
    }, 30_000);
    let buffer = "";
    (child.stdio[3] as Readable).on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split("\n").slice(0, -1)) {
        const event = JSON.parse(line) as { event?: string; socket?: string; port?: number };
        if (event.event === "listen" && event.socket === "http" && event.port) {
          clearTimeout(timer);
          done(event.port);
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`workerd exited (${code}) before listening`));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      done();
    });
    child.kill("SIGTERM");
  });
}
