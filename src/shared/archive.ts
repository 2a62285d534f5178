/**
 * The shape of the content artefacts (`build/archive.js` and `build/docs.bin`) that
 * `scripts/build-content.ts` emits and the worker imports. The data is generated, never
 * hand-written.
 * @module
 */
import type { Source, TagCount } from "./api-schema";

/**
 * Absolute URLs in the archive start with this origin when the publication sets no
 * `base_url`; the worker swaps in the request's origin when it serves them.
 */
export const ORIGIN_PLACEHOLDER = "https://keyfacts.invalid";

export interface Publication {
  title: string;
  description: string;
  /** BCP 47 */
  language: string;
  /** Canonical origin (no trailing slash), or null to use the request's origin. */
  base_url: string | null;
  publisher: string;
}

/** What the worker needs of a summary without parsing its document. */
export interface Entry {
  slug: string;
  title: string;
  /** RFC 3339 */
  published: string;
  /** RFC 3339: updated, or published when never updated */
  modified: string;
  tags: string[];
}

export interface Archive {
  /** Hash of every input and of the build's code version: changes whenever any output may. */
  version: string;
  publication: Publication;
  sources: Record<string, Source>;
  /** Newest first (published, then slug). */
  entries: Entry[];
  /** Tag → indexes into `entries`, newest first. */
  by_tag: Record<string, number[]>;
  /** Sorted by tag. */
  tags: TagCount[];
  /**
   * Slug → JSON text of the full API `Summary` (with `content_html`), URLs under
   * `publication.base_url` or {@link ORIGIN_PLACEHOLDER}. Parsed lazily, so that start-up
   * cost does not grow with the archive.
   */
  docs: Record<string, string>;
}

/**
 * What `build/archive.js` exports: the archive with each document replaced by where its
 * UTF-8 JSON lies in `build/docs.bin` (a Data module, which workerd hands over as bytes
 * without parsing it as JavaScript). Start-up then parses the index only, as `JSON.parse`.
 */
export interface PackedArchive extends Omit<Archive, "docs"> {
  /** Slug → `[offset, length]` in bytes, into `build/docs.bin`. */
  docs: Record<string, [number, number]>;
}

/**
 * The first line of `build/docs.bin` for an archive of `version`: the worker refuses a
 * `docs.bin` and an `archive.js` from two different builds.
 */
export function docsHeader(version: string): string {
  return `keyfacts-docs ${version}\n`;
}
