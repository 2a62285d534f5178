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

/** What one step of a slowed twin's loop parses: a small JSON array of objects. */
const STEP = [0, 1, 2, 3].map((id) => ({ id, name: `item ${id}`, on: id % 2 === 0 }));

/** Headers a server adds per message, not the worker's choice. */
const PER_MESSAGE = new Set(["content-length", "date", "content-encoding", "transfer-encoding", "connection", "keep-alive"]);

/**
 * Source of a worker that answers every request with `url`'s current response, verbatim;
 * with `spin`, it first runs a busy loop of that many steps: a twin slowed on purpose, to
 * check that the bench sees a cost of that size.
 */
export async function twinWorker(url: string, spin = 0): Promise<string> {
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
  // A step is the runtime's own JSON parser at work, which costs the same whatever the JIT
  // made of the loop (an arithmetic loop here cost from 1 to 40 ns a step, by its length);
  // the result is kept, so that nothing can be dropped.
  const handler =
    spin > 0
      ? `() => { let n = 0; for (let i = 0; i < ${Math.round(spin)}; i++) n += JSON.parse(step).length; globalThis.spun = n; return ${respond}; }`
      : `() => ${respond}`;
  return `const step = ${JSON.stringify(JSON.stringify(STEP))};
const body = new TextEncoder().encode(${JSON.stringify(body)});
const headers = new Headers(${JSON.stringify(headers)});
export default { fetch: ${handler} };
`;
}
