/**
 * The import rule of `src/`: `src/shared` holds the contracts; the content build, the worker
 * and the widget build on it and never import each other; nothing in `src/` imports scripts,
 * the bench or the tests; the fediverse worker may read the archive through src/worker's modules; the worker's mail, sending and subscriptions import nothing of HTTP
 * (Hono, the routes, the admin, ProblemError). `npm run check` runs it (scripts/lint/check-layers.ts), and so does
 * test/unit/layers.test.ts. Import cycles are Biome's `noImportCycles` (biome.json).
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "../..");

/** What each layer of `src/` may import, besides itself and npm packages. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  "src/shared": [],
  "src/content": ["src/shared"],
  "src/worker": ["src/shared", "build"],
  "src/widget": ["src/shared", "build"],
  // The fediverse worker reads the archive as the other workers do (src/worker/lib/store.ts); they never import it.
  "src/fediverse": ["src/shared", "src/worker", "build"],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(path);
    else if (/\.(?:m?[jt]s)$/.test(e.name)) yield path;
  }
}

/** The top-level area a repository path lies in: `src/worker`, `scripts`, `build`, … */
export function areaOf(path: string): string {
  const parts = relative(ROOT, path).split("/");
  return parts[0] === "src" ? `src/${parts[1]}` : (parts[0] ?? "");
}

export const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/**
 * The worker's mail, sending and subscriptions know nothing of HTTP: they throw their own
 * errors (MailError, MissingSecretError), which the routes turn into answers.
 */
const BELOW_ROUTES = ["src/worker/mail/", "src/worker/sending/", "src/worker/subscriptions/"];
const HTTP_ONLY = ["src/worker/routes/", "src/worker/admin/", "src/worker/lib/problem.ts", "src/worker/index.ts"];
export const isHttp = (spec: string, target: string) =>
  spec === "hono" ||
  spec.startsWith("hono/") ||
  HTTP_ONLY.some((p) => `${relative(ROOT, target)}.ts`.startsWith(p) || relative(ROOT, target).startsWith(p));

/** Every import in `src/` that the rules forbid, as `file:line imports area ("spec")`. */
export function wrongWay(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(join(ROOT, "src"))) {
    const from = areaOf(file);
    const text = readFileSync(file, "utf8");
    const below = BELOW_ROUTES.some((p) => relative(ROOT, file).startsWith(p));
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? "";
      const line = () => text.slice(0, (m.index ?? 0) + m[0].indexOf(spec)).split("\n").length;
      if (below && isHttp(spec, resolve(dirname(file), spec)))
        found.push(`${relative(ROOT, file)}:${line()} imports HTTP below the routes ("${spec}")`);
      if (!spec.startsWith(".")) continue;
      const to = areaOf(resolve(dirname(file), spec));
      if (to === from || MAY_IMPORT[from]?.includes(to)) continue;
      found.push(`${relative(ROOT, file)}:${line()} imports ${to} ("${spec}")`);
    }
  }
  return found;
}
