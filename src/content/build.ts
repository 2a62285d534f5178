/**
 * The content build: reads `content/`, validates all of it, derives what the worker serves
 * and returns one immutable archive, or every error found. It never writes: see `emit.ts`.
 * @module
 */
import { createHash } from "node:crypto";
import { join, relative, sep } from "node:path";
import type { Summary } from "../shared/api-schema";
import { type Archive, type Entry, ORIGIN_PLACEHOLDER, type Publication, type SourceFacts } from "../shared/archive";
import { defaultTagName } from "../shared/card-model";
import type { ContentError } from "./errors";
import { type ContentFile, exists, listMarkdown, readContentFile } from "./files";
import { type Registry, readPublication, readSources } from "./registry";
import { readSummary, slugOf } from "./summary";
import { readTagNames } from "./tag-names";

/** Bump when the build's output changes for the same input, so ETags change with it. */
const BUILDER_VERSION = "7";

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
  const tagsPath = join(contentDir, "tags.yaml");
  const tagsFile = (await exists(tagsPath)) ? await read(tagsPath) : undefined;
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
  const tagNames = readTagNames(tagsFile, new Set(summaries.flatMap((s) => s.tags)), errors);

  if (errors.length > 0 || !publication || !registry?.ok) return { ok: false, errors: sortErrors(errors) };
  const all = [pubFile, srcFile, tagsFile, ...summaryFiles].filter((f): f is ContentFile => f !== undefined);
  const version = createHash("sha256")
    .update(BUILDER_VERSION)
    .update(JSON.stringify(all.map((f) => [f.file, f.text]).sort()))
    .digest("hex")
    .slice(0, 16);
  return { ok: true, archive: assemble(version, publication, registry, tagNames, summaries) };
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

/**
 * Each registry source's facts, newest summary first: those whose chains it starts (its
 * origin) or relays (a `via`), each fact once.
 */
function factsBySource(registry: Registry, summaries: readonly Summary[]): Record<string, SourceFacts> {
  const out = new Map<string, SourceFacts>(
    [...registry.sources.keys()].map((id) => [id, { country: registry.countries.get(id) ?? null, facts: [], origin: 0 }]),
  );
  summaries.forEach((s, entry) => {
    s.facts.forEach((f, k) => {
      const origins = new Set(f.sources.map((src) => src.id));
      const named = new Set([...origins, ...f.sources.flatMap((src) => src.via.map((v) => v.id))]);
      for (const id of named) {
        const list = out.get(id) as SourceFacts;
        const origin = origins.has(id) ? 1 : 0;
        list.facts.push([entry, k, origin]);
        list.origin += origin;
      }
    });
  });
  return Object.fromEntries(out);
}

function assemble(
  version: string,
  publication: Publication,
  registry: Registry,
  tagNames: Map<string, string>,
  summaries: Summary[],
): Archive {
  const sources = registry.sources;
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
  const tags = [...byTag.keys()]
    .sort()
    .map((tag) => ({ tag, name: tagNames.get(tag) ?? defaultTagName(tag), count: byTag.get(tag)?.length ?? 0 }));
  const docs = Object.fromEntries(summaries.map((s) => [s.slug, JSON.stringify(s)]));
  return {
    version,
    publication,
    sources: Object.fromEntries(sources),
    entries,
    by_tag,
    tags,
    by_source: factsBySource(registry, summaries),
    docs,
  };
}
