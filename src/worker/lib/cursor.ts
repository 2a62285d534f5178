/**
 * Opaque page cursors: base64url of `c1:<archive version>:<offset>:<filter>`, the filter a
 * tag or `source:<id>`. A cursor from
 * another edition of the archive is refused, so pages never skip or repeat items.
 */
import { MAX_CURSOR } from "../../shared/limits";
import { ProblemError } from "./problem";

const toB64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const CURSOR_TEXT = /^c1:([^:]{1,64}):([1-9][0-9]{0,6}):([a-z0-9:-]{0,72})$/;

export function encodeCursor(version: string, offset: number, filter: string | undefined): string {
  return toB64url(`c1:${version}:${offset}:${filter ?? ""}`);
}

/**
 * The offset a cursor points at, within a list of `count` items.
 * @throws ProblemError 400 for garbage, oversize, stale, forged or other-tag cursors.
 */
export function decodeCursor(cursor: string, version: string, filter: string | undefined, count: number): number {
  const bad = (message: string) => new ProblemError("invalid-cursor", `cursor: ${message}`, [{ field: "cursor", message }]);
  const foreign = "is not a cursor this API issued; use next_cursor from a previous page";
  if (cursor.length === 0 || cursor.length > MAX_CURSOR || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad(foreign);
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw bad(foreign);
  }
  const m = CURSOR_TEXT.exec(text);
  if (!m) throw bad(foreign);
  if (m[1] !== version) throw bad("was issued for an earlier edition of the archive; start again from the first page");
  if ((m[3] || undefined) !== filter) throw bad("belongs to a different filter; keep the tag or source of the page that gave it");
  const offset = Number(m[2]);
  // Issued cursors always point inside the list they paged (same version, same filter).
  if (offset >= count) throw bad(foreign);
  return offset;
}
