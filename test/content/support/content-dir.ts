/**
 * Writes a minimal valid `content/` folder into a fresh temp dir, so each test can apply
 * one mutation and build it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { onTestFinished } from "vitest";
import { buildArchive } from "../../../src/content/build";
import { formatError } from "../../../src/content/errors";
import type { Summary } from "../../../src/shared/api-schema";
import { PUBLICATION, SOURCES } from "../../support/content-fixture";

export { PUBLICATION, SOURCES };

/** Front matter lines of the valid summary; tests replace one line to make one mistake. */
export const FRONT = `title: "An example summary"
summary: "One sentence that sums it up."
published: 2024-02-29
tags: [example, testing]
based_on: [example-news]
facts:
- id: first-fact
  text: "The example office counted 13,221 examples."
  sources: [example-stats, example-news]
  figure:
    value: 13221
    unit: examples
- id: second-fact
  text: "A second fact with no figure."
  sources: [example-news]`;

export const BODY = `The example office counted 13,221 examples in the example year.

A second paragraph says more.
`;

export function summaryText(front: string = FRONT, body: string = BODY): string {
  return `---\n${front}\n---\n\n${body}`;
}

export interface ContentDir {
  /** The temp dir; error paths are relative to it (`content/summaries/x.md`). */
  root: string;
  content: string;
  /** Writes `content/<path>`, creating folders. */
  write(path: string, text: string | Uint8Array): Promise<void>;
  read(path: string): Promise<string>;
}

/** A fresh temp dir, removed when the current test finishes. */
export async function tempDir(prefix = "keyfacts-content-"): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  return root;
}

/** A temp dir holding a valid `content/` with one summary, `content/summaries/example.md`. */
export async function contentDir(): Promise<ContentDir> {
  const root = await tempDir();
  const content = join(root, "content");
  const write = async (path: string, text: string | Uint8Array) => {
    await mkdir(dirname(join(content, path)), { recursive: true });
    await writeFile(join(content, path), text);
  };
  await write("publication.yaml", PUBLICATION);
  await write("sources.yaml", SOURCES);
  await write("summaries/example.md", summaryText());
  return { root, content, write, read: (path) => readFile(join(content, path), "utf8") };
}

/** Builds the folder and returns the formatted error lines (empty when it built). */
export async function errorsOf(dir: ContentDir): Promise<string[]> {
  const result = await buildArchive(dir.content, dir.root);
  return result.ok ? [] : result.errors.map(formatError);
}

/** Builds one summary written as `summaries/example.md` and returns the error lines. */
export async function errorsFor(text: string | Uint8Array, path = "summaries/example.md"): Promise<string[]> {
  const dir = await contentDir();
  await dir.write(path, text);
  return errorsOf(dir);
}

/** Builds a folder that must build, and returns its summaries by slug. */
export async function built(dir: ContentDir): Promise<Record<string, Summary>> {
  const result = await buildArchive(dir.content, dir.root);
  if (!result.ok) throw new Error(`expected a build, got:\n${result.errors.map(formatError).join("\n")}`);
  const out: Record<string, Summary> = {};
  for (const [slug, json] of Object.entries(result.archive.docs)) out[slug] = JSON.parse(json) as Summary;
  return out;
}

/** Builds one summary text that must build and returns it. */
export async function buildOne(text: string | Uint8Array): Promise<Summary> {
  const dir = await contentDir();
  await dir.write("summaries/example.md", text);
  const all = await built(dir);
  const one = all.example;
  if (!one) throw new Error("summaries/example.md did not build");
  return one;
}

/** FRONT with the line starting `prefix` replaced by `line` (or removed when `line` is null). */
export function withLine(prefix: string, line: string | null, front: string = FRONT): string {
  const lines = front.split("\n");
  const i = lines.findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`no line starts with ${prefix}`);
  if (line === null) lines.splice(i, 1);
  else lines[i] = line;
  return lines.join("\n");
}
