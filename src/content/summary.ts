/**
 * One summary file: every check on it, and the API `Summary` it becomes. Checks run on
 * whatever parts of the front matter have the right shape, so that a file with several
 * mistakes reports all of them, schema errors included.
 * @module
 */
import type { Source, Summary } from "../shared/api-schema";
import type { Publication } from "../shared/archive";
import { KEBAB, MAX_SLUG } from "../shared/limits";
import { type ContentError, fieldName } from "./errors";
import type { ContentFile } from "./files";
import { splitFrontMatter } from "./front-matter";
import { readingMinutes, renderBody } from "./markdown";
import { type FrontMatter, FrontMatterSchema, MAX_BODY_CHARS } from "./schema";
import { bodyHasNumber, countSentences, directionOf, findXmlForbidden, parseContentDate } from "./text";
import { checkSchema } from "./validate";
import { type ParsedYaml, parseStrictYaml } from "./yaml";

export interface SummaryContext {
  /** Undefined when publication.yaml is broken: the summary is then checked but not built. */
  publication: Publication | undefined;
  /** Known source ids; undefined when sources.yaml could not be read at all. */
  sources: Map<string, Source> | undefined;
  /** Origin that absolute URLs start with. */
  base: string;
}

type Path = (string | number)[];
type Fields = Record<string, unknown>;

/** The slug a summary file gets: its name without `.md`, whatever folder it sits in. */
export function slugOf(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1, -".md".length);
}

/** Checks one summary file; returns it built when it has no error. */
export function readSummary(f: ContentFile, ctx: SummaryContext, errors: ContentError[]): Summary | undefined {
  const before = errors.length;
  const slug = slugOf(f.file);
  if (!KEBAB.test(slug) || slug.length > MAX_SLUG) {
    errors.push({
      file: f.file,
      line: 1,
      col: 1,
      field: "slug",
      message: `file name "${slug}.md" must be a lowercase kebab-case slug (like "labour-exports-2024.md")`,
    });
  }
  const split = splitFrontMatter(f, errors);
  if (!split) return undefined;
  const bodyAt = { line: split.bodyLine, col: 1 };
  for (const hit of findXmlForbidden(f.text)) {
    if (hit.index < split.bodyOffset) continue; // the front matter's are found by the YAML parser
    errors.push({ file: f.file, line: hit.line, col: hit.col, field: "body", message: `character ${hit.code} is not allowed in XML 1.0` });
  }
  if (split.body.length > MAX_BODY_CHARS) {
    errors.push({
      file: f.file,
      ...bodyAt,
      field: "body",
      message: `is too long: ${split.body.length} characters, at most ${MAX_BODY_CHARS}`,
    });
  }
  if (split.body.trim().length === 0) {
    errors.push({ file: f.file, ...bodyAt, field: "body", message: "is empty: write the summary below the closing ---" });
  }

  const parsed = parseStrictYaml(split.yaml, f.file, 2, errors);
  if (parsed.data === undefined) return undefined;
  const schemaOk = checkSchema(FrontMatterSchema, parsed, f.file, errors);
  const fields: Fields = isFields(parsed.data) ? parsed.data : {};
  checkFields(fields, split.body, ctx.sources, ctx.publication?.timezone, (path, message) =>
    errors.push({ file: f.file, ...parsed.locate(path), field: fieldName(path), message }),
  );
  if (!schemaOk || errors.length > before || !ctx.publication || !ctx.sources) return undefined;
  return toSummary(slug, parsed, split.body, { ...ctx, publication: ctx.publication, sources: ctx.sources });
}

