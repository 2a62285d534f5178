/** `publication.yaml` and `sources.yaml`: read, checked, and turned into what summaries refer to. */
import type { Source } from "../shared/api-schema";
import type { Publication } from "../shared/archive";
import { DEFAULT_TIME_ZONE, isTimeZone } from "../shared/format";
import { KEBAB, MAX_ID } from "../shared/limits";
import type { ContentError } from "./errors";
import type { ContentFile } from "./files";
import { type PublicationInput, PublicationSchema, type SourceEntry, SourcesFileSchema } from "./schema";
import { checkSchema } from "./validate";
import { parseStrictYaml } from "./yaml";

/** The publication, or undefined when it has any error (they are pushed to `errors`). */
export function readPublication(f: ContentFile, errors: ContentError[]): Publication | undefined {
  const before = errors.length;
  const parsed = parseStrictYaml(f.text, f.file, 1, errors);
  if (parsed.data === undefined || !checkSchema(PublicationSchema, parsed, f.file, errors)) return undefined;
  const p = parsed.data as PublicationInput;
  let base_url: string | null = null;
  if (p.base_url !== undefined) {
    const url = httpsUrl(p.base_url);
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
  const timezone = p.timezone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timezone)) {
    errors.push({
      file: f.file,
      ...parsed.locate(["timezone"]),
      field: "timezone",
      message: `"${timezone}" is not an IANA time zone name like Europe/Berlin or UTC`,
    });
  }
  if (errors.length > before) return undefined;
  const fediverse_handle = p.fediverse_handle ?? handleFrom(p.title);
  return { title: p.title, description: p.description, language: p.language, base_url, publisher: p.publisher, timezone, fediverse_handle };
}

/**
 * The default Fediverse handle: the title's first part (before a colon or dash), lower-cased,
 * letters and digits only, as Mastodon's usernames are ("Keyfacts: North Korean…" → keyfacts).
 */
export function handleFrom(title: string): string {
  const first = title.split(/[:\u2013\u2014|]/)[0] ?? "";
  const handle = first
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 30)
    .replace(/_+$/, "");
  return /^[a-z0-9]/.test(handle) ? handle : "news";
}

/** An `https:` URL without credentials, or undefined. */
export function httpsUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "https:" && !url.username && !url.password ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The registry: sources by id, and the country of each (ISO 3166, absent when it names none). */
export interface Registry {
  sources: Map<string, Source>;
  countries: Map<string, string>;
  ok: boolean;
}

/**
 * The registry of sources by id. Even when an entry is wrong, the ids are returned (with
 * `ok: false`), so that summaries are still checked against them and every error is listed.
 */
export function readSources(f: ContentFile, errors: ContentError[]): Registry | undefined {
  const before = errors.length;
  const parsed = parseStrictYaml(f.text, f.file, 1, errors);
  const data = parsed.data;
  if (data === undefined) return undefined;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    checkSchema(SourcesFileSchema, parsed, f.file, errors);
    return undefined;
  }
  checkSchema(SourcesFileSchema, parsed, f.file, errors);
  const sources = new Map<string, Source>();
  const countries = new Map<string, string>();
  for (const [id, entry] of Object.entries(data as Record<string, SourceEntry>)) {
    if (!KEBAB.test(id) || id.length > MAX_ID) {
      errors.push({ file: f.file, ...parsed.locateKey([id]), field: id, message: `source id "${id}" must be lowercase kebab-case` });
    }
    const url = entry && typeof entry === "object" ? (entry as { url?: unknown }).url : undefined;
    if (typeof url === "string" && !httpsUrl(url)) {
      errors.push({ file: f.file, ...parsed.locate([id, "url"]), field: `${id}.url`, message: `"${url}" must be an https: URL` });
    }
    sources.set(id, { id, name: entry?.name, kind: entry?.kind, url: typeof url === "string" ? url : null });
    if (typeof entry?.country === "string") countries.set(id, entry.country);
  }
  return { sources, countries, ok: errors.length === before };
}
