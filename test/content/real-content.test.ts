/** The two real summaries in content/ build, with the slugs, facts and figures readers get. */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildArchive } from "../../src/content/build";
import { formatError } from "../../src/content/errors";
import { splitFrontMatter } from "../../src/content/front-matter";
import type { Summary } from "../../src/shared/api-schema";

const result = await buildArchive("content");
const summaries: Summary[] = result.ok ? Object.values(result.archive.docs).map((d) => JSON.parse(d) as Summary) : [];

describe("the real content/", () => {
  it("builds without a single error", () => {
    expect(result.ok ? [] : result.errors.map(formatError)).toEqual([]);
  });

  it("holds the two summaries, newest first, with slugs taken from their file names", () => {
    expect(result.ok && result.archive.entries.map((e) => e.slug)).toEqual([
      "north-korean-labourers-russia-2024",
      "north-korean-workers-siberia-far-east",
    ]);
  });

  it("keeps each summary's fact ids as written, in order", () => {
    const ids = Object.fromEntries(summaries.map((s) => [s.slug, s.facts.map((f) => f.id)]));
    expect(ids["north-korean-labourers-russia-2024"]).toEqual([
      "thousands-sent-2024",
      "entries-2023",
      "study-purposes",
      "troops-kursk",
      "un-deadline-2019",
      "claims-unverified",
    ]);
    expect(ids["north-korean-workers-siberia-far-east"]).toEqual([
      "hundreds-moved-to-russia",
      "siberia-far-east",
      "wages-taken-by-state",
      "passports-and-guards",
      "tourist-business-visas",
      "un-ban-2017",
      "call-for-investigation",
    ]);
  });

  it("gives each summary 4 to 8 key facts, every one with at least one source", () => {
    for (const s of summaries) {
      expect(s.facts.length, s.slug).toBeGreaterThanOrEqual(4);
      expect(s.facts.length, s.slug).toBeLessThanOrEqual(8);
      for (const f of s.facts) expect(f.sources.length, `${s.slug} ${f.id}`).toBeGreaterThan(0);
    }
  });

  it("writes every figure's value in the summary's body, as the body writes it", async () => {
    const figures = summaries.flatMap((s) => s.facts.filter((f) => f.figure).map((f) => ({ slug: s.slug, value: f.figure?.value ?? 0 })));
    expect(figures.length).toBeGreaterThan(0);
    for (const { slug, value } of figures) {
      const text = await readFile(`content/summaries/${slug}.md`, "utf8");
      const body = splitFrontMatter({ file: slug, text }, [])?.body ?? "";
      expect(body, `${slug}: ${value}`).toContain(value.toLocaleString("en-GB"));
    }
  });

  it("shares tags across both summaries so a reader can follow the story", () => {
    expect(result.ok && result.archive.tags.filter((t) => t.count === 2).map((t) => t.tag)).toEqual(
      expect.arrayContaining(["north-korea", "russia", "labour-exports", "sanctions"]),
    );
  });
});
