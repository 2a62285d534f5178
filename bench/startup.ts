/**
 * Start-up cost and memory of a bundle:
 * - start-up CPU is compile + top-level evaluation in a fresh V8 (a new Node process
 *   importing the bundle): what the platform's start-up limit covers, parse and compile
 *   included. `wrangler check startup`'s way (a CPU profile through workerd's inspector)
 *   misses both, as workerd compiles modules before an inspector can attach, and its
 *   profiler takes too few samples here to time a module's evaluation;
 * - memory is the isolate's V8 heap in a fresh workerd, through its inspector, once the
 *   module is loaded and once it has served the routes.
 * @module
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import {
  convertV4MiniflareOptions,
  fetch,
  Miniflare,
  type V4ModuleDefinition as ModuleDefinition,
  type V4WorkerOptions as WorkerOptions,
} from "miniflare";
import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from "../scripts/wrangler-config";
import { median } from "./stats";

const run = promisify(execFile);

// An empty module first, so the loader's own first-use cost is not counted. Data modules
// (read from disk beforehand, as workerd has them in memory) are copied into fresh
// ArrayBuffers inside the timed part, as workerd makes one for each when it starts.
const PROBE = `
import { readFileSync } from "node:fs";
await import("data:text/javascript,export%20default%201");
const files = JSON.parse(process.argv[2]);
const read = Object.entries(files).map(([name, path]) => [name, readFileSync(path)]);
const t = process.cpuUsage();
const w = performance.now();
globalThis.__benchData = Object.fromEntries(read.map(([name, b]) => [name, new Uint8Array(b).buffer]));
await import(process.argv[1]);
const d = process.cpuUsage(t);
console.log(JSON.stringify({ cpu: (d.user + d.system) / 1000, wall: performance.now() - w }));
`;

/**
 * `code` with each `import x from "./name.bin"` reading the probe's preloaded bytes instead,
 * and workerd's `cloudflare:workers` an empty `env`: the worker reads its bindings only
 * when it serves, never at start-up.
 */
function withPreloadedData(code: string, data: Record<string, Uint8Array>): string {
  let out = code.replace(/import\s*\{([^}]*)\}\s*from\s*["']cloudflare:workers["'];?/g, (_m, names: string) => {
    return `const{${names.replaceAll(" as ", ":")}}={env:{}};`;
  });
  for (const name of Object.keys(data)) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    out = out.replace(new RegExp(`import\\s*([\\w$]+)\\s*from\\s*["']\\./${escaped}["'];?`, "g"), (_m, id: string) => {
      return `const ${id}=globalThis.__benchData[${JSON.stringify(name)}];`;
    });
  }
  return out;
}

/**
 * A sampler of start-up: each call starts a fresh V8 (a Node process) that compiles and
 * evaluates `code` (and its Data modules), and resolves to the CPU ms that took.
 */
export async function startupSampler(code: string, tmpDir: string, data: Record<string, Uint8Array> = {}): Promise<() => Promise<number>> {
  await mkdir(tmpDir, { recursive: true });
  const id = createHash("sha256").update(code).digest("hex").slice(0, 12);
  const file = join(tmpDir, `startup-${id}.mjs`);
  const source = withPreloadedData(code, data);
  if (Object.keys(data).length > 0 && source === code) throw new Error("the bundle's Data module imports were not found");
  await writeFile(file, source);
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(data)) {
    files[name] = join(tmpDir, `startup-${id}-${name}`);
    await writeFile(files[name] as string, bytes);
  }
  return async () => {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", PROBE, pathToFileURL(file).href, JSON.stringify(files)]);
    return (JSON.parse(stdout) as { cpu: number }).cpu;
  };
}

/** Median CPU ms to compile and evaluate `code` in a fresh V8, over `runs` processes. */
export async function compileAndEvalMs(code: string, tmpDir: string, runs: number, data: Record<string, Uint8Array> = {}): Promise<number> {
  const sample = await startupSampler(code, tmpDir, data);
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) cpus.push(await sample());
  return median(cpus);
}

/**
 * Start-up of `a` and of `b` in `pairs` pairs, one right after the other, the order
 * reversed every pair, as the throughput slices are: per pair, a ÷ b is this moment's ratio.
 */
export async function startupPairs(
  a: () => Promise<number>,
  b: () => Promise<number>,
  pairs: number,
): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      out.a.push(await a());
      out.b.push(await b());
    } else {
      out.b.push(await b());
      out.a.push(await a());
    }
  }
  return out;
}

