/**
 * The import rule: `src/shared` holds the contracts; the content build, the worker and the
 * widget build on it and never import each other; nothing in `src/` imports scripts, the
 * bench or the tests. A wrong-way import fails here, naming file and line.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

/** What each layer of `src/` may import, besides itself and npm packages. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  "src/shared": [],
  "src/content": ["src/shared"],
  "src/worker": ["src/shared", "build"],
  "src/widget": ["src/shared", "build"],
};

function* sourceFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* sourceFiles(path);
    else if (/\.(?:m?[jt]s)$/.test(e.name)) yield path;
  }
}

/** The top-level area a repository path lies in: `src/worker`, `scripts`, `build`, … */
function areaOf(path: string): string {
  const parts = relative(ROOT, path).split("/");
  return parts[0] === "src" ? `src/${parts[1]}` : (parts[0] ?? "");
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every relative import in `src/`, as `file:line`, the area it reaches, and whether the rule allows it. */
function wrongWay(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(join(ROOT, "src"))) {
    const from = areaOf(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? "";
      if (!spec.startsWith(".")) continue;
      const to = areaOf(resolve(dirname(file), spec));
      if (to === from || MAY_IMPORT[from]?.includes(to)) continue;
      const line = text.slice(0, (m.index ?? 0) + m[0].indexOf(spec)).split("\n").length;
      found.push(`${relative(ROOT, file)}:${line} imports ${to} ("${spec}")`);
    }
  }
  return found;
}

describe("the layers of src/", () => {
  it("import only downwards: shared below content, worker and widget, which never import each other or scripts, bench and tests", () => {
    expect(wrongWay()).toEqual([]);
  });

  it("find a wrong-way import (the check itself works)", () => {
    expect(areaOf(join(ROOT, "src/worker/lib/store.ts"))).toBe("src/worker");
    expect(areaOf(join(ROOT, "scripts/start.ts"))).toBe("scripts");
    const sample = 'import { x } from "../widget/card-model";\nexport { y } from "./here";\nawait import("../../bench/run");';
    const specs = [...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
    expect(specs).toEqual(["../widget/card-model", "./here", "../../bench/run"]);
  });
});
