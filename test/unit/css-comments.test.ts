/** The build's CSS comment stripping: comments go, strings that look like them stay, an unclosed one stops the build. */
import { describe, expect, it } from "vitest";
import { stripCssComments } from "../../scripts/build-assets";

describe("stripCssComments", () => {
  it("drops every comment, and the blank lines and trailing spaces they leave", () => {
    const css = "/* what this file is */\na { color: red; } /* why */\n  /* note */\nb {\n  margin: 0; /* inline */\n}\n";
    expect(stripCssComments(css)).toBe("a { color: red; }\nb {\n  margin: 0;\n}\n");
  });

  it("keeps a quoted string that holds comment markers, with its escapes", () => {
    const css = `a::before { content: "/* not a comment */"; }\nb::after { content: '\\'/*'; } /* gone */\n`;
    expect(stripCssComments(css)).toBe(`a::before { content: "/* not a comment */"; }\nb::after { content: '\\'/*'; }\n`);
  });

  it("stops the build on a comment that is never closed", () => {
    expect(() => stripCssComments("a { color: red; }\n/* left open\nb { margin: 0; }\n")).toThrow(/never closed/);
  });
});
