/**
 * The minimal valid `content/` folder every hostile case starts from, helpers to write one
 * summary's front matter field by field, and the adapter that builds a case in a temp dir.
 * @module
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type BuildResult, buildArchive } from "../../src/content/build";
import { PUBLICATION, SOURCES } from "../support/content-fixture";

export { PUBLICATION, SOURCES };

/** Relative path under `content/` → file contents; `null` deletes the base file. */
export type Files = Record<string, string | Uint8Array | null>;

/** Front matter fields in file order; `title` is on line 2 of the file. */
const FIELDS = ["title", "summary", "published", "updated", "lang", "tags", "based_on", "facts", "corrections"] as const;
type Field = (typeof FIELDS)[number];

export const FACTS = `
- id: workers-counted
  text: "The example office counted 13,221 workers."
  sources: [example-stats, example-news]
  figure:
    value: 13221
    unit: workers
- id: second-fact
  text: "A second fact, with no figure."
  sources: [example-news]`;

const BASE: Partial<Record<Field, string>> = {
  title: '"Workers counted in the example region"',
  summary: '"The example office counted workers in 2023."',
  published: "2024-03-01",
  tags: "[labour, example-region]",
  based_on: "[example-news]",
  facts: FACTS,
};

export const BODY = "The example office counted 13,221 workers in 2023.\n\nA second paragraph says more.\n";

/**
 * A summary file: the base front matter with `fields` replaced (raw YAML after `key: `;
 * `null` removes the field) and `extra` raw lines appended before the closing `---`.
 * Line numbers: `---` is 1, title 2, summary 3, published 4, then each present field.
 */
export function summary(fields: Partial<Record<Field, string | null>> = {}, body: string = BODY, extra = ""): string {
  const merged: Partial<Record<Field, string | null>> = { ...BASE, ...fields };
  const lines = FIELDS.filter((f) => merged[f] !== undefined && merged[f] !== null).map((f) => `${f}: ${merged[f]}`);
  return `---\n${lines.join("\n")}${extra ? `\n${extra}` : ""}\n---\n\n${body}`;
}

/** A YAML double-quoted scalar for `text` (JSON escapes are YAML escapes). */
export const q = (text: string): string => JSON.stringify(text);

/** One fact as YAML list lines, for `facts:`. */
export function fact(id: string, text: string, sources = "[example-news]", figure = ""): string {
  return `\n- id: ${id}\n  text: ${text}\n  sources: ${sources}${figure ? `\n  figure:\n${figure.replace(/^/gm, "    ")}` : ""}`;
}

export function baseFiles(): Files {
  return { "publication.yaml": PUBLICATION, "sources.yaml": SOURCES, "summaries/example.md": summary() };
}

/** Writes base files overlaid with `files` into a fresh temp dir, builds, and removes the dir. */
export async function buildCase(files: Files): Promise<BuildResult> {
  const root = await mkdtemp(join(tmpdir(), "keyfacts-hostile-"));
  try {
    for (const [path, text] of Object.entries({ ...baseFiles(), ...files })) {
      if (text === null) continue;
      const target = join(root, "content", path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    return await buildArchive(join(root, "content"), root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
