/**
 * A broken content artefact never becomes half an archive being served: a truncated
 * `build/archive.js` fails the worker build, and one that parses but disagrees with
 * `build/docs.bin` (or a `docs.bin` from another build) stops workerd at start-up with the
 * integrity error. A document missing from the static assets or cut short is found when it
 * is first read: that request fails with a 500 problem, the log names the file, and what
 * needs no document still answers.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitArchive, packArchive } from "../../src/content/emit";
import { type Archive, type ArchiveMeta, documentPath } from "../../src/shared/archive";
import { buildCase } from "./fixture";
import { type WorkerProject, workerProject } from "./worker-build";

let archiveJs: string;
let docsBin: Uint8Array;
let archive: Archive;
let meta: ArchiveMeta;
/** Where the fixture's archive was emitted: its `documents` folder holds the documents. */
let out: string;
const projects: WorkerProject[] = [];

beforeAll(async () => {
  const result = await buildCase({});
  if (!result.ok) throw new Error("the fixture should build");
  archive = result.archive;
  out = await mkdtemp(join(tmpdir(), "keyfacts-archive-"));
  archiveJs = await readFile(await emitArchive(archive, out), "utf8");
  docsBin = await readFile(join(out, "docs.bin"));
  meta = JSON.parse(JSON.parse(archiveJs.slice(archiveJs.indexOf("JSON.parse(") + 11, archiveJs.lastIndexOf(")")))) as ArchiveMeta;
});

afterAll(async () => {
  await Promise.all(projects.map((p) => p.remove()));
  await rm(out, { recursive: true, force: true });
});

async function project(js: string, docs = docsBin, documents = join(out, "documents")): Promise<WorkerProject> {
  const p = await workerProject(js, docs, documents);
  projects.push(p);
  return p;
}

/** Builds `p` (which must succeed) and starts it (which must fail): workerd's output. */
async function refusal(p: WorkerProject): Promise<string> {
  const build = await p.build();
  expect(build.ok, build.output).toBe(true);
  const worker = await p.start();
  if (worker.ok) {
    await worker.stop();
    expect.fail("workerd started a worker whose content artefacts do not match");
  }
  return worker.output;
}

describe("the worker with a broken content artefact", () => {
  it("builds and serves a whole archive (the control)", async () => {
    const p = await project(archiveJs);
    const build = await p.build();
    expect(build.ok, build.output).toBe(true);
    const worker = await p.start();
    if (!worker.ok) expect.fail(worker.output);
    try {
      const res = await worker.fetch("/api/v1/summaries");
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: { slug: string }[] }).items.map((i) => i.slug)).toEqual(["example"]);
    } finally {
      await worker.stop();
    }
  }, 120_000);

  it("fails the build, naming build/archive.js, when the file is truncated", async () => {
    const p = await project(archiveJs.slice(0, Math.floor(archiveJs.length / 2)));
    const build = await p.build();
    expect(build.ok).toBe(false);
    expect(build.output).toContain("Build failed");
    expect(build.output).toContain("build/archive.js");
  }, 120_000);

  it("refuses to start, naming the problem, when the file parses but its tables overrun docs.bin", async () => {
    const output = await refusal(await project(`export default ${JSON.stringify({ ...meta, count: meta.count + 1000 })};\n`));
    expect(output).toContain("build/archive.js is broken");
    expect(output).toContain("the entry table overruns build/docs.bin");
  }, 120_000);

  it("refuses to start, naming the problem, when docs.bin is from another build", async () => {
    const other = packArchive({ ...archive, version: "0123456789abcdef" }).bytes;
    const output = await refusal(await project(archiveJs, other));
    expect(output).toContain("build/archive.js is broken");
    expect(output).toContain(`build/docs.bin is not the index of version ${archive.version}`);
  }, 120_000);

  it.each([
    [
      "missing from the static assets",
      async (file: string) => {
        await rm(file);
      },
      "is not among the worker's static assets (404)",
    ],
    [
      "cut short",
      async (file: string) => {
        await writeFile(file, (await readFile(file)).subarray(0, 10));
      },
      "has 10 bytes where build/archive.js expects",
    ],
  ])(
    "starts, but answers a summary with a 500 problem naming the file, when its document is %s",
    async (_what, breakDocument, message) => {
      const copy = await mkdtemp(join(tmpdir(), "keyfacts-documents-"));
      await cp(join(out, "documents"), copy, { recursive: true });
      const [file] = packArchive(archive).documents.keys();
      const path = documentPath(file as string);
      await breakDocument(join(copy, path));
      const p = await project(archiveJs, docsBin, copy);
      const build = await p.build();
      expect(build.ok, build.output).toBe(true);
      const worker = await p.start();
      if (!worker.ok) expect.fail(worker.output);
      try {
        // The index is whole: what needs no document still answers.
        expect((await worker.fetch("/api/v1/tags")).status).toBe(200);
        const res = await worker.fetch("/api/v1/summaries/example");
        expect(res.status).toBe(500);
        expect(res.headers.get("Content-Type")).toContain("application/problem+json");
        await res.arrayBuffer();
        expect(await worker.output()).toContain(`build/documents${path} ${message}`);
      } finally {
        await worker.stop();
        await rm(copy, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
