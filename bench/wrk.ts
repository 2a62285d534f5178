/**
 * One bounded wrk run, shared by `npm run bench` and `npm run load`: aimed at 127.0.0.1
 * only, rotating over one or more paths, and read from `wrk.lua`'s result line.
 * @module
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("wrk.lua", import.meta.url));

export interface WrkResult {
  requests: number;
  /** How long wrk ran, by its own clock. */
  seconds: number;
  rps: number;
  /** Responses outside 200–299 (the Lua script counts them). */
  non2xx: number;
  /** Socket errors, in all and by kind ("read 3, timeout 1"). */
  socketErrors: number;
  socketErrorKinds: string;
  p50Ms: number;
  p99Ms: number;
}

export interface WrkOptions {
  /** An origin on 127.0.0.1, or a full URL when `paths` is not given. */
  url: string;
  /** Paths each connection rotates through; none: the URL's own. */
  paths?: readonly string[];
  connections: number;
  threads?: number;
  /** Seconds, fractions allowed (wrk takes whole seconds; SIGINT stops it early and it reports as usual). */
  seconds: number;
  /** CPUs to keep wrk on (`taskset -c`); none: any. */
  cpus?: string;
}

/** Runs wrk, killed if it overruns by 30 s. */
export function runWrk(o: WrkOptions): Promise<WrkResult> {
  const host = new URL(o.url).hostname;
  if (host !== "127.0.0.1") return Promise.reject(new Error(`refusing to load ${o.url}: only 127.0.0.1`));
  const whole = Math.ceil(o.seconds);
  const args = [`-t${o.threads ?? 1}`, `-c${o.connections}`, `-d${whole + 1}s`, "--timeout", "5s", "-s", SCRIPT, o.url];
  if (o.paths) args.push("--", ...o.paths);
  return new Promise((done, fail) => {
    const [file, ...rest] = o.cpus === undefined ? ["wrk", ...args] : ["taskset", "-c", o.cpus, "wrk", ...args];
    const child = spawn(file as string, rest, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const early = setTimeout(() => child.kill("SIGINT"), o.seconds * 1000);
    const overrun = setTimeout(() => child.kill("SIGKILL"), (whole + 30) * 1000);
    child.once("error", fail);
    child.once("close", (code, signal) => {
      clearTimeout(early);
      clearTimeout(overrun);
      const stdout = Buffer.concat(out).toString();
      const line = /^WRK-RESULT (.*)$/m.exec(stdout);
      if (!line?.[1]) return fail(new Error(`wrk ended (${code ?? signal}) with no result:\n${stdout}${Buffer.concat(err)}`));
      done(parseResult(line[1]));
    });
  });
}

function parseResult(json: string): WrkResult {
  const r = JSON.parse(json) as Record<string, number>;
  const n = (k: string) => r[k] ?? 0;
  const kinds = ["connect", "read", "write", "timeout"];
  return {
    requests: n("requests"),
    seconds: n("seconds"),
    rps: n("seconds") > 0 ? n("requests") / n("seconds") : 0,
    non2xx: n("non2xx"),
    socketErrors: kinds.reduce((sum, k) => sum + n(k), 0),
    socketErrorKinds: kinds.flatMap((k) => (n(k) > 0 ? [`${k} ${n(k)}`] : [])).join(", "),
    p50Ms: n("p50_us") / 1000,
    p99Ms: n("p99_us") / 1000,
  };
}
