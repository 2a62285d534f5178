/** Splitting a summary file into its YAML front matter and its Markdown body. */
import type { ContentError } from "./errors";
import type { ContentFile } from "./files";

export interface SplitSummary {
  /** The YAML between the `---` lines; it starts on line 2 of the file. */
  yaml: string;
  body: string;
  /** Offset of the body in the file's text. */
  bodyOffset: number;
  /** Line (1-based) where the body's text starts, past blank lines; or the line after `---`. */
  bodyLine: number;
}

/** The two parts, or undefined with one error pushed when the `---` lines are wrong. */
export function splitFrontMatter(f: ContentFile, errors: ContentError[]): SplitSummary | undefined {
  const fail = (line: number, message: string) => {
    errors.push({ file: f.file, line, col: 1, field: "front matter", message });
    return undefined;
  };
  const opening = /^---([^\n]*)\n/.exec(f.text);
  if (!opening) return fail(1, "must start with a line of three dashes (---)");
  // `---js` and friends ask some parsers to run code: refuse them by name.
  if (opening[1]?.trim()) return fail(1, `"---${opening[1]}" front matter is not allowed: write plain YAML between --- lines`);
  const rest = f.text.slice(opening[0].length);
  const close = /^---[ \t]*$/m.exec(rest);
  if (!close) return fail(1, "has no closing --- line: end the front matter with a line of three dashes");
  let bodyOffset = opening[0].length + close.index + close[0].length;
  // The line break after the closing `---` belongs to it, not to the body.
  if (f.text[bodyOffset] === "\n") bodyOffset++;
  return {
    yaml: rest.slice(0, close.index),
    body: f.text.slice(bodyOffset),
    bodyOffset,
    bodyLine: f.text.slice(0, bodyOffset + (/^\s*\n(?=\s*\S)/.exec(f.text.slice(bodyOffset))?.[0].length ?? 0)).split("\n").length,
  };
}
