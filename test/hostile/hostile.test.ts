/**
 * The hostile content archive run through the real content build: every rejected case names
 * its error; every accepted one keeps its text and yields an intact archive, API JSON of the
 * right shape, inert HTML and well-formed RSS, Atom and JSON Feed.
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { packArchive } from "../../src/content/emit";
import { formatError } from "../../src/content/errors";
import { readBack } from "../support/archive-read-back";
import { cases } from "./cases";
import { buildCase } from "./fixture";
import { feedProblems, jsonProblems, stringsOf, summariesOf } from "./inert";
import { readmeTable } from "./table";

describe("the hostile archive", () => {
  it("holds at least 60 cases with unique names, each listed in the README table", async () => {
    const names = cases.map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(new Set(names).size).toBe(names.length);
    const readme = await readFile(new URL("README.md", import.meta.url), "utf8");
    expect(readme).toContain(readmeTable());
  });
});

describe("rejected hostile content", () => {
  for (const c of cases) {
    if (!("reject" in c.expect)) continue;
    const r = c.expect.reject;
    it(`${c.name}: fails the build naming ${r.file}:${r.line} ${r.field}`, async () => {
      const result = await buildCase(c.files);
      const lines = result.ok ? [] : result.errors.map(formatError);
      expect(result.ok).toBe(false);
      const named = lines.find((l) => l.startsWith(`${r.file}:${r.line}:`) && l.includes(` ${r.field}: `) && l.includes(r.message));
      expect(named, `expected "${r.file}:${r.line}:… ${r.field}: …${r.message}…" among:\n${lines.join("\n")}`).toBeDefined();
    });
  }
});

describe("accepted hostile content", () => {
  for (const c of cases) {
    if (!("accept" in c.expect)) continue;
    const { keeps } = c.expect.accept;
    it(`${c.name}: builds, keeps its text and stays inert in the API JSON and the feeds`, async () => {
      const result = await buildCase(c.files);
      if (!result.ok) expect.fail(`expected a build, got:\n${result.errors.map(formatError).join("\n")}`);
      const { archive } = result;
      const packed = packArchive(archive);
      // Read back as the worker reads it, hostile slugs and tags included: the full check.
      expect(readBack(packed.meta, packed.bytes, (file) => packed.documents.get(file))).toEqual(archive);
      const texts = new Set(stringsOf([archive.publication, summariesOf(archive)]));
      for (const keep of keeps) expect(texts.has(keep), `"${keep}" should come through unchanged`).toBe(true);
      expect(jsonProblems(archive)).toEqual([]);
      expect(feedProblems(archive)).toEqual([]);
    });
  }
});
