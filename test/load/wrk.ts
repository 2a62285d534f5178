/** One bounded wrk run rotating over several paths, parsed from `rotate.lua`'s result line. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("rotate.lua", import.meta.url));

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Responses outside 200–299, counted by the Lua script. */
  non2xx: number;
  /** connect + read + write + timeout, as wrk counts socket errors. */
  socketErrors: number;
  /** The same by kind, e.g. "read 3, timeout 1" (empty when none). */
  socketErrorKinds: string;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  origin: string;
  paths: readonly string[];
  seconds: number;
  connections: number;
  threads: number;
}

/** Runs wrk; it stops by itself after `seconds`, and is killed if it overruns by 30 s. */
export function runWrk(o: LoadOptions): Promise<LoadResult> {
  const host = new URL(o.origin).hostname;
  if (host !== "127.0.0.1") throw new Error(`refusing to load ${o.origin}: only 127.0.0.1`);
  const args = [`-t${o.threads}`, `-c${o.connections}`, `-d${o.seconds}s`, "--timeout", "5s", "-s", SCRIPT, o.origin, "--", ...o.paths];
  return new Promise((done, fail) => {
    execFile("wrk", args, { timeout: (o.seconds + 30) * 1000, killSignal: "SIGKILL" }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`wrk failed: ${err.message}\n${stderr}`));
      const line = /^LOAD-RESULT (.*)$/m.exec(stdout);
      if (!line?.[1]) return fail(new Error(`wrk printed no result:\n${stdout}`));
      const r = JSON.parse(line[1]) as Record<string, number>;
      const n = (k: string) => r[k] ?? 0;
      done({
        requests: n("requests"),
        seconds: n("seconds"),
        non2xx: n("non2xx"),
        socketErrors: n("connect") + n("read") + n("write") + n("timeout"),
        socketErrorKinds: ["connect", "read", "write", "timeout"]
          .filter((k) => n(k) > 0)
          .map((k) => `${k} ${n(k)}`)
          .join(", "),
        p50Ms: n("p50_us") / 1000,
        p99Ms: n("p99_us") / 1000,
      });
    });
  });
}
