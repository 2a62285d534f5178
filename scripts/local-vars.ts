/**
 * The git-ignored .dev.vars files that wrangler dev reads for the local workers: npm start makes
 * them, and the end-to-end tests make the fediverse worker's the same way.
 * @module
 */
import { generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** Adds to `file` each variable it does not have yet (its value made only then). Lines already there are kept. */
export function addLocalVars(file: string, vars: Record<string, () => string>): void {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const missing = Object.entries(vars).filter(([name]) => !new RegExp(`^${name}=`, "m").test(text));
  if (missing.length === 0) return;
  setLocalVars(file, Object.fromEntries(missing.map(([name, value]) => [name, value()])));
  console.log(`✓ ${file}: added ${missing.map(([name]) => name).join(", ")}`);
}

/** Sets each of `vars` in `file`: a line already there for it is replaced, the others are appended. */
export function setLocalVars(file: string, vars: Record<string, string>): void {
  let text = existsSync(file) ? readFileSync(file, "utf8") : "";
  for (const [name, value] of Object.entries(vars)) {
    const line = new RegExp(`^${name}=.*$`, "m");
    // A function, so that a `$` in the value is not read as a replacement pattern.
    text = line.test(text)
      ? text.replace(line, () => `${name}=${value}`)
      : `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${name}=${value}\n`;
  }
  writeFileSync(file, text, { mode: 0o600 });
}

/**
 * src/fediverse/.dev.vars: the actor's signing key (a new RSA key, as a JWK), and FEDIVERSE_LOCAL=1,
 * which lets the local fediverse worker fetch actors from local addresses (a peer on this machine).
 * wrangler dev gives a second worker only what this file holds, not --var or --env-file.
 */
export function fediverseLocalVars(root = "."): void {
  addLocalVars(`${root}/src/fediverse/.dev.vars`, {
    FEDIVERSE_PRIVATE_KEY: () =>
      `'${JSON.stringify(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }))}'`,
    FEDIVERSE_LOCAL: () => '"1"',
  });
}
