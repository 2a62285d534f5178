/** docs/widget.md and custom-elements.json describe the same public surface as the element's doc block. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildManifest } from "../../scripts/build-widget";

interface Declaration {
  tagName?: string;
  attributes?: { name: string; default?: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string; default?: string }[];
}

const element = (manifest: string) =>
  (JSON.parse(manifest) as { modules: { declarations: Declaration[] }[] }).modules.flatMap((m) => m.declarations).find((d) => d.tagName)!;

describe("the widget's documentation", () => {
  it("custom-elements.json is what the doc block generates (run npm run build:widget after editing it)", async () => {
    expect(readFileSync("custom-elements.json", "utf8")).toBe(await buildManifest());
  });

  it("names key-facts with its eight attributes, two events, nine parts and thirteen custom properties", () => {
    const d = element(readFileSync("custom-elements.json", "utf8"));
    expect(d.tagName).toBe("key-facts");
    expect(d.attributes?.map((a) => a.name).sort()).toEqual([
      "api",
      "fact",
      "heading-level",
      "limit",
      "summary",
      "tag",
      "theme",
      "timeout",
    ]);
    expect(d.events?.map((e) => e.name)).toEqual(["key-facts-load", "key-facts-error"]);
    expect(d.cssParts).toHaveLength(9);
    expect(d.cssProperties).toHaveLength(13);
  });

  it("docs/widget.md has a row for every attribute, event, part and custom property", () => {
    const doc = readFileSync("docs/widget.md", "utf8");
    const d = element(readFileSync("custom-elements.json", "utf8"));
    const names = [...d.attributes!, ...d.events!, ...d.cssParts!, ...d.cssProperties!].map((x) => x.name);
    for (const name of names) expect(doc, name).toMatch(new RegExp(`^\\| \`${name}\` \\|`, "m"));
  });

  it("every custom property the stylesheet declares is documented", async () => {
    const { cardCss } = await import("../../src/shared/card-styles");
    const declared = [...new Set([...cardCss.matchAll(/(--key-facts-[a-z-]+):/g)].map((m) => m[1]))].sort();
    const documented = element(readFileSync("custom-elements.json", "utf8"))
      .cssProperties!.map((p) => p.name)
      .sort();
    expect(declared).toEqual(documented);
  });
});
