/**
 * Serving a worker for load (`npm run bench`, `npm run load`): a `workerd serve` process of
 * its own on 127.0.0.1, nothing in front, so its CPU time and memory are the worker's.
 * `ASSETS` is a disk service on the documents; `EMAIL` a worker that takes every message and
 * keeps none; `cloudflare:email` an extension providing `EmailMessage`, as under Miniflare.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from "../scripts/wrangler-config";

/**
 * `module`: the worker's ES module, its Data modules (`./x.bin`) beside it; `bindings`: text
 * vars; `documents`: the folder served as `ASSETS`; `cpus`: as `taskset -c` takes them (none:
 * any); `onLine`: each line workerd writes to stdout (none: dropped).
 */
export interface WorkerdOptions {
  module: string;
  bindings?: Record<string, string>;
  documents?: string;
  v8Flags?: readonly string[];
  cpus?: string;
  onLine?: (line: string) => void;
}

export interface Workerd {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

const EMAIL_SINK = `import { WorkerEntrypoint } from "cloudflare:workers";
export default class extends WorkerEntrypoint { send() { return { messageId: "load" }; } }
`;
// A plain object, so that it passes to the binding.
const EMAIL_MESSAGE = `export class EmailMessage { constructor(from, to, raw) { return { from, to, raw }; } }
export default { EmailMessage };
`;

const capnpList = (items: readonly string[]) => `[${items.map((i) => JSON.stringify(i)).join(", ")}]`;

/** Writes `code` as `<dir>/worker.js` and its Data modules beside it; returns the module's path. */
export async function writeWorker(dir: string, code: string, data: Record<string, Uint8Array> = {}): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(data)) await writeFile(join(dir, name), bytes);
  const module = join(dir, "worker.js");
  await writeFile(module, code);
  return module;
}

/** Serves the module in `o` and waits until workerd listens. */
export async function serveWorkerd(o: WorkerdOptions): Promise<Workerd> {
  const config = `${o.module}.capnp`;
  const source = await readFile(o.module, "utf8");
  const data = [...new Set([...source.matchAll(/["']\.\/([^"'/]+\.bin)["']/g)].map((m) => m[1] as string))]
    .map((f) => `, (name = ${JSON.stringify(f)}, data = embed ${JSON.stringify(f)})`)
    .join("");
  const bindings = Object.entries(o.bindings ?? {}).map(
    ([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`,
  );
  bindings.push('(name = "EMAIL", service = "email")');
  const services = ['(name = "main", worker = .worker)', '(name = "email", worker = .email)'];
  await writeFile(join(dirname(o.module), "email-sink.js"), EMAIL_SINK);
  await writeFile(join(dirname(o.module), "email-message.js"), EMAIL_MESSAGE);
  if (o.documents !== undefined) {
    bindings.push('(name = "ASSETS", service = "documents")');
    services.push(`(name = "documents", disk = (path = ${JSON.stringify(o.documents)}, writable = false))`);
  }
  await writeFile(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ ${services.join(", ")} ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
  v8Flags = ${capnpList(o.v8Flags ?? [])},
  extensions = [ (modules = [ (name = "cloudflare-internal:email", esModule = embed "email-message.js", internal = true) ]) ],
);
const email :Workerd.Worker = (
  modules = [ (name = "email-sink.js", esModule = embed "email-sink.js") ],
  compatibilityDate = ${JSON.stringify(COMPATIBILITY_DATE)},
);
const worker :Workerd.Worker = (
  modules = [ (name = "index.js", esModule = embed ${JSON.stringify(basename(o.module))})${data} ],
  compatibilityDate = ${JSON.stringify(COMPATIBILITY_DATE)},
  compatibilityFlags = ${capnpList(COMPATIBILITY_FLAGS)},
  bindings = [ ${bindings.join(", ")} ],
);
`,
  );
  const binary = (createRequire(import.meta.url)("workerd") as { default: string }).default;
  // fd 3 is workerd's control channel: it reports the port it bound as JSON lines.
  const command = [binary, "serve", config, "--control-fd=3"];
  // taskset execs workerd in its own process, so the pid is workerd's.
  const [file, ...args] = o.cpus === undefined ? command : ["taskset", "-c", o.cpus, ...command];
  const child = spawn(file as string, args, {
    cwd: dirname(o.module),
    stdio: ["ignore", o.onLine ? "pipe" : "ignore", "inherit", "pipe"],
  });
  if (o.onLine) lines(child.stdout as Readable, o.onLine);
  const port = await listenPort(child);
  if (child.pid === undefined) throw new Error("workerd has no pid");
  return { origin: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopProcess(child) };
}

/** Calls `each` with every whole line `stream` writes. */
function lines(stream: Readable, each: (line: string) => void) {
  let pending = "";
  stream.on("data", (chunk: Buffer) => {
    const parts = (pending + chunk.toString()).split("\n");
    pending = parts.pop() ?? "";
    for (const line of parts) each(line);
  });
}

function listenPort(child: ChildProcess): Promise<number> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error("workerd did not listen within 30 s"));
    }, 30_000);
    lines(child.stdio[3] as Readable, (line) => {
      const event = JSON.parse(line) as { event?: string; socket?: string; port?: number };
      if (event.event !== "listen" || event.socket !== "http" || !event.port) return;
      clearTimeout(timer);
      done(event.port);
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

/** CPU ms `pid` has used, from its threads' nanosecond schedstat (/proc/<pid>/stat's 10 ms ticks are too coarse for a half-second slice). */
export function cpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      // The thread ended while we read.
    }
  }
  return ns / 1e6;
}

/** Bytes `pid` has written (/proc/<pid>/io's wchar): a server's responses. */
export function bytesWritten(pid: number): number {
  const m = /^wchar: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, "utf8"));
  if (!m) throw new Error(`no wchar for process ${pid}`);
  return Number(m[1]);
}
