/**
 * Synthetic archives: a content/ tree of N realistic summaries (about 4 key facts, about 300
 * words of body with the facts' figures in it, varied tags and sources) written to a temp
 * folder, never to content/, then built by the real content build command.
 * @module
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { ROOT } from "./bundle";
import { prng } from "./stats";

const run = promisify(execFile);

const SOURCES: Record<string, { name: string; kind: string; country?: string; url?: string }> = {
  reuters: { name: "Reuters", kind: "news-agency", country: "GB", url: "https://www.reuters.com" },
  afp: { name: "Agence France-Presse", kind: "news-agency", country: "FR", url: "https://www.afp.com" },
  bbc: { name: "BBC", kind: "broadcaster", country: "GB", url: "https://www.bbc.co.uk" },
  rfa: { name: "Radio Free Asia", kind: "broadcaster", country: "US" },
  nis: { name: "National Intelligence Service (South Korea)", kind: "intelligence-agency", country: "KR" },
  rosstat: { name: "Russia's federal statistics service", kind: "statistics-agency", country: "RU" },
  kostat: { name: "Statistics Korea", kind: "statistics-agency", country: "KR" },
  unsc: { name: "UN Security Council", kind: "intergovernmental" },
  ilo: { name: "International Labour Organization", kind: "intergovernmental", url: "https://www.ilo.org" },
  hrw: { name: "Human Rights Watch", kind: "ngo", url: "https://www.hrw.org" },
  amnesty: { name: "Amnesty International", kind: "ngo" },
  unification: { name: "Ministry of Unification (South Korea)", kind: "government", country: "KR" },
  "38north": { name: "38 North", kind: "academic", country: "US" },
  yonhap: { name: "Yonhap", kind: "news-agency", country: "KR" },
};
const SOURCE_IDS = Object.keys(SOURCES);

const TAGS = [
  "north-korea",
  "russia",
  "china",
  "labour-exports",
  "sanctions",
  "ukraine-war",
  "forced-labour",
  "migration",
  "construction",
  "logging",
  "fisheries",
  "remittances",
  "cyber-theft",
  "shipping",
  "oil-imports",
  "coal-exports",
  "diplomacy",
  "human-rights",
  "defectors",
  "food-security",
  "trade",
  "border",
  "military",
  "missiles",
  "nuclear",
  "elections",
  "economy",
  "energy",
  "climate",
  "health",
  "education",
  "technology",
];
const PLACES = ["Vladivostok", "Khabarovsk", "Moscow", "Kursk", "Dandong", "Shenyang", "Pyongyang", "Seoul", "Sakhalin", "Irkutsk"];
const ACTORS = ["officials", "analysts", "former workers", "diplomats", "researchers", "witnesses", "investigators", "lawmakers"];
const NOUNS = ["workers", "labourers", "shipments", "contracts", "permits", "visas", "transfers", "crossings", "payments", "projects"];
const VERBS = ["reported", "estimated", "confirmed", "disputed", "described", "documented", "recorded", "questioned"];
/**
 * Prose from a Zipf-like draw over a few thousand pseudo-words: repeated template text
 * would gzip far better than real reporting and flatter the bundle-size figures.
 */
function vocabulary(r: () => number, size: number): string[] {
  const onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "ch", "st", "tr", "pl", "sh"];
  const vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"];
  const codas = ["", "", "n", "r", "s", "t", "l", "nd", "st", "ng"];
  const words = new Set<string>(["the", "of", "and", "to", "in", "a", "that", "for", "on", "with", "said", "was", "by", "from"]);
  while (words.size < size) {
    const syllables = 1 + (r() < 0.4 ? 1 : 0) + (r() < 0.1 ? 1 : 0);
    let w = "";
    for (let k = 0; k < syllables; k++) w += pick(r, onsets) + pick(r, vowels) + pick(r, codas);
    words.add(w);
  }
  return [...words];
}

function sentence(r: () => number, words: readonly string[]): string {
  const n = 10 + Math.floor(r() * 12);
  const out: string[] = [];
  // Cubing the draw skews it towards common words, roughly as in English text.
  for (let k = 0; k < n; k++) out.push(words[Math.floor(r() ** 3 * words.length)] as string);
  const text = out.join(" ");
  return `${text[0]?.toUpperCase()}${text.slice(1)}${r() < 0.3 ? `, ${Math.floor(r() * 900) + 10} of them` : ""}.`;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const pickSome = <T>(r: () => number, xs: readonly T[], n: number): T[] => {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0] as T);
  return out;
};
const yamlString = (s: string) => JSON.stringify(s);