/** The rules the schema cannot say: dates, repeats, known sources, figures in the body. */
function checkFields(
  fm: Fields,
  body: string,
  sources: Map<string, Source> | undefined,
  timeZone: string | undefined,
  err: (path: Path, message: string) => void,
) {
  if (typeof fm.title === "string" && fm.title.includes("\n")) err(["title"], "must be one line of plain text");
  if (typeof fm.summary === "string") {
    const sentences = countSentences(fm.summary);
    if (sentences > 3) err(["summary"], `has ${sentences} sentences, at most 3`);
  }
  const date = (path: Path, value: unknown): number | undefined => {
    if (typeof value !== "string") return undefined;
    const d = parseContentDate(value, timeZone);
    if ("error" in d) err(path, d.error);
    return "iso" in d ? Date.parse(d.iso) : undefined;
  };
  const published = date(["published"], fm.published);
  const updated = date(["updated"], fm.updated);
  if (published !== undefined && updated !== undefined && updated < published) {
    err(["updated"], `${fm.updated} is before published ${fm.published}`);
  }
  listOf(fm.corrections).forEach((c, i) => {
    if (isFields(c)) date(["corrections", i, "date"], c.date);
  });

  const known = (path: Path, id: unknown) => {
    if (typeof id === "string" && sources && !sources.has(id)) err(path, `unknown source "${id}"${suggest(id, [...sources.keys()])}`);
  };
  for (const i of repeats(listOf(fm.tags))) err(["tags", i], `tag "${listOf(fm.tags)[i]}" is listed twice`);
  for (const [i, id] of listOf(fm.based_on).entries()) known(["based_on", i], id);
  for (const i of repeats(listOf(fm.based_on))) err(["based_on", i], `source "${listOf(fm.based_on)[i]}" is listed twice`);

  const facts = listOf(fm.facts).map((fact) => (isFields(fact) ? fact : {}));
  for (const i of repeats(facts.map((fact) => fact.id))) err(["facts", i, "id"], `duplicate fact id "${facts[i]?.id}"`);
  facts.forEach((fact, i) => {
    const entries = listOf(fact.sources);
    for (const [j, entry] of entries.entries()) {
      const at: Path = ["facts", i, "sources", j];
      if (!isFields(entry)) {
        known(at, entry);
        continue;
      }
      const via = listOf(entry.via);
      if (entry.id === undefined) {
        err(at, "has via but no id: a chain starts with id, the source the claim comes from");
        continue;
      }
      known([...at, "id"], entry.id);
      for (const [k, v] of via.entries()) known([...at, "via", k], v);
      // A chain names each link once: a source cannot relay its own claim.
      for (const k of repeats([entry.id, ...via])) err([...at, "via", k - 1], `source "${via[k - 1]}" appears twice in one chain`);
    }
    // Origins: the short form's id, or a chain's first link.
    const origins = entries.map((entry) => (isFields(entry) ? entry.id : entry));
    for (const j of repeats(origins)) err(["facts", i, "sources", j], `source "${origins[j]}" is listed twice`);
    if (isFields(fact.unverified)) known(["facts", i, "unverified", "by"], fact.unverified.by);
    const value = isFields(fact.figure) ? fact.figure.value : undefined;
    if (typeof value === "number" && Number.isFinite(value) && !bodyHasNumber(body, value)) {
      err(["facts", i, "figure", "value"], `${value} does not appear in the body: write the figure there as the source gives it`);
    }
  });
}

/** Builds the API summary from front matter that passed every check. */
function toSummary(
  slug: string,
  parsed: ParsedYaml,
  body: string,
  ctx: { publication: Publication; sources: Map<string, Source>; base: string },
): Summary {
  const fm = parsed.data as FrontMatter;
  const iso = (text: string) => {
    const d = parseContentDate(text, ctx.publication.timezone);
    return "iso" in d ? d.iso : text;
  };
  const source = (id: string) => ctx.sources.get(id) as Source;
  const lang = fm.lang ?? ctx.publication.language;
  return {
    slug,
    url: `${ctx.base}/summaries/${slug}`,
    title: fm.title,
    summary: fm.summary,
    published: iso(fm.published),
    updated: fm.updated === undefined ? null : iso(fm.updated),
    lang,
    dir: directionOf(lang),
    tags: fm.tags,
    based_on: fm.based_on.map(source),
    facts: fm.facts.map((fact) => ({
      id: fact.id,
      text: fact.text,
      figure: fact.figure
        ? {
            value: fact.figure.value,
            unit: fact.figure.unit ?? null,
            period: fact.figure.period === undefined ? null : String(fact.figure.period),
            as_of: fact.figure.as_of === undefined ? null : String(fact.figure.as_of),
            approx: fact.figure.approx ?? false,
          }
        : null,
      sources: fact.sources.map((entry) =>
        typeof entry === "string" ? { ...source(entry), via: [] } : { ...source(entry.id as string), via: entry.via.map(source) },
      ),
      unverified: fact.unverified ? { by: source(fact.unverified.by) } : null,
      // checkFields refused repeated origins, so each entry is one independent origin.
      independent_sources: fact.sources.length,
    })),
    corrections: (fm.corrections ?? []).map((c) => ({ date: iso(c.date), text: c.text })),
    reading_minutes: readingMinutes(body),
    publication: { title: ctx.publication.title, url: `${ctx.base}/`, timezone: ctx.publication.timezone },
    content_html: renderBody(body),
  };
}

function isFields(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Indexes of text items that repeat an earlier one. */
function repeats(items: readonly unknown[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  items.forEach((item, i) => {
    if (typeof item !== "string") return;
    if (seen.has(item)) out.push(i);
    seen.add(item);
  });
  return out;
}

/** A known id with the same letters (a transposition like "nsi" for "nis"). */
function suggest(id: string, known: string[]): string {
  const close = known.find((k) => k.length === id.length && [...k].sort().join() === [...id].sort().join());
  return close ? ` (did you mean "${close}"?)` : "";
}
