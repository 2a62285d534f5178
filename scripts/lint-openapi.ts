/**
 * `npm run check`: the built OpenAPI document (build/openapi.js) through Redocly's linter
 * with its `recommended` rules, as a standard client generator or portal would read it.
 * Runs offline: telemetry and update checks are off.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import doc from "../build/openapi.js";

const dir = mkdtempSync(join(tmpdir(), "keyfacts-openapi-"));
const file = join(dir, "openapi.json");
writeFileSync(file, JSON.stringify(doc, null, 2));
try {
  execFileSync(
    process.execPath,
    ["node_modules/@redocly/cli/bin/cli.js", "lint", "--extends", "recommended", "--max-problems", "50", file],
    {
      stdio: "inherit",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
} catch {
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
