/**
 * The import rule (scripts/lint/layers.ts, which `npm run check` also runs): `src/shared`
 * holds the contracts; the content build, the worker and the widget build on it and never
 * import each other; nothing in `src/` imports scripts, the bench or the tests; the worker's
 * mail, sending and subscriptions import nothing of HTTP. A wrong-way import fails here, naming file and line.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { areaOf, IMPORT, isHttp, ROOT, wrongWay } from "../../scripts/lint/layers";

describe("the layers of src/", () => {
  it("import only downwards: shared below content, worker and widget, which never import each other or scripts, bench and tests; no HTTP below the routes", () => {
    expect(wrongWay()).toEqual([]);
  });

  it("find a wrong-way import (the check itself works)", () => {
    expect(areaOf(join(ROOT, "src/worker/lib/store.ts"))).toBe("src/worker");
    expect(areaOf(join(ROOT, "scripts/start.ts"))).toBe("scripts");
    const sample = 'import { x } from "../widget/card-model";\nexport { y } from "./here";\nawait import("../../bench/run");';
    const specs = [...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
    expect(specs).toEqual(["../widget/card-model", "./here", "../../bench/run"]);
    // What mail, sending and subscriptions may not import: Hono, the routes, the admin, ProblemError.
    expect(isHttp("hono/tiny", join(ROOT, "node_modules/hono/tiny"))).toBe(true);
    expect(isHttp("../lib/problem", join(ROOT, "src/worker/lib/problem"))).toBe(true);
    expect(isHttp("../routes/secret", join(ROOT, "src/worker/routes/secret"))).toBe(true);
    expect(isHttp("../lib/store", join(ROOT, "src/worker/lib/store"))).toBe(false);
  });
});