/** Miniflare's modules for `code` (one ES module, `worker.js`) and the Data modules it imports. */
function modulesOf(code: string, data: Record<string, Uint8Array>, root: string): ModuleDefinition[] {
  return [
    { type: "ESModule", path: `${root}worker.js`, contents: code },
    ...Object.entries(data).map(
      ([name, bytes]): ModuleDefinition => ({ type: "Data", path: `${root}${name}`, contents: new Uint8Array(bytes) }),
    ),
  ];
}

/**
 * Miniflare's workers for `worker` with an `ASSETS` binding to the static assets in
 * `documents` (a `build/documents` folder), when given: a service binding to a second worker
 * that has them as its own assets and serves nothing else.
 */
function withDocuments(worker: WorkerOptions & { name: string }, documents: string | undefined): WorkerOptions[] {
  if (documents === undefined) return [worker];
  const store = `${worker.name}-documents`;
  return [
    { ...worker, serviceBindings: { ASSETS: store } },
    {
      name: store,
      modules: [
        { type: "ESModule", path: "documents.js", contents: "export default { fetch: () => new Response(null, { status: 404 }) };" },
      ],
      compatibilityDate: COMPATIBILITY_DATE,
      assets: { directory: documents, binding: "ASSETS" },
    },
  ];
}

/** A small inspector (Chrome DevTools protocol) client over Miniflare's WebSocket fetch. */
async function inspect(mf: Miniflare, worker: string) {
  const base = await mf.getInspectorURL();
  const url = new URL(`/core:user:${worker}`, base);
  url.protocol = "http:";
  const res = await fetch(url, { headers: { Upgrade: "websocket" } });
  const ws = res.webSocket;
  if (!ws) throw new Error(`no inspector for ${worker}`);
  ws.accept();
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  ws.addEventListener("message", (e) => {
    const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown; error?: { message: string } };
    // workerd answers some commands by echoing them: any message with the id settles it.
    if (msg.id === undefined) return;
    pending.get(msg.id)?.(msg.error ? Promise.reject(new Error(msg.error.message)) : msg.result);
    pending.delete(msg.id);
  });
  return {
    send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = ++next;
      ws.send(JSON.stringify({ id, method, params }));
      return new Promise<T>((done) => pending.set(id, done as (r: unknown) => void));
    },
    close: () => ws.close(),
  };
}

export interface WorkerdProbe {
  /** V8 heap used once started, after a garbage collection, in bytes. */
  heapStarted: number;
  /** V8 heap used after serving each of `paths` once, after a garbage collection, in bytes. */
  heapServed: number;
}

/** Starts `code` in a fresh workerd that imports it on the first request, and weighs its heap. */
export async function probeWorkerd(
  code: string,
  paths: readonly string[],
  bindings: Record<string, string> = {},
  data: Record<string, Uint8Array> = {},
  documents?: string,
): Promise<WorkerdProbe> {
  const name = "probe";
  const probe: WorkerOptions & { name: string } = {
    name,
    modulesRoot: "/",
    modules: [
      {
        type: "ESModule",
        path: "/probe-entry.js",
        contents: `let mod;
export default {
  async fetch(request, env, ctx) {
    if (!mod) { mod = await import("./worker.js"); return new Response("started"); }
    if (new URL(request.url).pathname === "/__probe/tick") return new Response("tick");
    return mod.default.fetch(request, env, ctx);
  }
};`,
      },
      ...modulesOf(code, data, "/"),
    ],
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: COMPATIBILITY_FLAGS,
    bindings,
  };
  const mf = new Miniflare(convertV4MiniflareOptions({ workers: withDocuments(probe, documents), inspectorPort: 0 }));
  try {
    await mf.ready;
    const cdp = await inspect(mf, name);
    await (await mf.dispatchFetch("http://127.0.0.1/")).text();
    const heap = async () => {
      // workerd runs the collection (and answers) when the isolate next gets a task.
      const collected = cdp.send("HeapProfiler.collectGarbage");
      await (await mf.dispatchFetch("http://127.0.0.1/__probe/tick")).text();
      await Promise.race([collected, new Promise((r) => setTimeout(r, 5000))]);
      return (await cdp.send<{ usedSize: number }>("Runtime.getHeapUsage")).usedSize;
    };
    const heapStarted = await heap();
    for (const path of paths) await (await mf.dispatchFetch(new URL(path, "http://127.0.0.1/"))).arrayBuffer();
    const heapServed = await heap();
    cdp.close();
    return { heapStarted, heapServed };
  } finally {
    await mf.dispose();
  }
}
