/**
 * One bench process's housekeeping: progress lines on stderr, a temp folder, the workerd
 * processes it serves, and a watchdog and signal handlers that stop them all.
 * @module
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./bundle";
import { type Arm, PINNING, PROCESSES } from "./paired";
import { serveWorkerd, type Workerd, writeWorker } from "./workerd";

export interface Served extends Workerd {
  name: string;
}

export interface Session {
  tmp: string;
  log(msg: string): void;
  /** Serves `code` and its Data modules (with `documents` as its assets) in a workerd of its own, on the workers' CPU (`PINNING`). */
  serve(name: string, code: string, data?: Record<string, Uint8Array>, documents?: string): Promise<Served>;
  /** The same, in `PROCESSES` workerd processes: an arm's (see `armOf`). */
  serveArm(name: string, code: string, data?: Record<string, Uint8Array>, documents?: string): Promise<Served[]>;
  cleanUp(): Promise<void>;
}

/** The vars every served worker gets. */
const BINDINGS = { WEBSUB_HUB: "" };

/** Starts a session that ends the process after `limitMs` whatever happens. */
export async function startSession(limitMs: number): Promise<Session> {
  const began = performance.now();
  const log = (msg: string) => console.error(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${msg}`);
  const served: Served[] = [];
  const tmp = await mkdtemp(join(tmpdir(), "keyfacts-bench-"));
  const cleanUp = async () => {
    await Promise.allSettled(served.map((s) => s.stop()));
    await rm(tmp, { recursive: true, force: true });
  };
  setTimeout(() => {
    console.error(`✗ bench overran ${limitMs / 60_000} minutes; stopping`);
    void cleanUp().finally(() => process.exit(2));
    setTimeout(() => process.exit(2), 5000).unref();
  }, limitMs).unref();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
  process.chdir(ROOT);
  const serve = async (name: string, code: string, data: Record<string, Uint8Array> = {}, documents?: string) => {
    const module = await writeWorker(join(tmp, "workers", name), code, data);
    const s = { name, ...(await serveWorkerd({ module, bindings: BINDINGS, documents, cpus: PINNING?.workers })) };
    served.push(s);
    return s;
  };
  const serveArm = async (name: string, code: string, data: Record<string, Uint8Array> = {}, documents?: string) => {
    const out: Served[] = [];
    for (let k = 0; k < PROCESSES; k++) out.push(await serve(k === 0 ? name : `${name}~${k}`, code, data, documents));
    return out;
  };
  return { tmp, log, serve, serveArm, cleanUp };
}

/** The worker's content, OpenAPI, assets and widget, as `npm test` builds them. */
export function buildProject(log: (msg: string) => void): void {
  log("building content, assets and widget");
  for (const script of ["scripts/prepare.ts", "scripts/build-assets.ts"]) {
    try {
      execFileSync(process.execPath, ["--import", "tsx", script], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    } catch (err) {
      // A size budget failing in a build script is reported by the script; its output is still written.
      log(`! ${script} failed (${(err as Error).message.split("\n")[0]}); going on with what it wrote`);
    }
  }
}

/** A served worker's path as an arm of a comparison; given several processes, the first and its replicas. */
export function armOf(id: string, s: Served | readonly Served[], path = "/"): Arm {
  const [first, ...rest] = (Array.isArray(s) ? s : [s]).map((p: Served) => ({ url: new URL(path, p.origin).href, pid: p.pid }));
  if (first === undefined) throw new Error(`no process for ${id}`);
  return rest.length > 0 ? { id, ...first, replicas: rest } : { id, ...first };
}
