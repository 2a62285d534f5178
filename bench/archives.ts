/**
 * Synthetic archives: N summaries (3–5 key facts, ~300 words of varied pseudo-prose, so gzip
 * is not flattered), built by the real content build.
 * @module
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./bundle";
import { prng } from "./stats";

const run = promisify(execFile);
const SOURCES = ["reuters", "afp", "bbc", "rfa", "nis", "rosstat", "unsc", "ilo", "hrw", "yonhap"];
const TAGS = ["north-korea", "russia", "china", "labour-exports", "sanctions", "ukraine-war", "forced-labour", "migration", "logging"];
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const some = <T>(r: () => number, xs: readonly T[], n: number): T[] => [...xs].sort(() => r() - 0.5).slice(0, n);

/** A few thousand pseudo-words, drawn Zipf-like (cubed) as English words are. */
function words(r: () => number): string[] {
  const parts = ["b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "st", "tr", "a", "e", "i", "o", "u", "ai", "ou"];
  const out = new Set(["the", "of", "and", "to", "in", "a", "that", "for", "said", "was", "by"]);
  while (out.size < 4000) out.add(Array.from({ length: 2 + Math.floor(r() * 4) }, () => pick(r, parts)).join(""));
  return [...out];
}

function sentence(r: () => number, vocab: readonly string[]): string {
  const text = Array.from({ length: 10 + Math.floor(r() * 12) }, () => vocab[Math.floor(r() ** 3 * vocab.length)]).join(" ");
  return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
}

function summaryFile(i: number, r: () => number, vocab: readonly string[]): string {
  const day = new Date(Date.UTC(2026, 3, 1) - i * 86_400_000).toISOString().slice(0, 10);
  const basedOn = some(r, SOURCES, 2 + Math.floor(r() * 3));
  const facts = Array.from({ length: 3 + Math.floor(r() * 3) }, (_, f) => {
    const value = 100 + Math.floor(r() * 49_900);
    const figure = f % 2 === 0 ? ["  figure:", `    value: ${value}`, "    unit: people", `    period: "${day.slice(0, 4)}"`] : [];
    const text = `${sentence(r, vocab).slice(0, -1)}, ${value.toLocaleString("en-US")} people in all.`;
    const yaml = [`- id: fact-${f + 1}`, `  text: ${JSON.stringify(text)}`, `  sources: [${some(r, basedOn, 1).join(", ")}]`, ...figure];
    return { text, yaml };
  });
  // Each fact opens a paragraph: a figure must appear in the body.
  const body = facts.map((f) => [f.text, ...Array.from({ length: 3 }, () => sentence(r, vocab))].join(" "));
  return [
    "---",
    `title: ${JSON.stringify(`${sentence(r, vocab).slice(0, 60)}, report ${i + 1}`)}`,
    `summary: ${JSON.stringify(sentence(r, vocab))}`,
    `published: ${day}`,
    `tags: [${some(r, TAGS, 2 + Math.floor(r() * 3)).join(", ")}]`,
    `based_on: [${basedOn.join(", ")}]`,
    "facts:",
    ...facts.flatMap((f) => f.yaml),
    "---",
    "",
    body.join("\n\n"),
    "",
  ].join("\n");
}

/** Writes a content/ tree of `count` summaries under `dir`. */
export async function writeSyntheticContent(dir: string, count: number): Promise<void> {
  const r = prng(42);
  const vocab = words(r);
  await mkdir(join(dir, "summaries"), { recursive: true });
  const publication = 'title: "Keyfacts bench"\ndescription: "A synthetic archive."\nlanguage: en\npublisher: Keyfacts\n';
  await writeFile(join(dir, "publication.yaml"), publication);
  await writeFile(join(dir, "sources.yaml"), SOURCES.map((id) => `${id}:\n  name: ${id.toUpperCase()}\n  kind: outlet\n`).join(""));
  for (let start = 0; start < count; start += 256) {
    const batch = Array.from({ length: Math.min(256, count - start) }, (_, k) => start + k);
    const name = (i: number) => join(dir, "summaries", `report-${String(i + 1).padStart(5, "0")}.md`);
    await Promise.all(batch.map((i) => writeFile(name(i), summaryFile(i, r, vocab))));
  }
}

/** Runs the real content build on `contentDir` into `outDir`. */
export async function buildContent(contentDir: string, outDir: string): Promise<void> {
  const args = ["--import", "tsx", "scripts/build-content.ts", "--content", contentDir, "--out", outDir];
  await run(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
}
