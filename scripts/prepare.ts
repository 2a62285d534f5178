/** Builds what tests and the worker import (content archive, OpenAPI, widget, static assets) before `vitest`. */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (script: string) => execFileSync(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
run("scripts/build-content.ts");
if (existsSync("scripts/build-widget.ts")) run("scripts/build-widget.ts");
run("scripts/build-assets.ts");
