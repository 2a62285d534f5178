/**
 * Opaque page cursors: base64url of the archive version, the offset and the tag. A cursor
 * from another edition of the archive is refused, so pages never skip or repeat items.
 */
import { ProblemError } from "./problem";

const MAX_CURSOR = 200;

const toB64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

export function encodeCursor(version: string, offset: number, tag: string | undefined): string {
  return toB64url(`c1:${version}:${offset}:${tag ?? ""}`);
}

/** The offset a cursor points at. @throws ProblemError 400 for garbage, oversize or stale cursors. */
export function decodeCursor(cursor: string, version: string, tag: string | undefined): number {
  const bad = (detail: string) => new ProblemError("invalid-cursor", detail, [{ field: "cursor", message: detail }]);
  if (cursor.length === 0 || cursor.length > MAX_CURSOR || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw bad("is not a cursor this API issued");
  }
  let text: string;
  try {
    text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw bad("is not a cursor this API issued");
  }
  const m = /^c1:([0-9a-f]{1,64}):([0-9]{1,7}):([a-z0-9-]*)$/.exec(text);
  if (!m) throw bad("is not a cursor this API issued");
  if (m[1] !== version) throw bad("was issued for an earlier edition of the archive; start again from the first page");
  if ((m[3] || undefined) !== tag) throw bad("belongs to a different tag filter; keep the tag of the page that gave it");
  return Number(m[2]);
}
