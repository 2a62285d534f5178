/**
 * Serving a bundled worker through Miniflare directly (one workerd process each, on
 * 127.0.0.1), as `wrangler dev` would minus its proxy, which caps throughput and hides
 * differences between workers.
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import {
  convertV4MiniflareOptions,
  Miniflare,
  type V4ModuleDefinition as ModuleDefinition,
  type V4WorkerOptions as WorkerOptions,
} from "miniflare";

import { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS } from "../scripts/wrangler-config";

export { COMPATIBILITY_DATE, COMPATIBILITY_FLAGS };

export interface Served {
  name: string;
  /** Origin with a trailing slash, e.g. `http://127.0.0.1:40123/`. */
  url: string;
  /** The workerd process serving it, when found: for its memory. */
  pid: number | undefined;
  mf: Miniflare;
  dispose(): Promise<void>;
}

/** workerd processes this process started. */
function workerdChildren(): Set<number> {
  const found = new Set<number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command name: state, ppid, ...
      const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(after[1]) === process.pid && stat.includes("(workerd)")) found.add(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Resident memory of a process in bytes (VmRSS), or undefined when unreadable. */
export function residentBytes(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Miniflare modules for `code` (one ES module, `worker.js`) and the Data modules it imports. */
export function modulesOf(code: string, data: Record<string, Uint8Array> = {}, root = ""): ModuleDefinition[] {
  return [
    { type: "ESModule", path: `${root}worker.js`, contents: code },
    ...Object.entries(data).map(
      ([name, bytes]): ModuleDefinition => ({ type: "Data", path: `${root}${name}`, contents: new Uint8Array(bytes) }),
    ),
  ];
}

/**
 * Miniflare's workers for `worker` with an `ASSETS` binding to the static assets in
 * `documents` (a `build/documents` folder), when given. The binding is a service binding to
 * a second worker that has them as its own assets and serves nothing else: Miniflare's
 * asset router, which `assets` on the worker itself would put in front of every request
 * (a JavaScript worker on the same two cores, which cut a bare worker here to 0.39× of its
 * throughput), never sees the measured requests. The shards are still read by the real
 * asset worker, the first time each is needed.
 */
export function withDocuments(worker: WorkerOptions & { name: string }, documents: string | undefined): WorkerOptions[] {
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

/**
 * Serves `code` (one ES module and its Data modules) on a free port of 127.0.0.1, with
 * `bindings` as its vars and the shards in `documents` as its static assets.
 */
export async function serveWorker(
  name: string,
  code: string,
  bindings: Record<string, string> = {},
  data: Record<string, Uint8Array> = {},
  documents?: string,
): Promise<Served> {
  const before = workerdChildren();
  const worker = {
    name,
    modules: modulesOf(code, data),
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: COMPATIBILITY_FLAGS,
    bindings,
  };
  const mf = new Miniflare(convertV4MiniflareOptions({ workers: withDocuments(worker, documents), host: "127.0.0.1", port: 0 }));
  const url = (await mf.ready).href;
  const pid = [...workerdChildren()].find((p) => !before.has(p));
  return { name, url, pid, mf, dispose: () => mf.dispose() };
}
