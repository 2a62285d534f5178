/** Content build errors: one shape, one format (`file:line:col field: message`). */

export interface ContentError {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  line: number;
  col: number;
  /** Field path as an editor reads it: `facts[2].sources`. */
  field: string;
  message: string;
}

export function formatError(e: ContentError): string {
  return `${e.file}:${e.line}:${e.col} ${e.field}: ${e.message}`;
}

/** `["facts", 2, "sources"]` → `facts[2].sources`; `empty` names the empty path. */
export function fieldName(path: readonly (string | number)[], empty = "(file)"): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out || empty;
}
