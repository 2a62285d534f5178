/**
 * Load generators, both bounded in time and aimed at 127.0.0.1 only: wrk for throughput
 * (closed loop, saturating) and a paced open-loop loader for latency at a fixed rate that
 * stays well below saturation, which wrk cannot do.
 * @module
 */
import { execFile } from "node:child_process";
import { Agent, request } from "node:http";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface WrkResult {
  rps: number;
  requests: number;
  /** Latency percentiles under saturation, in ms. */
  p50: number;
  p99: number;
  non2xx: number;
  socketErrors: number;
}

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") throw new Error(`refusing to load a non-local address: ${url}`);
}

/** `2.57ms` / `812.00us` / `1.02s` → milliseconds. */
function toMs(value: string, unit: string): number {
  const n = Number(value);
  return unit === "us" ? n / 1000 : unit === "s" ? n * 1000 : unit === "m" ? n * 60_000 : n;
}

/** Parses wrk's text report (run with `--latency`). */
export function parseWrk(text: string): WrkResult {
  const num = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : 0;
  };
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, "m").exec(text);
    return m ? toMs(m[1] as string, m[2] as string) : Number.NaN;
  };
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    requests: num(/(\d+) requests in/),
    p50: pct("50"),
    p99: pct("99"),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    socketErrors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

export interface WrkOptions {
  seconds: number;
  connections: number;
}

/** One wrk run (one thread) against `url`; it ends by itself after `seconds`. */
export async function wrk(url: string, opts: WrkOptions): Promise<WrkResult> {
  assertLocal(url);
  const args = ["-t1", `-c${opts.connections}`, `-d${opts.seconds}s`, "--latency", url];
  const { stdout } = await run("wrk", args, { timeout: (opts.seconds + 30) * 1000 });
  return parseWrk(stdout);
}

export interface PacedResult {
  /** Requests answered (2xx or 3xx). */
  ok: number;
  failed: number;
  /** Per-request latency percentiles, in ms. */
  p50: number;
  p90: number;
  p99: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

/**
 * Sends GETs to `url` at `rate` per second for `seconds`, open loop (the schedule does
 * not wait for answers), over keep-alive connections, and times each from send to last byte.
 */
export async function paced(url: string, rate: number, seconds: number): Promise<PacedResult> {
  assertLocal(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  let failed = 0;
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const inflight: Promise<void>[] = [];
  const once = () =>
    new Promise<void>((done) => {
      const start = process.hrtime.bigint();
      const req = request(url, { agent, method: "GET" }, (res) => {
        res.resume();
        res.on("end", () => {
          const ms = Number(process.hrtime.bigint() - start) / 1e6;
          if ((res.statusCode ?? 0) < 400) latencies.push(ms);
          else failed++;
          done();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        failed++;
        done();
      });
      req.end();
    });
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    // Sleep until this request's slot: drift does not accumulate.
    const wait = t0 + i * interval - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(once());
  }
  await Promise.all(inflight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  return { ok: sorted.length, failed, p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99) };
}
