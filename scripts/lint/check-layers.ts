/**
 * `npm run check`'s layer check: prints every wrong-way import in `src/` (scripts/lint/layers.ts)
 * and fails when there is one.
 * @module
 */
import { wrongWay } from "./layers";

const found = wrongWay();
if (found.length > 0) {
  console.error(
    `Wrong-way imports (src/shared ← src/content, src/worker, src/widget, none of which import each other; src/fediverse ← src/worker, not back; no HTTP in the worker's mail, sending, subscriptions):\n${found.join("\n")}`,
  );
  process.exit(1);
}
