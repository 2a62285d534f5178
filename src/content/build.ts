/**
 * The content build: reads `content/`, validates all of it, derives what the worker serves
 * and returns one immutable archive, or every error found. It never writes: see `emit.ts`.
 * @module
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { Source, Summary } from "../shared/api-schema";
import { type Archive, type Entry, ORIGIN_PLACEHOLDER, type Publication } from "../shared/archive";
import { type ContentError, fieldName } from "./errors";
import { readingMinutes, renderBody } from "./markdown";
import {
  type FrontMatter,
  FrontMatterSchema,
  KEBAB,
  MAX_BODY_CHARS,
  type PublicationInput,
  PublicationSchema,
  type SourceEntry,
  SourcesFileSchema,
} from "./schema";
import { bodyHasNumber, countSentences, directionOf, findXmlForbidden, parseContentDate } from "./text";
import { checkSchema } from "./validate";
import { type ParsedYaml, parseStrictYaml } from "./yaml";

/** Bump when the build's output changes for the same input, so ETags change with it. */
const BUILDER_VERSION = "1";

export type BuildResult = { ok: true; archive: Archive } | { ok: false; errors: ContentError[] };

interface RawFile {
  /** Display path, relative to the project root. */
  file: string;
  text: string;
}

/**
 * Builds the archive from `contentDir`. `root` is what error paths are relative to.
 * @example const result = await buildArchive("content", process.cwd());
 */
export async function buildArchive(contentDir: string, root: string = process.cwd()): Promise<BuildResult> {
  const errors: ContentError[] = [];
  const display = (p: string) => relative(root, p).split(sep).join("/");
  const read = async (p: string): Promise<RawFile | undefined> => {
    try {
      return { file: display(p), text: normalise(await readFile(p, "utf8")) };
    } catch {
      errors.push({ file: display(p), line: 1, col: 1, field: "(file)", message: "is missing or unreadable" });
      return undefined;
    }
  };

  const pubFile = await read(join(contentDir, "publication.yaml"));
  const srcFile = await read(join(contentDir, "sources.yaml"));
  const summaryPaths = await listMarkdown(join(contentDir, "summaries"));
  const summaryFiles = (await Promise.all(summaryPaths.map(read))).filter((f): f is RawFile => f !== undefined);
  const all = [pubFile, srcFile, ...summaryFiles].filter((f): f is RawFile => f !== undefined);
  for (const f of all) checkCharacters(f, errors);

  const publication = pubFile ? readPublication(pubFile, errors) : undefined;
  const sources = srcFile ? readSources(srcFile, errors) : undefined;
  if (summaryFiles.length === 0 && summaryPaths.length === 0) {
    errors.push({ file: display(join(contentDir, "summaries")), line: 1, col: 1, field: "(folder)", message: "holds no summaries (*.md)" });
  }

  const base = publication?.base_url ?? ORIGIN_PLACEHOLDER;
  const summaries: Summary[] = [];
  const slugFiles = new Map<string, string>();
  for (const f of summaryFiles) {
    const summary = readSummary(f, publication, sources, base, errors);
    if (!summary) continue;
    const other = slugFiles.get(summary.slug);
    if (other) {
      errors.push({ file: f.file, line: 1, col: 1, field: "slug", message: `duplicate slug "${summary.slug}": ${other} has it too` });
      continue;
    }
    slugFiles.set(summary.slug, f.file);
    summaries.push(summary);
  }

  if (errors.length > 0 || !publication || !sources) return { ok: false, errors: sortErrors(errors) };
  const version = createHash("sha256")
    .update(BUILDER_VERSION)
    .update(JSON.stringify(all.map((f) => [f.file, f.text]).sort()))
    .digest("hex")
    .slice(0, 16);
  return { ok: true, archive: assemble(version, publication, sources, summaries) };
}

