/**
 * The documents travel as static assets, one file per summary named by its bytes' hash. The
 * build writes exactly those files (and drops the ones no summary names any more); adding a
 * summary to an archive of 1,000 writes one new file and leaves every other byte for byte
 * (so a deploy uploads one document); and the real worker, built with wrangler and run in
 * workerd with the documents as its assets, serves every summary from them.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSyntheticContent } from "../../bench/archives";
import { buildArchive } from "../../src/content/build";
import { emitArchive, packArchive } from "../../src/content/emit";
import { formatError } from "../../src/content/errors";
import type { Summary } from "../../src/shared/api-schema";
import { type Archive, documentPath } from "../../src/shared/archive";
import { readBack } from "../support/archive-read-back";
import { BODY, buildCase, type Files, summary } from "./fixture";
import { workerProject } from "./worker-build";

const COUNT = 150;
const WORDS = "labour visa quota region factory wage permit border contract report agency office worker count site yard".split(" ");

/** A few thousand characters of words picked by a fixed pseudo-random sequence: documents of a realistic size, each its own. */
function prose(seed: number): string {
  let x = seed * 2654435761;
  const words: string[] = [];
  for (let i = 0; i < 500; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    words.push(`${WORDS[(x >>> 24) % WORDS.length] as string}${(x >>> 8) % 1000}`);
  }
  return `${words.join(" ")}.\n`;
}

const slugOf = (i: number) => `report-${String(i).padStart(3, "0")}`;

let archive: Archive;
let packed: ReturnType<typeof packArchive>;
let out: string;

beforeAll(async () => {
  const files: Files = { "summaries/example.md": null };
  for (let i = 1; i <= COUNT; i++) {
    const day = new Date(Date.UTC(2024, 0, i)).toISOString().slice(0, 10);
    files[`summaries/${slugOf(i)}.md`] = summary({ title: `"Report ${i}"`, published: day }, `${BODY}\n${prose(i)}`);
  }
  const result = await buildCase(files);
  if (!result.ok) throw new Error(`the fixture should build:\n${result.errors.map(formatError).join("\n")}`);
  archive = result.archive;
  packed = packArchive(archive);
  out = await mkdtemp(join(tmpdir(), "keyfacts-documents-"));
  await emitArchive(archive, out);
}, 60_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

/** File name → SHA-256 of every file in `dir`. */
async function hashes(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of await readdir(dir))
    out.set(
      name,
      createHash("sha256")
        .update(await readFile(join(dir, name)))
        .digest("hex"),
    );
  return out;
}

/** The names added, removed or changed between two {@link hashes}. */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name));
}

describe("the documents' files", () => {
  it("hold each summary's document, named by a hash of its bytes, and nothing else", async () => {
    const { meta, bytes, documents } = packed;
    const dir = join(out, "documents");
    expect((await readdir(dir)).sort()).toEqual([...documents.keys()].map((f) => documentPath(f).slice(1)).sort());
    const read = readBack(meta, bytes, (file) => documents.get(file));
    expect(read).toEqual(archive);
    for (const name of await readdir(dir)) {
      const stored = await readFile(join(dir, name));
      expect(name).toBe(`${createHash("sha256").update(stored).digest("hex").slice(0, 16)}.json`);
      expect(stored.equals(documents.get(name.replace(/\.json$/, "")) as Uint8Array)).toBe(true);
    }
  });

  it("are written by the build as build/documents/<hash>.json, and files no summary names any more are removed", async () => {
    const other = await mkdtemp(join(tmpdir(), "keyfacts-documents-"));
    try {
      await emitArchive(archive, other);
      await writeFile(join(other, "documents", "0123456789abcdef.json"), "{}");
      const { [slugOf(1)]: _gone, ...docs } = archive.docs;
      const entries = archive.entries.filter((e) => e.slug !== slugOf(1));
      const by_tag = Object.fromEntries(
        Object.keys(archive.by_tag).map((t) => [t, entries.flatMap((e, i) => (e.tags.includes(t) ? [i] : []))]),
      );
      const smaller = { ...archive, entries, by_tag, docs, version: "0123456789abcdef" };
      await emitArchive(smaller, other);
      expect((await readdir(join(other, "documents"))).sort()).toEqual(
        [...packArchive(smaller).documents.keys()].map((f) => `${f}.json`).sort(),
      );
      expect(await readdir(join(other, "documents"))).toHaveLength(COUNT - 1);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe("a deploy after one summary more", () => {
  it("uploads one new document of 1,001, and one summary edited changes two files: the old one goes, the new one comes", async () => {
    const root = await mkdtemp(join(tmpdir(), "keyfacts-incremental-"));
    try {
      const content = join(root, "content");
      const build = join(root, "build");
      const emit = async () => {
        const result = await buildArchive(content, root);
        if (!result.ok) throw new Error(result.errors.map(formatError).join("\n"));
        await emitArchive(result.archive, build);
        return hashes(join(build, "documents"));
      };
      // 1,001 synthetic summaries, the last one (the oldest) set aside, then added as the newest.
      await writeSyntheticContent(content, 1001);
      const extra = join(content, "summaries", "report-01001.md");
      const aside = join(root, "report-01001.md");
      await rename(extra, aside);
      const before = await emit();
      expect(before.size).toBe(1000);
      await writeFile(extra, (await readFile(aside, "utf8")).replace(/^published: .*$/m, "published: 2026-05-01"));
      const added = await emit();
      expect(added.size).toBe(1001);
      expect(changed(before, added)).toHaveLength(1);

      const edited = join(content, "summaries", "report-00500.md");
      await writeFile(edited, (await readFile(edited, "utf8")).replace(/^title: "/m, 'title: "Corrected: '));
      expect(changed(added, await emit())).toHaveLength(2);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("the worker with many documents", () => {
  it("serves every summary, the list, the feed and the pages, reading each document from its static assets", async () => {
    const archiveJs = await readFile(join(out, "archive.js"), "utf8");
    const p = await workerProject(archiveJs, await readFile(join(out, "docs.bin")), join(out, "documents"));
    try {
      const build = await p.build();
      expect(build.ok, build.output).toBe(true);
      const worker = await p.start();
      if (!worker.ok) expect.fail(worker.output);
      try {
        for (const e of archive.entries) {
          const res = await worker.fetch(`/api/v1/summaries/${e.slug}`);
          expect(res.status, e.slug).toBe(200);
          const got = (await res.json()) as Summary;
          expect(got.slug).toBe(e.slug);
          expect(got.content_html).toContain(prose(Number(e.slug.slice(-3))).trim());
        }
        // The last page of the list reaches the oldest documents.
        const list = await worker.fetch("/api/v1/summaries?limit=100");
        const page = (await list.json()) as { items: { slug: string }[]; next_cursor: string };
        expect(page.items).toHaveLength(100);
        const rest = (await (await worker.fetch(`/api/v1/summaries?limit=100&cursor=${page.next_cursor}`)).json()) as {
          items: { slug: string }[];
        };
        expect([...page.items, ...rest.items].map((i) => i.slug)).toEqual(archive.entries.map((e) => e.slug));
        for (const path of ["/feed.xml", "/", `/summaries/${slugOf(1)}`, "/tags/labour?page=3", `/embed/${slugOf(2)}`]) {
          const res = await worker.fetch(path);
          expect(res.status, path).toBe(200);
          await res.arrayBuffer();
        }
      } finally {
        await worker.stop();
      }
    } finally {
      await p.remove();
    }
  }, 120_000);
});
