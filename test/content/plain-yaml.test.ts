/** YAML must be plain data: no executable front matter, custom tags, anchors, aliases, merge keys or repeats. */
import { describe, expect, it } from "vitest";
import { contentDir, errorsFor, errorsOf, FRONT, SOURCES, summaryText, withLine } from "./support/content-dir";

const F = "content/summaries/example.md";

describe("YAML that is not plain data", () => {
  it("rejects ---js front matter by name, without reading it", async () => {
    expect(await errorsFor(`---js\n{ title: (() => "x")() }\n---\nBody\n`)).toEqual([
      `${F}:1:1 front matter: "---js" front matter is not allowed: write plain YAML between --- lines`,
    ]);
  });

  it("rejects a !!js/function tag at the tag", async () => {
    const front = withLine("title:", `title: !!js/function "function () { return 1 }"`);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:2:8 title: custom tag !!js/function is not allowed: content is plain data`]);
  });

  it("rejects a local !foo tag", async () => {
    const front = withLine("title:", "title: !foo An example summary");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:2:8 title: custom tag !foo is not allowed: content is plain data`]);
  });

  it("rejects YAML 1.1 types such as !!binary, which are not plain text", async () => {
    const front = withLine("title:", "title: !!binary aGVsbG8=");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:2:8 title: custom tag !!binary is not allowed: content is plain data`]);
  });

  it("rejects an anchor and its alias, each at its place", async () => {
    const front = withLine("  sources: [example-stats, example-news]", "  sources: &both [example-stats, example-news]").replace(
      "  sources: [example-news]",
      "  sources: *both",
    );
    expect(await errorsFor(summaryText(front))).toEqual([
      `${F}:10:12 facts[0].sources: anchors (&both) are not allowed: content is plain data`,
      `${F}:16:12 facts[1].sources: aliases (*both) are not allowed: write the value out`,
    ]);
  });

  it("rejects a merge key even when it merges a plain mapping", async () => {
    const front = withLine("    unit: examples", "    unit: examples\n    <<: {approx: true}");
    expect(await errorsFor(summaryText(front))).toEqual([
      `${F}:14:5 facts[0].figure.<<: merge keys (<<) are not allowed: write each field out`,
    ]);
  });

  it("rejects a key written twice, at the second one", async () => {
    const front = withLine("summary:", `summary: "One sentence."\ntitle: "Again"`);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:4:1 yaml: duplicate key: each field may appear once`]);
  });

  it("rejects a source id written twice in sources.yaml", async () => {
    const dir = await contentDir();
    await dir.write("sources.yaml", `${SOURCES}example-news:\n  name: Again\n  kind: outlet\n`);
    expect(await errorsOf(dir)).toEqual([`content/sources.yaml:9:1 yaml: duplicate key: each field may appear once`]);
  });

  it("rejects a list used as a key", async () => {
    const front = `${FRONT}\n? [a, b]\n: c`;
    expect(await errorsFor(summaryText(front))).toContain(`${F}:17:3 ?: keys must be plain text, not lists or mappings`);
  });

  it("rejects a __proto__ key as an unknown field instead of letting it supply a missing title", async () => {
    expect(await errorsFor(summaryText(withLine("title:", `__proto__: {title: "x"}`)))).toEqual([
      `${F}:2:1 title: is required`,
      `${F}:2:1 __proto__: is not a known field`,
    ]);
  });

  it("rejects YAML that does not parse, at the broken line", async () => {
    const front = withLine("summary:", `summary: "never closed`);
    const [first] = await errorsFor(summaryText(front));
    expect(first).toMatch(/^content\/summaries\/example\.md:3:\d+ yaml: /);
  });

  it("rejects a second YAML document in sources.yaml", async () => {
    const dir = await contentDir();
    await dir.write("sources.yaml", `${SOURCES}---\nother: {name: X, kind: outlet}\n`);
    const [first] = await errorsOf(dir);
    expect(first).toMatch(/^content\/sources\.yaml:9:1 yaml: /);
  });
});

describe("front matter fences", () => {
  it("rejects a file with no closing --- line", async () => {
    expect(await errorsFor(`---\n${FRONT}\n\nBody text.\n`)).toEqual([
      `${F}:1:1 front matter: has no closing --- line: end the front matter with a line of three dashes`,
    ]);
  });

  it("rejects a file that does not start with ---", async () => {
    expect(await errorsFor(`${FRONT}\n---\nBody\n`)).toEqual([`${F}:1:1 front matter: must start with a line of three dashes (---)`]);
  });

  it("takes a later --- in the body as a thematic break, not as front matter", async () => {
    expect(await errorsFor(summaryText(FRONT, "The example office counted 13,221 examples.\n\n---\n\nMore.\n"))).toEqual([]);
  });
});