/** BOM off, CRLF and lone CR to LF; the text is otherwise kept exactly. */
function normalise(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

async function listMarkdown(dir: string): Promise<string[]> {
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

function checkCharacters(f: RawFile, errors: ContentError[]): void {
  for (const hit of findXmlForbidden(f.text)) {
    errors.push({
      file: f.file,
      line: hit.line,
      col: hit.col,
      field: "(text)",
      message: `character ${hit.code} is not allowed in XML 1.0`,
    });
  }
}

function readPublication(f: RawFile, errors: ContentError[]): Publication | undefined {
  const parsed = parseStrictYaml(f.text, f.file, 1, errors);
  if (parsed.data === undefined || !checkSchema(PublicationSchema, parsed, f.file, errors)) return undefined;
  const p = parsed.data as PublicationInput;
  let base_url: string | null = null;
  if (p.base_url !== undefined) {
    const url = checkUrl(p.base_url);
    if (url === undefined || url.pathname !== "/" || url.search || url.hash) {
      errors.push({
        file: f.file,
        ...parsed.locate(["base_url"]),
        field: "base_url",
        message: `"${p.base_url}" must be an https: origin like https://news.example`,
      });
      return undefined;
    }
    base_url = url.origin;
  }
  return { title: p.title, description: p.description, language: p.language, base_url, publisher: p.publisher };
}

function checkUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "https:" && !url.username && !url.password ? url : undefined;
  } catch {
    return undefined;
  }
}

function readSources(f: RawFile, errors: ContentError[]): Map<string, Source> | undefined {
  const parsed = parseStrictYaml(f.text, f.file, 1, errors);
  if (parsed.data === undefined || !checkSchema(SourcesFileSchema, parsed, f.file, errors)) return undefined;
  const out = new Map<string, Source>();
  let ok = true;
  for (const [id, s] of Object.entries(parsed.data as Record<string, SourceEntry>)) {
    if (!KEBAB.test(id) || id.length > 64) {
      errors.push({ file: f.file, ...parsed.locate([id]), field: id, message: `source id "${id}" must be lowercase kebab-case` });
      ok = false;
    }
    if (s.url !== undefined && !checkUrl(s.url)) {
      errors.push({ file: f.file, ...parsed.locate([id, "url"]), field: `${id}.url`, message: `"${s.url}" must be an https: URL` });
      ok = false;
    }
    out.set(id, { id, name: s.name, kind: s.kind, url: s.url ?? null });
  }
  return ok ? out : undefined;
}

