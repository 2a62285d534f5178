/** `content/tags.yaml`: optional display names for tags, each mistake named at its place; and the facts each source names. */
import { describe, expect, it } from "vitest";
import { buildArchive } from "../../src/content/build";
import { contentDir, errorsOf } from "./support/content-dir";

const T = "content/tags.yaml";

/** The archive of the valid example content with `tags.yaml` holding `text` (none when undefined). */
async function archiveWith(text: string | undefined) {
  const dir = await contentDir();
  if (text !== undefined) await dir.write("tags.yaml", text);
  const result = await buildArchive(dir.content, dir.root);
  if (!result.ok) throw new Error(`expected a build, got ${JSON.stringify(result.errors)}`);
  return result.archive;
}

describe("content/tags.yaml", () => {
  it("is optional: without it a tag is called by its words", async () => {
    expect((await archiveWith(undefined)).tags).toEqual([
      { tag: "example", name: "example", count: 1 },
      { tag: "testing", name: "testing", count: 1 },
    ]);
  });

  it("names the tags it lists, and only those", async () => {
    const { tags } = await archiveWith("example: Worked Examples\n");
    expect(tags.map((t) => t.name)).toEqual(["Worked Examples", "testing"]);
  });

  it.each([
    [
      "a tag no summary carries",
      "example: Examples\nnowhere: Nowhere\n",
      `${T}:2:1 nowhere: no summary is tagged "nowhere": remove its name or fix the tag`,
    ],
    ["a tag that is not kebab-case", "Example_Tag: Examples\n", `${T}:1:1 Example_Tag: tag "Example_Tag" must be lowercase kebab-case`],
    ["an empty name", 'example: ""\n', `${T}:1:10 example: must not be empty`],
    ["a name that is not text", "example: [a, b]\n", `${T}:1:10 example: must be text, not a list`],
    ["a name with spaces around it", 'example: " Examples"\n', `${T}:1:1 example: the name of "example" must not start or end with spaces`],
  ])("rejects %s", async (_what, text, error) => {
    const dir = await contentDir();
    await dir.write("tags.yaml", text);
    expect(await errorsOf(dir)).toEqual([error]);
  });
});

describe("the index of facts by source", () => {
  it("lists for each registry source the facts it starts or relays, counting those it starts", async () => {
    const { by_source } = await archiveWith(undefined);
    // The example fact is sourced to example-stats and example-news, both origins.
    expect(by_source["example-stats"]).toMatchObject({ facts: [[0, 0, 1]], origin: 1 });
    expect(Object.keys(by_source).sort()).toEqual(Object.keys((await archiveWith(undefined)).sources).sort());
  });
});
