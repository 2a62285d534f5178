/**
 * The import rule (scripts/lint/layers.ts, which `npm run check` also runs): `src/shared`
 * holds the contracts; the content build, the worker and the widget build on it and never
 * import each other; nothing in `src/` imports scripts, the bench or the tests. A wrong-way
 * import fails here, naming file and line.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { areaOf, IMPORT, ROOT, wrongWay } from "../../scripts/lint/layers";

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