function readSummary(
  f: RawFile,
  publication: Publication | undefined,
  sources: Map<string, Source> | undefined,
  base: string,
  errors: ContentError[],
): Summary | undefined {
  const name = f.file.slice(f.file.lastIndexOf("/") + 1, -".md".length);
  const err = (parsed: ParsedYaml | undefined, path: (string | number)[], message: string) =>
    errors.push({ file: f.file, ...(parsed ? parsed.locate(path) : { line: 1, col: 1 }), field: fieldName(path), message });
  const before = errors.length;
  if (!KEBAB.test(name) || name.length > 100) {
    err(undefined, ["slug"], `file name "${name}.md" must be a lowercase kebab-case slug (like "labour-exports-2024.md")`);
  }

  const opening = /^---([^\n]*)\n/.exec(f.text);
  if (!opening) {
    err(undefined, ["front matter"], "must start with a line of three dashes (---)");
    return undefined;
  }
  if (opening[1]?.trim()) {
    err(undefined, ["front matter"], `"---${opening[1]}" front matter is not allowed: write plain YAML between --- lines`);
    return undefined;
  }
  const close = /^---[ \t]*$/m.exec(f.text.slice(opening[0].length));
  if (!close) {
    err(undefined, ["front matter"], "has no closing --- line");
    return undefined;
  }
  const yamlText = f.text.slice(opening[0].length, opening[0].length + close.index);
  const body = f.text.slice(opening[0].length + close.index + close[0].length).replace(/^\n/, "");
  const parsed = parseStrictYaml(yamlText, f.file, 2, errors);
  if (parsed.data === undefined) return undefined;
  if (!checkSchema(FrontMatterSchema, parsed, f.file, errors)) return undefined;
  const fm = parsed.data as FrontMatter;

  if (/[\n]/.test(fm.title)) err(parsed, ["title"], "must be one line of plain text");
  const sentences = countSentences(fm.summary);
  if (sentences > 3) err(parsed, ["summary"], `has ${sentences} sentences, at most 3`);
  if (body.length > MAX_BODY_CHARS) err(parsed, [], `body is too long: ${body.length} characters, at most ${MAX_BODY_CHARS}`);
  if (body.trim().length === 0) err(parsed, [], "body is empty: write the summary below the closing ---");

  const date = (path: (string | number)[], text: string): string | undefined => {
    const d = parseContentDate(text);
    if ("error" in d) {
      err(parsed, path, d.error);
      return undefined;
    }
    return d.iso;
  };
  const published = date(["published"], fm.published);
  const updated = fm.updated === undefined ? undefined : date(["updated"], fm.updated);
  if (published && updated && Date.parse(updated) < Date.parse(published)) {
    err(parsed, ["updated"], `${fm.updated} is before published ${fm.published}`);
  }
  const corrections = (fm.corrections ?? []).map((c, i) => ({ date: date(["corrections", i, "date"], c.date) ?? "", text: c.text }));

  for (const i of dupes(fm.tags)) err(parsed, ["tags", i], `tag "${fm.tags[i]}" is listed twice`);
  const resolve = (path: (string | number)[], id: string): Source | undefined => {
    const s = sources?.get(id);
    if (!s && sources) err(parsed, path, `unknown source "${id}"${suggest(id, [...sources.keys()])}`);
    return s;
  };
  const based_on = fm.based_on.map((id, i) => resolve(["based_on", i], id));
  for (const i of dupes(fm.based_on)) err(parsed, ["based_on", i], `source "${fm.based_on[i]}" is listed twice`);

  const factIds = fm.facts.map((fact) => fact.id);
  for (const i of dupes(factIds)) err(parsed, ["facts", i, "id"], `duplicate fact id "${factIds[i]}"`);
  const facts = fm.facts.map((fact, i) => {
    const factSources = fact.sources.map((id, j) => resolve(["facts", i, "sources", j], id));
    for (const j of dupes(fact.sources)) err(parsed, ["facts", i, "sources", j], `source "${fact.sources[j]}" is listed twice`);
    const figure = fact.figure;
    if (figure && !bodyHasNumber(body, figure.value)) {
      err(
        parsed,
        ["facts", i, "figure", "value"],
        `${figure.value} does not appear in the body: write the figure there as the source gives it`,
      );
    }
    return {
      id: fact.id,
      text: fact.text,
      figure: figure
        ? {
            value: figure.value,
            unit: figure.unit ?? null,
            period: figure.period === undefined ? null : String(figure.period),
            as_of: figure.as_of === undefined ? null : String(figure.as_of),
            approx: figure.approx ?? false,
          }
        : null,
      sources: factSources.filter((s): s is Source => s !== undefined),
    };
  });

  if (errors.length > before || !published || !publication) return undefined;
  const lang = fm.lang ?? publication.language;
  return {
    slug: name,
    url: `${base}/summaries/${name}`,
    title: fm.title,
    summary: fm.summary,
    published,
    updated: updated ?? null,
    lang,
    dir: directionOf(lang),
    tags: fm.tags,
    based_on: based_on.filter((s): s is Source => s !== undefined),
    facts,
    corrections,
    reading_minutes: readingMinutes(body),
    publication: { title: publication.title, url: `${base}/` },
    content_html: renderBody(body),
  };
}

/** Indexes of items that repeat an earlier one. */
function dupes(items: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  items.forEach((item, i) => {
    if (seen.has(item)) out.push(i);
    seen.add(item);
  });
  return out;
}

function suggest(id: string, known: string[]): string {
  const close = known.find((k) => k.length === id.length && [...k].sort().join() === [...id].sort().join());
  return close ? ` (did you mean "${close}"?)` : "";
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
  const by_tag: Record<string, number[]> = {};
  entries.forEach((e, i) => {
    for (const t of e.tags) {
      by_tag[t] ??= [];
      by_tag[t].push(i);
    }
  });
  const tags = Object.keys(by_tag)
    .sort()
    .map((tag) => ({ tag, count: by_tag[tag]?.length ?? 0 }));
  const docs: Record<string, string> = {};
  for (const s of summaries) docs[s.slug] = JSON.stringify(s);
  return { version, publication, sources: Object.fromEntries(sources), entries, by_tag, tags, docs };
}
