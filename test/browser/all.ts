/**
 * The browser project's one test file: every file of test/browser and test/e2e, each in a
 * describe of its own name, one after the other against the one `wrangler dev` (they share its
 * subscription tables, cron and rate limiter, so never two at once). Being one file lets
 * Vitest run it beside the node and workers projects' files instead of after all of them.
 * One file alone: `npx vitest run --project browser -t widget-rtl`.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe } from "vitest";

const root = join(import.meta.dirname, "..");
for (const dir of ["browser", "e2e"]) {
  for (const name of readdirSync(join(root, dir))
    .filter((n) => n.endsWith(".test.ts"))
    .sort()) {
    describe(`${dir}/${name}`, async () => {
      await import(join(root, dir, name));
    });
  }
}
