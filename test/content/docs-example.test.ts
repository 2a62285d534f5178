/** The example in docs/writing-content.md is real: its three files build as shown. */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { built, contentDir } from "./support/content-dir";

const blocks = async () => {
  const doc = await readFile("docs/writing-content.md", "utf8");
  return [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], text: m[2] ?? "" }));
};

it("builds the guide's publication.yaml, sources.yaml and summary without an error", async () => {
  const all = await blocks();
  const [publication, sources] = all.filter((b) => b.lang === "yaml");
  const summary = all.find((b) => b.lang === "markdown");
  const dir = await contentDir();
  await dir.write("publication.yaml", publication?.text ?? "");
  await dir.write("sources.yaml", sources?.text ?? "");
  await rm(join(dir.content, "summaries/example.md"));
  await dir.write("summaries/example-entries-2023.md", summary?.text ?? "");
  const s = (await built(dir))["example-entries-2023"];
  expect(s?.url).toBe("https://news.example.org/summaries/example-entries-2023");
  expect(s?.facts.map((f) => f.figure?.value)).toEqual([13221, 12]);
});
