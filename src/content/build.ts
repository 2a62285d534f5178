/**
 * The content build: reads `content/`, validates all of it, derives what the worker serves
 * and returns one immutable archive, or every error found. It never writes: see `emit.ts`.
 * @module
 */
import { createHash } from "node:crypto";
import { join, relative, sep } from "node:path";
import type { Source, Summary } from "../shared/api-schema";
import { type Archive, type Entry, ORIGIN_PLACEHOLDER, type Publication } from "../shared/archive";
import type { ContentError } from "./errors";
import { type ContentFile, listMarkdown, readContentFile } from "./files";
import { readPublication, readSources } from "./registry";
import { readSummary, slugOf } from "./summary";

/** Bump when the build's output changes for the same input, so ETags change with it. */
const BUILDER_VERSION = "5";

export type BuildResult = { ok: true; archive: Archive } | { ok: false; errors: ContentError[] };

/**
 * Builds the archive from `contentDir`. `root` is what error paths are relative to.
 * @example const result = await buildArchive("content", process.cwd());
 */
export async function buildArchive(contentDir: string, root: string = process.cwd()): Promise<BuildResult> {
  const errors: ContentError[] = [];
  const display = (p: string) => relative(root, p).split(sep).join("/");
  const read = (p: string) => readContentFile(p, display(p), errors);

  const pubFile = await read(join(contentDir, "publication.yaml"));
  const srcFile = await read(join(contentDir, "sources.yaml"));
  const summaryPaths = await listMarkdown(join(contentDir, "summaries"));
  const summaryFiles = (await Promise.all(summaryPaths.map(read))).filter((f): f is ContentFile => f !== undefined);
  if (summaryPaths.length === 0) {
    errors.push({ file: display(join(contentDir, "summaries")), line: 1, col: 1, field: "(folder)", message: "holds no summaries (*.md)" });
  }

  const publication = pubFile ? readPublication(pubFile, errors) : undefined;
  const registry = srcFile ? readSources(srcFile, errors) : undefined;
  const ctx = { publication, sources: registry?.sources, base: publication?.base_url ?? ORIGIN_PLACEHOLDER };
  checkSlugs(summaryPaths.map(display), errors);
  const summaries = summaryFiles.map((f) => readSummary(f, ctx, errors)).filter((s): s is Summary => s !== undefined);

  if (errors.length > 0 || !publication || !registry?.ok) return { ok: false, errors: sortErrors(errors) };
  const all = [pubFile, srcFile, ...summaryFiles].filter((f): f is ContentFile => f !== undefined);
  const version = createHash("sha256")
    .update(BUILDER_VERSION)
    .update(JSON.stringify(all.map((f) => [f.file, f.text]).sort()))
    .digest("hex")
    .slice(0, 16);
  return { ok: true, archive: assemble(version, publication, registry.sources, summaries) };
}

/** Two files anywhere under `summaries/` with one name would claim one URL: name both. */
function checkSlugs(files: string[], errors: ContentError[]): void {
  const first = new Map<string, string>();
  for (const file of files) {
    const slug = slugOf(file);
    const other = first.get(slug);
    if (other) errors.push({ file, line: 1, col: 1, field: "slug", message: `duplicate slug "${slug}": ${other} has it too` });
    else first.set(slug, file);
  }
}

function sortErrors(errors: ContentError[]): ContentError[] {
  return [...errors].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
}

function assemble(version: string, publication: Publication, sources: Map<string, Source>, summaries: Summary[]): Archive {
  // Sort by instant, not by text: offsets make text order differ from time order.
  summaries.sort((a, b) => Date.parse(b.published) - Date.parse(a.published) || a.slug.localeCompare(b.slug));
  const entries: Entry[] = summaries.map((s) => ({
    slug: s.slug,
    title: s.title,
    published: s.published,
    modified: s.updated ?? s.published,
    tags: s.tags,
  }));
  // Maps, not object literals: a tag may be named "constructor" or "toString".
  const byTag = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const t of e.tags) {
      const list = byTag.get(t);
      if (list) list.push(i);
      else byTag.set(t, [i]);
    }
  });
  const by_tag = Object.fromEntries(byTag);
  const tags = [...byTag.keys()].sort().map((tag) => ({ tag, count: byTag.get(tag)?.length ?? 0 }));
  const docs = Object.fromEntries(summaries.map((s) => [s.slug, JSON.stringify(s)]));
  return { version, publication, sources: Object.fromEntries(sources), entries, by_tag, tags, docs };
}
