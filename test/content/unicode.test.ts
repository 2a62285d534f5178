/** Text passes through unchanged: CRLF, a BOM, right-to-left scripts, emoji, combining marks, ZWJ sequences. */
import { describe, expect, it } from "vitest";
import { buildOne, built, contentDir, FRONT, PUBLICATION, SOURCES, summaryText, withLine } from "./support/content-dir";

const ARABIC_TITLE = "عمال كوريون شماليون في روسيا";
const ARABIC_BODY = "قال التقرير إن 13,221 شخصاً دخلوا البلاد.";
// Decomposed "é" (e + U+0301) must stay decomposed: NFC would change what the editor wrote.
const COMBINING = "Cafe\u0301 and n\u0303";
// Family (ZWJ sequence), flag (regional indicators), skin tone modifier, keycap.
const EMOJI = "👨‍👩‍👧‍👦 🇰🇷 👍🏽 1️⃣";

describe("text passes through unchanged", () => {
  it("builds a file with CRLF line endings as if written with LF", async () => {
    const lf = await buildOne(summaryText());
    const crlf = await buildOne(summaryText().replace(/\n/g, "\r\n"));
    expect(crlf).toEqual(lf);
  });

  it("builds a file that starts with a UTF-8 byte order mark, without the mark in any field", async () => {
    const s = await buildOne(`\uFEFF${summaryText()}`);
    expect(s.title).toBe("An example summary");
    expect(JSON.stringify(s)).not.toContain("\uFEFF");
  });

  it("builds a file with both a BOM and CRLF", async () => {
    expect(await buildOne(`\uFEFF${summaryText().replace(/\n/g, "\r\n")}`)).toEqual(await buildOne(summaryText()));
  });

  it("reads publication.yaml and sources.yaml with a BOM and CRLF", async () => {
    const dir = await contentDir();
    await dir.write("publication.yaml", `\uFEFF${PUBLICATION.replace(/\n/g, "\r\n")}`);
    await dir.write("sources.yaml", `\uFEFF${SOURCES.replace(/\n/g, "\r\n")}`);
    const s = (await built(dir)).example;
    expect(s?.publication.title).toBe("Example Weekly");
    expect(s?.based_on).toEqual([{ id: "example-news", name: "Example News", kind: "outlet", url: "https://example.org/news" }]);
  });

  it("serves Arabic with lang ar as right-to-left, title and body exactly as written", async () => {
    const front = withLine("title:", `title: "${ARABIC_TITLE}"\nlang: ar`);
    const s = await buildOne(summaryText(front, `${ARABIC_BODY}\n`));
    expect([s.lang, s.dir]).toEqual(["ar", "rtl"]);
    expect(s.title).toBe(ARABIC_TITLE);
    expect(s.content_html).toBe(`<p>${ARABIC_BODY}</p>\n`);
  });

  it("keeps left-to-right for a language written left to right", async () => {
    const s = await buildOne(summaryText(withLine("title:", `title: "Titre"\nlang: fr-CA`)));
    expect([s.lang, s.dir]).toEqual(["fr-CA", "ltr"]);
  });

  it("defaults lang to the publication's language", async () => {
    expect((await buildOne(summaryText())).lang).toBe("en");
  });

  it("keeps emoji, ZWJ sequences and combining marks in title, summary, fact and body without normalising them", async () => {
    const front = FRONT.replace("An example summary", `${EMOJI} ${COMBINING}`)
      .replace("One sentence that sums it up.", `${COMBINING} sums it up.`)
      .replace("A second fact with no figure.", `${EMOJI} fact.`);
    const body = `${EMOJI} ${COMBINING}: 13,221.\n`;
    const s = await buildOne(summaryText(front, body));
    expect(s.title).toBe(`${EMOJI} ${COMBINING}`);
    expect(s.summary).toBe(`${COMBINING} sums it up.`);
    expect(s.facts[1]?.text).toBe(`${EMOJI} fact.`);
    expect(s.content_html).toBe(`<p>${EMOJI} ${COMBINING}: 13,221.</p>\n`);
    expect(s.title).not.toBe(s.title.normalize("NFC"));
  });

  it("keeps characters outside the Basic Multilingual Plane and bidi controls", async () => {
    const text = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u2067עברית\u2069 \u200F";
    const s = await buildOne(summaryText(withLine("title:", `title: "${text}"`)));
    expect(s.title).toBe(text);
  });
});
