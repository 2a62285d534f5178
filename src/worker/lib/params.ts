/** Path parameters: slugs and tags are kebab-case; traversal and control characters are 400s. */
import { ProblemError } from "./problem";

export const KEBAB_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Checks a decoded slug or tag from the path. Malicious shapes (NUL and other controls,
 * `..`, slashes) are 400; anything else that is not kebab-case cannot exist, so 404.
 */
export function checkPathName(name: string, what: "summary" | "tag"): string {
  if (/[\u0000-\u001f\u007f/\\]|\.\./.test(name)) {
    throw new ProblemError("invalid-path", `the ${what} name holds characters that cannot name a ${what}`);
  }
  if (!KEBAB_SLUG.test(name) || name.length > 100) {
    throw new ProblemError("not-found", `no ${what} "${name.slice(0, 100)}" is published here`);
  }
  return name;
}
