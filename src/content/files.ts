/** Reading content files: strict UTF-8, BOM and line endings normalised, paths as editors see them. */
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ContentError } from "./errors";

export interface ContentFile {
  /** Display path, relative to the project root, with forward slashes. */
  file: string;
  /** The text with BOM removed and CRLF/CR turned into LF, otherwise exactly as written. */
  text: string;
}

/**
 * Reads one file. Bytes that are not UTF-8 are an error, not U+FFFD: a file saved in
 * another encoding would otherwise publish mangled text without a word.
 */
export async function readContentFile(path: string, file: string, errors: ContentError[]): Promise<ContentFile | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    errors.push({ file, line: 1, col: 1, field: "(file)", message: "is missing or unreadable" });
    return undefined;
  }
  try {
    return { file, text: normalise(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) };
  } catch {
    const bad = firstInvalidByte(bytes);
    const before = normalise(new TextDecoder("utf-8").decode(bytes.subarray(0, bad)));
    const line = before.split("\n").length;
    const col = before.length - before.lastIndexOf("\n");
    const hex = (bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    errors.push({ file, line, col, field: "(text)", message: `byte 0x${hex} is not valid UTF-8: save the file as UTF-8` });
    return undefined;
  }
}

/** Whether `path` is a file: for optional content files, whose absence is no error. */
export const exists = (path: string) =>
  stat(path).then(
    (s) => s.isFile(),
    () => false,
  );

/** BOM off, CRLF and lone CR to LF; the text is otherwise kept exactly (no Unicode normalisation). */
export function normalise(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** Offset of the character where UTF-8 first goes wrong (binary search; error path only). */
function firstInvalidByte(bytes: Uint8Array): number {
  // `stream` lets a prefix end inside a character without counting as invalid.
  const valid = (n: number, stream: boolean) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, n), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (valid(mid, true)) lo = mid;
    else hi = mid - 1;
  }
  // Back up to the start of the broken character, so the column points at it.
  while (lo > 0 && !valid(lo, false)) lo--;
  return lo;
}

/** Every `*.md` below `dir`, sorted; empty when the folder is missing. */
export async function listMarkdown(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith(".md"))
      .map((e) => join(e.parentPath, e.name))
      .sort();
  } catch {
    return [];
  }
}
