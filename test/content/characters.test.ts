/** Characters XML 1.0 forbids are errors wherever they hide: raw, escaped in YAML, or as bad UTF-8. */
import { describe, expect, it } from "vitest";
import { BODY, contentDir, errorsFor, errorsOf, FRONT, SOURCES, summaryText, withLine } from "./support/content-dir";

const F = "content/summaries/example.md";
const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
const FORBIDDEN = [
  ...Array.from({ length: 9 }, (_, i) => i), // U+0000..U+0008
  0x0b,
  0x0c,
  ...Array.from({ length: 18 }, (_, i) => 0x0e + i), // U+000E..U+001F
  0xfffe,
  0xffff,
];
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Bytes of `text` with the WTF-8 encoding of a lone surrogate (ED A0 80) where `@` is. */
const withLoneSurrogate = (text: string) => {
  const [before = "", after = ""] = text.split("@");
  return new Uint8Array([...utf8(before), 0xed, 0xa0, 0x80, ...utf8(after)]);
};

describe("characters not allowed in XML 1.0", () => {
  for (const code of FORBIDDEN) {
    it(`rejects ${hex(code)} written in a title, at the character`, async () => {
      const front = withLine("title:", `title: "An${String.fromCharCode(code)} example summary"`);
      expect(await errorsFor(summaryText(front))).toEqual([`${F}:2:11 title: character ${hex(code)} is not allowed in XML 1.0`]);
    });

    it(`rejects ${hex(code)} in the body, at the character`, async () => {
      const body = BODY.replace("A second", `A${String.fromCharCode(code)} second`);
      expect(await errorsFor(summaryText(FRONT, body))).toEqual([`${F}:21:2 body: character ${hex(code)} is not allowed in XML 1.0`]);
    });
  }

  it("accepts tab, line feed and carriage return, which XML allows", async () => {
    expect(await errorsFor(summaryText(FRONT, `${BODY}\tIndented\r\nline.\r\n`))).toEqual([]);
  });

  it("rejects a forbidden character made by a YAML escape (\\x01), at the scalar", async () => {
    const front = withLine("title:", String.raw`title: "An\x01 example"`);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:2:8 title: character U+0001 is not allowed in XML 1.0`]);
  });

  it("rejects a lone surrogate made by a YAML escape (\\uD800)", async () => {
    const front = withLine("title:", String.raw`title: "An \uD800 example"`);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:2:8 title: character U+D800 is not allowed in XML 1.0`]);
  });

  it("rejects U+FFFE made by a YAML escape in a fact's text", async () => {
    const front = withLine('  text: "A second', String.raw`  text: "A second fact \uFFFE with no figure."`);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:15:9 facts[1].text: character U+FFFE is not allowed in XML 1.0`]);
  });

  it("rejects a lone surrogate written into a title as bytes, as text that is not UTF-8", async () => {
    const front = withLine("title:", `title: "An @ example"`);
    expect(await errorsFor(withLoneSurrogate(summaryText(front)))).toEqual([
      `${F}:2:12 (text): byte 0xED is not valid UTF-8: save the file as UTF-8`,
    ]);
  });

  it("rejects a lone surrogate written into the body as bytes", async () => {
    expect(await errorsFor(withLoneSurrogate(summaryText(FRONT, BODY.replace("A second", "A @second"))))).toEqual([
      `${F}:21:3 (text): byte 0xED is not valid UTF-8: save the file as UTF-8`,
    ]);
  });

  it("rejects a file saved as Latin-1, at the first byte that is not UTF-8", async () => {
    const text = utf8(summaryText(FRONT, `${BODY}Caf@ culture.\n`));
    const latin1 = new Uint8Array([...text].map((b) => (b === 0x40 ? 0xe9 : b)));
    expect(await errorsFor(latin1)).toEqual([`${F}:22:4 (text): byte 0xE9 is not valid UTF-8: save the file as UTF-8`]);
  });

  it("rejects a forbidden character in a YAML comment of sources.yaml", async () => {
    const dir = await contentDir();
    await dir.write("sources.yaml", `# bell \u0007\n${SOURCES}`);
    expect(await errorsOf(dir)).toEqual([`content/sources.yaml:1:8 yaml: character U+0007 is not allowed in XML 1.0`]);
  });

  it("rejects a forbidden character in a source's name", async () => {
    const dir = await contentDir();
    await dir.write("sources.yaml", SOURCES.replace("name: Example News", "name: Example\u001bNews"));
    expect(await errorsOf(dir)).toEqual([`content/sources.yaml:2:16 example-news.name: character U+001B is not allowed in XML 1.0`]);
  });
});
