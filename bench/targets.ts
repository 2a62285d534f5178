/**
 * What the load runs against: each route that answers 200 (others are reported as missing),
 * and for a route, its "same response" twin: a constant worker that sends the identical
 * body and headers. Route ÷ twin is the cost of the worker's own per-request code; twin ÷
 * raw is the cost of the response the contract asks for (its headers and bytes).
 * @module
 */
export interface Target {
  id: string;
  url: string;
}

export interface Probed {
  targets: Target[];
  /** id → why it was left out, e.g. "n/a (route missing)". */
  missing: Record<string, string>;
  /** id → response body bytes. */
  bodyBytes: Record<string, number>;
}

/** Checks `paths` on `origin`, as ids `<prefix>:<key>`. */
export async function probeRoutes(prefix: string, origin: string, paths: Record<string, string>): Promise<Probed> {
  const out: Probed = { targets: [], missing: {}, bodyBytes: {} };
  for (const [key, path] of Object.entries(paths)) {
    const id = `${prefix}:${key}`;
    const url = new URL(path, origin).href;
    const res = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
    out.bodyBytes[id] = (await res.arrayBuffer()).byteLength;
    if (res.status === 200) out.targets.push({ id, url });
    else out.missing[id] = res.status === 404 ? "n/a (route missing)" : `n/a (status ${res.status})`;
  }
  return out;
}

/** Headers a server adds per message, not the worker's choice. */
const PER_MESSAGE = new Set(["content-length", "date", "content-encoding", "transfer-encoding", "connection", "keep-alive"]);

/**
 * Source of a worker that answers every request with `url`'s current response, verbatim;
 * with `spin`, every request first runs a busy loop of that many steps: a twin
 * slowed on purpose, to check that the bench sees a cost of that size. (`spin` 0 runs the
 * same handler with no step, the plain twin a slowed one is measured against: what the
 * loop's handler costs apart from its steps is then on both sides.)
 */
export async function twinWorker(url: string, spin?: number): Promise<string> {
  // wrk asks for no compression, so neither does the copy.
  const res = await fetch(url, { headers: { "Accept-Encoding": "identity" } });
  const body = await res.text();
  const headers: [string, string][] = [];
  res.headers.forEach((value, name) => {
    if (!PER_MESSAGE.has(name)) headers.push([name, value]);
  });
  // Body bytes and headers built once, as the worker builds them: the cheapest way to send
  // this response.
  const respond = `new Response(body, { status: ${res.status}, headers })`;
  // A step fills a KiB with random bytes: native code, whatever the JIT makes of the loop
  // (a loop of arithmetic cost 1.5 ns a step at 1,000,000 steps and 51 ns at 4,512), and it
  // allocates nothing (a step that parsed a little JSON cost 3% of the twin at 7 steps and
  // 1% at 1,146, the collector's work with it). The last byte is kept, so that nothing can
  // be dropped.
  const handler =
    spin !== undefined
      ? `() => { for (let i = 0; i < ${Math.round(spin)}; i++) crypto.getRandomValues(noise); globalThis.spun = noise[0]; return ${respond}; }`
      : `() => ${respond}`;
  return `const noise = new Uint8Array(1024);
const body = new TextEncoder().encode(${JSON.stringify(body)});
const headers = new Headers(${JSON.stringify(headers)});
export default { fetch: ${handler} };
`;
}