/** One summary file: front matter and a Markdown body of about 300 words. */
function summaryFile(i: number, r: () => number, words: readonly string[]): string {
  const place = pick(r, PLACES);
  const noun = pick(r, NOUNS);
  const tags = pickSome(r, TAGS, 2 + Math.floor(r() * 4));
  const basedOn = pickSome(r, SOURCE_IDS, 2 + Math.floor(r() * 3));
  // Newest is summary 0; one a day going back keeps dates real and distinct.
  const day = new Date(Date.UTC(2026, 3, 1) - i * 86_400_000).toISOString().slice(0, 10);
  const facts = Array.from({ length: 3 + Math.floor(r() * 3) }, (_, f) => {
    const value = 100 + Math.floor(r() * 49_900);
    const withFigure = f % 2 === 0;
    const actor = pick(r, ACTORS);
    const srcs = pickSome(r, basedOn, 1 + Math.floor(r() * 2));
    const text = withFigure
      ? `${actor[0]?.toUpperCase()}${actor.slice(1)} ${pick(r, VERBS)} ${value.toLocaleString("en-US")} ${noun} linked to ${place} in the period covered.`
      : `${actor[0]?.toUpperCase()}${actor.slice(1)} ${pick(r, VERBS)} how ${noun} near ${place} were organised and paid.`;
    return { id: `fact-${f + 1}`, text, srcs, value: withFigure ? value : undefined };
  });
  const title = `${noun[0]?.toUpperCase()}${noun.slice(1)} near ${place}: what ${pick(r, ACTORS)} say, report ${i + 1}`;
  const who = pick(r, ACTORS);
  const summary = `${who[0]?.toUpperCase()}${who.slice(1)} describe ${noun} near ${place}. The figures come from ${basedOn.length} sources.`;
  const front = [
    "---",
    `title: ${yamlString(title)}`,
    `summary: ${yamlString(summary)}`,
    `published: ${day}`,
    ...(i % 7 === 0 ? [`updated: ${day}`] : []),
    `tags: [${tags.join(", ")}]`,
    `based_on: [${basedOn.join(", ")}]`,
    "facts:",
    ...facts.flatMap((f) => [
      `- id: ${f.id}`,
      `  text: ${yamlString(f.text)}`,
      `  sources: [${f.srcs.join(", ")}]`,
      ...(f.value === undefined ? [] : ["  figure:", `    value: ${f.value}`, `    unit: ${noun}`, `    period: "${day.slice(0, 4)}"`]),
    ]),
    "---",
  ];
  const paragraphs = facts.map((f) => {
    const lead = f.text;
    return `${lead} ${sentence(r, words)} ${sentence(r, words)} ${sentence(r, words)} According to **${SOURCES[f.srcs[0] as string]?.name}**, the pattern in ${place} matches what was seen elsewhere in the region.`;
  });
  paragraphs.push(`${sentence(r, words)} ${sentence(r, words)} [Background](https://example.org/background/${i}) is available.`);
  return `${front.join("\n")}\n\n${paragraphs.join("\n\n")}\n`;
}

/** Writes a content/ tree of `count` summaries under `dir`. */
export async function writeSyntheticContent(dir: string, count: number, seed = 42): Promise<void> {
  const r = prng(seed);
  const words = vocabulary(r, 4000);
  await mkdir(join(dir, "summaries"), { recursive: true });
  await writeFile(
    join(dir, "publication.yaml"),
    'title: "Keyfacts bench"\ndescription: "A synthetic archive for benchmarks."\nlanguage: en\npublisher: Keyfacts\n',
  );
  const sources = Object.entries(SOURCES)
    .map(([id, s]) =>
      [
        `"${id}":`,
        `  name: ${yamlString(s.name)}`,
        `  kind: ${s.kind}`,
        ...(s.country ? [`  country: ${s.country}`] : []),
        ...(s.url ? [`  url: ${s.url}`] : []),
      ].join("\n"),
    )
    .join("\n");
  await writeFile(join(dir, "sources.yaml"), `${sources}\n`);
  // Written in batches: 10,000 files at once would exhaust file handles.
  const files = Array.from({ length: count }, (_, i) => i);
  for (let start = 0; start < count; start += 256) {
    await Promise.all(
      files
        .slice(start, start + 256)
        .map((i) => writeFile(join(dir, "summaries", `report-${String(i + 1).padStart(5, "0")}.md`), summaryFile(i, r, words))),
    );
  }
}

/** Runs the real content build on `contentDir` into `outDir`; returns its wall time in ms. */
export async function buildContent(contentDir: string, outDir: string): Promise<number> {
  const started = performance.now();
  await run(process.execPath, ["--import", "tsx", "scripts/build-content.ts", "--content", contentDir, "--out", outDir], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  return performance.now() - started;
}
