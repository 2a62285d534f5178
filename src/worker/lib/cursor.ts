/**
 * Opaque page cursors: base64url of `c2:<archive version>:<items after the page>:<filter>`,
 * the filter a tag or `source:<id>`. A cursor counts what is left from the end of the list,
 * not its offset from the start: a scheduled summary going live while a client pages joins
 * the head of the lists (it is the newest), so the next page still starts right after the
 * last item read, with nothing repeated or skipped. A cursor from another edition of the
 * archive (a deploy) is refused.
 */
import { MAX_CURSOR } from "../../shared/limits";
import { ProblemError } from "./problem";

const toB64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

const CURSOR_TEXT = /^c2:([^:]{1,64}):([1-9][0-9]{0,6}):([a-z0-9:-]{0,72})$/;

/** The cursor of the page starting at `offset` of a list of `count` items (0 < offset < count). */
export function encodeCursor(version: string, offset: number, count: number, filter: string | undefined): string {
  return toB64url(`c2:${version}:${count - offset}:${filter ?? ""}`);
}

/**
 * The offset a cursor points at, within the list as it is now, of `count` items.
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
  const offset = count - Number(m[2]);
  // Issued cursors point after the first page and before the end of the list they paged,
  // which within one edition only grows at its head.
  if (offset < 1) throw bad(foreign);
  return offset;
}
