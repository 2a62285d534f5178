/**
 * Every error at once, and nothing written on failure: the command line an editor runs,
 * and the guarantee that a broken save leaves the last good build in place.
 */
import { execFile } from "node:child_process";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BODY, contentDir, errorsFor, errorsOf, FRONT, summaryText, tempDir, withLine } from "./support/content-dir";

const F = "content/summaries/example.md";

/** What a good build writes to its output folder. */
const BUILT = ["archive.d.ts", "archive.js", "docs.bin", "documents", "openapi.d.ts", "openapi.js"];

/** Every file under `dir` (the documents), by path, with its bytes. */
async function readDocuments(dir: string): Promise<Record<string, Buffer>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
  return Object.fromEntries(
    await Promise.all(files.map(async (f) => [join(f.parentPath, f.name), await readFile(join(f.parentPath, f.name))])),
  );
}
const TSX = resolve("node_modules/tsx/dist/cli.mjs");
const SCRIPT = resolve("scripts/build-content.ts");

/** Runs `scripts/build-content.ts` in `cwd` as an editor would; never throws on exit codes. */
async function cli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [TSX, SCRIPT, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** One summary with three different mistakes: a schema error, a bad date and an unknown source. */
const THREE_MISTAKES = summaryText(
  withLine(
    "title:",
    `title: "${"t".repeat(141)}"`,
    withLine("published:", "published: 2024-02-30", withLine("based_on:", "based_on: [nsi]")),
  ),
);

describe("every error at once", () => {
  it("reports all three mistakes in one file, in line order", async () => {
    expect(await errorsFor(THREE_MISTAKES)).toEqual([
      `${F}:2:8 title: is too long: 141 characters, at most 140`,
      `${F}:4:12 published: "2024-02-30" is not a real calendar date`,
      `${F}:6:12 based_on[0]: unknown source "nsi"`,
    ]);
  });

  it("lists the errors of several files, file by file", async () => {
    const dir = await contentDir();
    await dir.write("summaries/example.md", THREE_MISTAKES);
    await dir.write("summaries/another.md", summaryText(withLine("tags:", "tags: [Bad_Tag]")));
    await dir.write("publication.yaml", "title: T\ndescription: D\nlanguage: english!\npublisher: P\n");
    expect(await errorsOf(dir)).toEqual([
      `content/publication.yaml:3:11 language: "english!" is not a BCP 47 language tag (like "en" or "ar-EG")`,
      `content/summaries/another.md:5:8 tags[0]: "Bad_Tag" must be lowercase kebab-case (like "north-korea")`,
      `${F}:2:8 title: is too long: 141 characters, at most 140`,
      `${F}:4:12 published: "2024-02-30" is not a real calendar date`,
      `${F}:6:12 based_on[0]: unknown source "nsi"`,
    ]);
  });

  it("reports a file whose YAML is broken alongside the other files' errors", async () => {
    const dir = await contentDir();
    await dir.write("summaries/broken.md", summaryText(withLine("title:", "title: [unclosed")));
    await dir.write("summaries/example.md", summaryText(withLine("based_on:", "based_on: [nsi]")));
    const errors = await errorsOf(dir);
    expect(errors.some((e) => e.startsWith("content/summaries/broken.md:"))).toBe(true);
    expect(errors).toContain(`${F}:6:12 based_on[0]: unknown source "nsi"`);
  });
});

describe("missing files", () => {
  it("names a missing publication.yaml and sources.yaml, and still checks the summaries", async () => {
    const dir = await contentDir();
    await rm(join(dir.content, "publication.yaml"));
    await rm(join(dir.content, "sources.yaml"));
    await dir.write("summaries/example.md", THREE_MISTAKES);
    expect(await errorsOf(dir)).toEqual([
      "content/publication.yaml:1:1 (file): is missing or unreadable",
      "content/sources.yaml:1:1 (file): is missing or unreadable",
      `${F}:2:8 title: is too long: 141 characters, at most 140`,
      `${F}:4:12 published: "2024-02-30" is not a real calendar date`,
    ]);
  });

  it("names a summaries folder with no summary in it", async () => {
    const dir = await contentDir();
    await rm(join(dir.content, "summaries/example.md"));
    expect(await errorsOf(dir)).toEqual(["content/summaries:1:1 (folder): holds no summaries (*.md)"]);
  });
});

describe("the build command", { timeout: 30_000 }, () => {
  it("writes build/archive.js and says so when the content is valid", async () => {
    const dir = await contentDir();
    const run = await cli(dir.root, "--content", "content", "--out", "out");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/✓ content: 1 summary → out\/archive\.js/);
    expect((await readdir(join(dir.root, "out"))).sort()).toEqual(BUILT);
  });

  it("exits non-zero, prints every error line, and writes nothing when the content is broken", async () => {
    const dir = await contentDir();
    await dir.write("summaries/example.md", THREE_MISTAKES);
    const run = await cli(dir.root, "--content", "content", "--out", "out");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      [
        `${F}:2:8 title: is too long: 141 characters, at most 140`,
        `${F}:4:12 published: "2024-02-30" is not a real calendar date`,
        `${F}:6:12 based_on[0]: unknown source "nsi"`,
      ].join("\n"),
    );
    expect(run.stderr).toContain("3 errors; nothing was written");
    expect(run.stdout).toBe("");
    await expect(readdir(join(dir.root, "out"))).rejects.toThrow(/ENOENT/);
  });

  it("leaves the last good archive byte for byte unchanged when a later build fails", async () => {
    const dir = await contentDir();
    expect((await cli(dir.root, "--content", "content", "--out", "out")).code).toBe(0);
    const good = await readFile(join(dir.root, "out/archive.js"));
    const goodDocs = await readFile(join(dir.root, "out/docs.bin"));
    const goodDocuments = await readDocuments(join(dir.root, "out/documents"));
    const goodOpenApi = await readFile(join(dir.root, "out/openapi.js"));

    // An editor saves a summary with a bad date on line 4 and an unknown source.
    await dir.write(
      "summaries/example.md",
      summaryText(withLine("published:", "published: 2024-02-30", withLine("based_on:", "based_on: [nsi]"))),
    );
    const broken = await cli(dir.root, "--content", "content", "--out", "out");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`${F}:4:12 published: "2024-02-30" is not a real calendar date`);
    expect(broken.stderr).toContain(`${F}:6:12 based_on[0]: unknown source "nsi"`);

    expect((await readFile(join(dir.root, "out/archive.js"))).equals(good)).toBe(true);
    expect((await readFile(join(dir.root, "out/docs.bin"))).equals(goodDocs)).toBe(true);
    expect(await readDocuments(join(dir.root, "out/documents"))).toEqual(goodDocuments);
    expect((await readFile(join(dir.root, "out/openapi.js"))).equals(goodOpenApi)).toBe(true);
    expect((await readdir(join(dir.root, "out"))).sort()).toEqual(BUILT);
  });

  it("fails a copy of the real content/ with a broken summary, naming the file and lines, and keeps the last good build", async () => {
    const root = await tempDir("keyfacts-real-");
    await cp("content", join(root, "content"), { recursive: true });
    expect((await cli(root, "--out", "out")).code).toBe(0);
    const good = await readFile(join(root, "out/archive.js"));

    const file = "content/summaries/north-korean-workers-siberia-far-east.md";
    const text = await readFile(join(root, file), "utf8");
    await writeFile(
      join(root, file),
      text.replace("published: 2026-11-20", "published: 2026-02-30").replace("based_on: [saednews, bbc]", "based_on: [saednews, cbb]"),
    );
    const broken = await cli(root, "--out", "out");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(
      `${file}:4:12 published: "2026-02-30" is not a real calendar date\n${file}:6:22 based_on[1]: unknown source "cbb" (did you mean "bbc"?)\n`,
    );
    expect((await readFile(join(root, "out/archive.js"))).equals(good)).toBe(true);
  });

  it("changes the archive's version when the content changes, and only then", async () => {
    const dir = await contentDir();
    await cli(dir.root, "--content", "content", "--out", "out");
    const first = await readFile(join(dir.root, "out/archive.js"), "utf8");
    await cli(dir.root, "--content", "content", "--out", "out");
    expect(await readFile(join(dir.root, "out/archive.js"), "utf8")).toBe(first);
    await dir.write("summaries/example.md", summaryText(FRONT, `${BODY}One more line.\n`));
    await cli(dir.root, "--content", "content", "--out", "out");
    // archive.js holds the index as a JSON string literal, so its quotes are escaped.
    const version = (text: string) => /\\"version\\":\\"(\w+)\\"/.exec(text)?.[1];
    expect(version(first)).toMatch(/^[0-9a-f]{16}$/);
    expect(version(await readFile(join(dir.root, "out/archive.js"), "utf8"))).not.toBe(version(first));
  });
});
