/**
 * A broken content artefact never becomes half an archive being served: a truncated
 * `build/archive.js` fails the worker build, and one that parses but is inconsistent stops
 * workerd at start-up with the integrity error.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitArchive } from "../../src/content/emit";
import type { Archive } from "../../src/shared/archive";
import { buildCase } from "./fixture";
import { type WorkerProject, workerProject } from "./worker-build";

let archiveJs: string;
let docsBin: Uint8Array;
let archive: Archive;
const projects: WorkerProject[] = [];

beforeAll(async () => {
  const result = await buildCase({});
  if (!result.ok) throw new Error("the fixture should build");
  archive = result.archive;
  const out = await mkdtemp(join(tmpdir(), "keyfacts-archive-"));
  archiveJs = await readFile(await emitArchive(archive, out), "utf8");
  docsBin = await readFile(join(out, "docs.bin"));
  await rm(out, { recursive: true, force: true });
});

afterAll(async () => {
  await Promise.all(projects.map((p) => p.remove()));
});

async function project(js: string): Promise<WorkerProject> {
  const p = await workerProject(js, docsBin);
  projects.push(p);
  return p;
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

  it("refuses to start, naming the problem, when the file parses but a document is missing", async () => {
    const { docs, ...rest } = archive;
    const p = await project(`export default ${JSON.stringify({ ...rest, docs: {} })};\n`);
    const build = await p.build();
    expect(build.ok, build.output).toBe(true);
    const worker = await p.start();
    if (worker.ok) {
      await worker.stop();
      expect.fail("workerd started a worker whose archive has no documents");
    }
    expect(worker.output).toContain("build/archive.js is broken");
    expect(worker.output).toContain('"example" has no document');
    expect(Object.keys(docs)).toEqual(["example"]);
  }, 120_000);
});
