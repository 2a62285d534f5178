/** Path parameters: slugs, tags and source ids are kebab-case; traversal and control characters are 400s. */
import { KEBAB, MAX_SLUG } from "../../shared/limits";
import { ProblemError } from "./problem";

/**
 * Checks a decoded slug or tag from the path. Malicious shapes (NUL and other controls,
 * `..`, slashes) are 400; anything else that is not kebab-case cannot exist, so 404.
 */
export function checkPathName(name: string, what: "summary" | "tag" | "source"): string {
  if (/[\u0000-\u001f\u007f/\\]|\.\./.test(name)) {
    const field = what === "summary" ? "slug" : what === "tag" ? "tag" : "id";
    const message = `holds characters that cannot name a ${what} (control characters, slashes or "..")`;
    throw new ProblemError("invalid-path", `${field}: ${message}`, [{ field, message }]);
  }
  if (!KEBAB.test(name) || name.length > MAX_SLUG) {
    throw new ProblemError("not-found", `no ${what} "${name.slice(0, MAX_SLUG)}" is published here`);
  }
  return name;
}
