/** Front matter fields: required, known, within their sizes, and figures that the body bears out. */
import { describe, expect, it } from "vitest";
import { BODY, buildOne, errorsFor, FRONT, summaryText, withLine } from "./support/content-dir";

const F = "content/summaries/example.md";
const fact = (n: number) => `- id: fact-${n}\n  text: "Fact ${n}."\n  sources: [example-news]`;

describe("oversize fields", () => {
  it("rejects a title over 140 characters and accepts one of exactly 140", async () => {
    expect(await errorsFor(summaryText(withLine("title:", `title: "${"t".repeat(141)}"`)))).toEqual([
      `${F}:2:8 title: is too long: 141 characters, at most 140`,
    ]);
    expect((await buildOne(summaryText(withLine("title:", `title: "${"t".repeat(140)}"`)))).title).toHaveLength(140);
  });

  it("rejects a summary over 400 characters", async () => {
    expect(await errorsFor(summaryText(withLine("summary:", `summary: "${"s".repeat(401)}"`)))).toEqual([
      `${F}:3:10 summary: is too long: 401 characters, at most 400`,
    ]);
  });

  it("rejects a summary of more than 3 sentences", async () => {
    const front = withLine("summary:", `summary: "One. Two! Three? Four."`);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:3:10 summary: has 4 sentences, at most 3`]);
  });

  it("rejects a fact text over 200 characters", async () => {
    const front = withLine('  text: "A second', `  text: "${"f".repeat(201)}"`);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:15:9 facts[1].text: is too long: 201 characters, at most 200`]);
  });

  it("rejects more than 10 facts", async () => {
    const front = `${FRONT}\n${Array.from({ length: 9 }, (_, i) => fact(i)).join("\n")}`;
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:8:1 facts: has 11 items, at most 10`]);
  });

  it("rejects more than 8 tags", async () => {
    const front = withLine("tags:", "tags: [a, b, c, d, e, f, g, h, i]");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:5:7 tags: has 9 items, at most 8`]);
  });

  it("rejects a body over 20,000 characters, at the body's first line", async () => {
    const body = `${BODY}\n${"word ".repeat(4000)}`;
    // The body is everything after the line break that ends the closing ---: a blank line, then the text.
    expect(await errorsFor(summaryText(FRONT, body))).toEqual([
      `${F}:19:1 body: is too long: ${body.length + 1} characters, at most 20000`,
    ]);
  });

  it("rejects an empty body", async () => {
    // Without the figure (3 lines), the closing --- is line 14.
    expect(await errorsFor(summaryText(FRONT.replace(/\n {2}figure:\n.*\n.*/, ""), "\n\n"))).toEqual([
      `${F}:15:1 body: is empty: write the summary below the closing ---`,
    ]);
  });
});

describe("required and unknown fields", () => {
  for (const field of ["title", "summary", "published", "tags", "based_on"]) {
    it(`rejects a summary without ${field}, pointing at the front matter's first line`, async () => {
      expect(await errorsFor(summaryText(withLine(`${field}:`, null)))).toEqual([`${F}:2:1 ${field}: is required`]);
    });
  }

  it("rejects a summary without facts", async () => {
    const front = FRONT.slice(0, FRONT.indexOf("facts:") - 1);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:2:1 facts: is required`]);
  });

  it("rejects a fact without sources, at the fact", async () => {
    const front = withLine("  sources: [example-news]", null);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:14:3 facts[1].sources: is required`]);
  });

  it("rejects an empty list of sources", async () => {
    const front = withLine("  sources: [example-news]", "  sources: []");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:16:12 facts[1].sources: needs at least 1 item`]);
  });

  it("rejects an unknown field, at its name", async () => {
    const front = withLine("published:", "published: 2024-02-29\nauthor: Someone");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:5:1 author: is not a known field`]);
  });

  it("rejects an unknown field inside a figure", async () => {
    const front = withLine("    unit: examples", "    unit: examples\n    currency: GBP");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:14:5 facts[0].figure.currency: is not a known field`]);
  });

  it("rejects a title over two lines", async () => {
    const front = withLine("title:", "title: |\n  An example\n  summary");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:2:8 title: must be one line of plain text`]);
  });
});

describe("tags", () => {
  for (const tag of ["North-Korea", "north_korea", "north--korea", "-north", "north korea"]) {
    it(`rejects the tag "${tag}", which is not lowercase kebab-case`, async () => {
      const front = withLine("tags:", `tags: [example, "${tag}"]`);
      expect(await errorsFor(summaryText(front))).toEqual([
        `${F}:5:17 tags[1]: "${tag}" must be lowercase kebab-case (like "north-korea")`,
      ]);
    });
  }

  it("rejects a tag listed twice", async () => {
    const front = withLine("tags:", "tags: [example, testing, example]");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:5:26 tags[2]: tag "example" is listed twice`]);
  });
});

describe("figures and the body", () => {
  it("accepts 13221 when the body writes 13,221", async () => {
    const s = await buildOne(summaryText());
    expect(s.facts[0]?.figure).toEqual({ value: 13221, unit: "examples", period: null, as_of: null, approx: false });
  });

  it("accepts a figure the body writes with a thin or no-break space as the thousands separator", async () => {
    expect(await errorsFor(summaryText(FRONT, BODY.replace("13,221", "13\u202F221")))).toEqual([]);
    expect(await errorsFor(summaryText(FRONT, BODY.replace("13,221", "13\u00A0221")))).toEqual([]);
  });

  it("rejects 13222 when the body only has 13,221, at the figure's value", async () => {
    const front = withLine("    value: 13221", "    value: 13222");
    expect(await errorsFor(summaryText(front))).toEqual([
      `${F}:12:12 facts[0].figure.value: 13222 does not appear in the body: write the figure there as the source gives it`,
    ]);
  });

  it("does not count a figure found only inside a longer number", async () => {
    const front = withLine("    value: 13221", "    value: 3221");
    expect(await errorsFor(summaryText(front))).toEqual([
      `${F}:12:12 facts[0].figure.value: 3221 does not appear in the body: write the figure there as the source gives it`,
    ]);
  });

  it("accepts a decimal figure written as in the body", async () => {
    const front = withLine("    value: 13221", "    value: 2.5");
    expect(await errorsFor(summaryText(front, `${BODY}Prices rose 2.5 percent.\n`))).toEqual([]);
  });

  it("rejects a figure value that is not a number", async () => {
    const front = withLine("    value: 13221", `    value: "13,221"`);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:12:12 facts[0].figure.value: must be a number, not string "13,221"`]);
  });
});
