/**
 * The documents travel as shards among the worker's static assets. In an archive large enough
 * for several shards, each document lies whole in one shard, newest first, the build writes
 * exactly those shards (and drops an older build's), and the real worker, built with
 * wrangler and run in workerd with the shards as its assets, serves every summary from them.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitArchive, packArchive, readDocuments, shardBytes } from "../../src/content/emit";
import { formatError } from "../../src/content/errors";
import type { Summary } from "../../src/shared/api-schema";
import { type Archive, SHARD_BYTES, shardOf } from "../../src/shared/archive";
import { documentAt, spanIn } from "../../src/worker/lib/documents";
import { BODY, buildCase, type Files, summary } from "./fixture";
import { workerProject } from "./worker-build";

const COUNT = 150;
const WORDS = "labour visa quota region factory wage permit border contract report agency office worker count site yard".split(" ");

/** A few thousand characters of words picked by a fixed pseudo-random sequence: text deflate cannot shrink to nothing. */
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
  out = await mkdtemp(join(tmpdir(), "keyfacts-shards-"));
  await emitArchive(archive, out);
}, 60_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

describe("the documents' shards", () => {
  it("hold every document whole, in one shard each, cut at about SHARD_BYTES", () => {
    const { meta, documents, index } = packed;
    const shards = meta.shards.length - 1;
    expect(shards).toBeGreaterThanOrEqual(3);
    const largest = Math.max(...Object.values(index.docs).map(([, length]) => length));
    for (let k = 0; k < shards; k++) {
      const size = (meta.shards[k + 1] as number) - (meta.shards[k] as number);
      // Cut after the document that reaches the size: never smaller (but the last), never a document more.
      if (k < shards - 1) expect(size).toBeGreaterThanOrEqual(SHARD_BYTES);
      expect(size).toBeLessThan(SHARD_BYTES + largest);
    }
    const dictionary = spanIn(packed.bytes, meta.dictionary);
    for (const e of archive.entries) {
      const [offset, length] = index.docs[e.slug] as [number, number];
      const k = shardOf(meta.shards, offset);
      expect(offset + length).toBeLessThanOrEqual(meta.shards[k + 1] as number);
      // Read as the worker reads it: the one shard, at the offset within it.
      const within: [number, number] = [offset - (meta.shards[k] as number), length];
      const json = new TextDecoder().decode(documentAt(shardBytes(documents, meta.shards, k), within, dictionary));
      expect(json).toBe(archive.docs[e.slug]);
    }
  });

  it("put the newest summaries first, so the home page and the feeds read the first shard only", () => {
    const { meta, index } = packed;
    const firstShard = archive.entries.filter((e) => shardOf(meta.shards, (index.docs[e.slug] as [number, number])[0]) === 0);
    expect(firstShard.length).toBeGreaterThanOrEqual(20);
    expect(firstShard).toEqual(archive.entries.slice(0, firstShard.length));
    expect(archive.entries[0]?.slug).toBe(slugOf(COUNT));
  });

  it("are written by the build as build/documents/<version>/<k>.bin, and an older build's are removed", async () => {
    const { meta, documents } = packed;
    expect(await readdir(join(out, "documents"))).toEqual([meta.version]);
    expect((await readdir(join(out, "documents", meta.version))).sort()).toEqual(
      Array.from({ length: meta.shards.length - 1 }, (_, k) => `${k}.bin`).sort(),
    );
    expect(Buffer.from(readDocuments(out, meta)).equals(Buffer.from(documents))).toBe(true);

    const other = await mkdtemp(join(tmpdir(), "keyfacts-shards-"));
    try {
      await emitArchive(archive, other);
      const next = { ...archive, version: "0123456789abcdef" };
      await emitArchive(next, other);
      expect(await readdir(join(other, "documents"))).toEqual(["0123456789abcdef"]);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});

describe("the worker with many shards", () => {
  it("serves every summary, the list, the feed and the pages, reading each shard from its static assets", async () => {
    const archiveJs = await readFile(join(out, "archive.js"), "utf8");
    const p = await workerProject(archiveJs, await readFile(join(out, "docs.bin")), join(out, "documents"));
    try {
      const build = await p.build();
      expect(build.ok, build.output).toBe(true);
      const worker = await p.start();
      if (!worker.ok) expect.fail(worker.output);
      try {
        expect(packed.meta.shards.length - 1).toBeGreaterThanOrEqual(3);
        for (const e of archive.entries) {
          const res = await worker.fetch(`/api/v1/summaries/${e.slug}`);
          expect(res.status, e.slug).toBe(200);
          const got = (await res.json()) as Summary;
          expect(got.slug).toBe(e.slug);
          expect(got.content_html).toContain(prose(Number(e.slug.slice(-3))).trim());
        }
        // The last page of the list reaches into the oldest shard.
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
