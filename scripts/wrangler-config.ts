/** The worker's runtime settings as wrangler.toml states them, for the harnesses that start workerd without wrangler. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

const toml = readFileSync(join(import.meta.dirname, "..", "wrangler.toml"), "utf8");

function setting(name: string, fallback?: string): string {
  const m = new RegExp(`^${name}\\s*=\\s*(.+)$`, "m").exec(toml);
  if (m?.[1]) return m[1].trim();
  if (fallback !== undefined) return fallback;
  throw new Error(`wrangler.toml names no ${name}`);
}

/** `compatibility_date`, written once in wrangler.toml. */
export const COMPATIBILITY_DATE: string = JSON.parse(setting("compatibility_date"));
/** `compatibility_flags`, likewise; none when wrangler.toml sets none. */
export const COMPATIBILITY_FLAGS: string[] = JSON.parse(setting("compatibility_flags", "[]"));
