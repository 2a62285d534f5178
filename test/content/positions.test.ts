/** Error positions point at the offending YAML node, whatever the line endings or a BOM. */
import { describe, expect, it } from "vitest";
import { errorsFor, summaryText, withLine } from "./support/content-dir";

const F = "content/summaries/example.md";
const UNKNOWN = summaryText(withLine("  sources: [example-stats, example-news]", "  sources:\n  - nsi\n  - example-news"));
// The `---` opening line is line 1; facts[0].sources[0] ("- nsi") is line 11, its value at column 5.
const EXPECTED = [`${F}:11:5 facts[0].sources[0]: unknown source "nsi"`];

describe("error positions", () => {
  it("point at the entry of a block list, counting the opening --- line", async () => {
    expect(await errorsFor(UNKNOWN)).toEqual(EXPECTED);
  });

  it("are the same for a file with CRLF line endings", async () => {
    expect(await errorsFor(UNKNOWN.replace(/\n/g, "\r\n"))).toEqual(EXPECTED);
  });

  it("are the same for a file that starts with a BOM: the mark is not a column", async () => {
    expect(await errorsFor(`\uFEFF${UNKNOWN}`)).toEqual(EXPECTED);
  });

  it("are the same for a file with a BOM and CRLF", async () => {
    expect(await errorsFor(`\uFEFF${UNKNOWN.replace(/\n/g, "\r\n")}`)).toEqual(EXPECTED);
  });

  it("point at the third entry of a flow list on one line", async () => {
    const text = summaryText(withLine("  sources: [example-news]", "  sources: [example-news, example-stats, nsi]"));
    expect(await errorsFor(text)).toEqual([`${F}:16:42 facts[1].sources[2]: unknown source "nsi"`]);
  });

  it("point at facts[2].sources[0] in a summary with three facts", async () => {
    const text = summaryText(
      `${withLine("  sources: [example-news]", "  sources: [example-news]")}\n- id: third\n  text: "Third."\n  sources: [nsi]`,
    );
    expect(await errorsFor(text)).toEqual([`${F}:19:13 facts[2].sources[0]: unknown source "nsi"`]);
  });

  it("count a blank line and a comment in the front matter", async () => {
    const text = summaryText(
      withLine("title:", `# a comment\n\ntitle: "An example summary"`).replace("published: 2024-02-29", "published: 2024-02-30"),
    );
    expect(await errorsFor(text)).toEqual([`${F}:6:12 published: "2024-02-30" is not a real calendar date`]);
  });

  it("in a body, count a CRLF file's lines as an editor shows them", async () => {
    const text = summaryText().replace("A second paragraph", "A\u0007 second paragraph").replace(/\n/g, "\r\n");
    expect(await errorsFor(text)).toEqual([`${F}:21:2 body: character U+0007 is not allowed in XML 1.0`]);
  });
});
