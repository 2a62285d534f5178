/**
 * Start-up CPU of a bundle: compile + top-level evaluation in a fresh V8 (a new Node process
 * importing it), what the platform's start-up limit covers (workerd's inspector attaches too late to see it).
 * @module
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { WorkerBundle } from "./bundle";

const run = promisify(execFile);

// The loader's own first use is paid before the clock starts; Data modules are copied into
// fresh buffers inside the timed part, as workerd makes one for each.
const PROBE = `
import { readFileSync } from "node:fs";
await import("data:text/javascript,export%20default%201");
const read = Object.entries(JSON.parse(process.argv[2])).map(([name, path]) => [name, readFileSync(path)]);
const t = process.cpuUsage();
globalThis.__benchData = Object.fromEntries(read.map(([name, b]) => [name, new Uint8Array(b).buffer]));
await import(process.argv[1]);
const d = process.cpuUsage(t);
console.log((d.user + d.system) / 1000);
`;

/** The bundle as Node loads it: `cloudflare:*` imports become stubs (an empty `env`, empty classes), Data modules the probe's preloaded bytes. */
function forNode({ code, data }: WorkerBundle): string {
  let out = code.replace(/import\s*\{([^}]*)\}\s*from\s*["']cloudflare:[\w-]+["'];?/g, (_m, names: string) =>
    names
      .split(",")
      .map((n) => n.trim().split(/\s+as\s+/))
      .map(([name, local]) => `const ${local ?? name}=${name === "env" ? "{}" : "class{}"};`)
      .join(""),
  );
  for (const name of Object.keys(data))
    out = out.replace(new RegExp(`import\\s*([\\w$]+)\\s*from\\s*["']\\./${name.replace(".", "\\.")}["'];?`), (_m, id: string) => {
      return `const ${id}=globalThis.__benchData[${JSON.stringify(name)}];`;
    });
  return out;
}

/** A sampler: each call starts a fresh Node process that loads the bundle, and resolves to the CPU ms it took. */
export async function startupSampler(bundle: WorkerBundle, tmp: string): Promise<() => Promise<number>> {
  const id = createHash("sha256").update(bundle.code).digest("hex").slice(0, 12);
  const file = join(tmp, `startup-${id}.mjs`);
  await writeFile(file, forNode(bundle));
  const files: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(bundle.data)) {
    files[name] = join(tmp, `startup-${id}-${name}`);
    await writeFile(files[name] as string, bytes);
  }
  return async () => {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", PROBE, pathToFileURL(file).href, JSON.stringify(files)]);
    return Number(stdout);
  };
}

/** `pairs` pairs of `a` and `b` one right after the other, the order reversed every pair. */
export async function startupPairs(a: () => Promise<number>, b: () => Promise<number>, pairs: number) {
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) out.a.push(await a());
    out.b.push(await b());
    if (i % 2 === 1) out.a.push(await a());
  }
  return out;
}
