/**
 * The hostile content archive: named cases drawn from the content rules and the bugs found
 * so far, as data. Each mutates the minimal valid folder of `fixture.ts` and says what the
 * build must do with it: reject it naming the error (`file:line field: message`), or accept it with the hostile
 * text kept literally, to be proven inert downstream (feeds, JSON, the card).
 * @module
 */
import { BODY, FACTS, type Files, fact, PUBLICATION, q, SOURCES, summary } from "./fixture";

/** Where and what: matched against `file:line:col field: message` (any column). */
export interface Rejection {
  file: string;
  line: number;
  field: string;
  /** A substring of the message. */
  message: string;
}

export interface Acceptance {
  /** Strings that must come through the build unchanged in some field of the summary. */
  keeps: string[];
}

export interface HostileCase {
  /** kebab-case, unique */
  name: string;
  /** What it tries, for the README table. */
  tries: string;
  /** Files under `content/` replacing (or, with null, removing) the base ones. */
  files: Files;
  expect: { reject: Rejection } | { accept: Acceptance };
}

const MD = "content/summaries/example.md";
const SRC = "content/sources.yaml";
const PUB = "content/publication.yaml";
const reject = (file: string, line: number, field: string, message: string) => ({ reject: { file, line, field, message } });
const accept = (...keeps: string[]) => ({ accept: { keeps } });
const one = (text: string | Uint8Array): Files => ({ "summaries/example.md": text });

/** A script that would flag its own execution, in the many shapes markup injection takes. */
const SCRIPT = "<script>window.__pwned=1</script>";
const IMG = '<img src=x onerror="window.__pwned=1">';
const BREAKOUT = '"><script>window.__pwned=1</script>';
const SVG = "<svg onload=window.__pwned=1>";
const LONG = (n: number) => "Workers ".repeat(Math.ceil(n / 8)).slice(0, n);

export const cases: HostileCase[] = [
  // Markup and XML/HTML metacharacters in every free-text field: accepted, kept as text.
  {
    name: "title-script-tag",
    tries: "a `<script>` element as the title",
    files: one(summary({ title: q(SCRIPT) })),
    expect: accept(SCRIPT),
  },
  { name: "title-img-onerror", tries: "an `<img onerror>` as the title", files: one(summary({ title: q(IMG) })), expect: accept(IMG) },
  {
    name: "title-attribute-breakout",
    tries: '`"><script>`: closing an attribute, then a script',
    files: one(summary({ title: q(BREAKOUT) })),
    expect: accept(BREAKOUT),
  },
  {
    name: "title-cdata-end",
    tries: "`]]>` in the title, which ends a CDATA section",
    files: one(summary({ title: q("Counts ]]> <![CDATA[ rise ]]>") })),
    expect: accept("Counts ]]> <![CDATA[ rise ]]>"),
  },
  {
    name: "title-entities-and-ampersands",
    tries: "bare `&`, entity look-alikes and numeric references",
    files: one(summary({ title: q("AT&T &amp; &lt;b&gt; &#x3C;script&#x3E; &nbsp; &bogus;") })),
    expect: accept("AT&T &amp; &lt;b&gt; &#x3C;script&#x3E; &nbsp; &bogus;"),
  },
  {
    name: "title-quotes",
    tries: "straight, curly and back quotes in the title",
    files: one(summary({ title: q(`'single' "double" “curly” ‘curly’ \`back\``) })),
    expect: accept(`'single' "double" “curly” ‘curly’ \`back\``),
  },
  {
    name: "summary-markup",
    tries: "markup and a `javascript:` anchor in the summary",
    files: one(summary({ summary: q(`<b>Bold</b> <a href="javascript:window.__pwned=1">click</a> ${IMG}.`) })),
    expect: accept(`<b>Bold</b> <a href="javascript:window.__pwned=1">click</a> ${IMG}.`),
  },
  {
    name: "fact-text-markup",
    tries: "`<svg onload>` and `]]>` in a key fact",
    files: one(summary({ facts: `${FACTS}${fact("markup-fact", q(`${SVG} ]]> & done`))}` })),
    expect: accept(`${SVG} ]]> & done`),
  },
  {
    name: "figure-fields-markup",
    tries: "markup in a figure's unit, period and as_of",
    files: one(
      summary({
        facts: fact(
          "workers-counted",
          q("The office counted 13,221 workers."),
          "[example-stats]",
          `value: 13221\nunit: ${q("<i>workers</i>")}\nperiod: ${q("2023 & 2024")}\nas_of: ${q("]]>")}`,
        ),
      }),
    ),
    expect: accept("<i>workers</i>", "2023 & 2024", "]]>"),
  },
  {
    name: "correction-markup",
    tries: "a `<script>` in a correction's text",
    files: one(summary({ corrections: `\n- date: 2024-03-02\n  text: ${q(`Fixed ${SCRIPT}`)}` })),
    expect: accept(`Fixed ${SCRIPT}`),
  },
  {
    name: "source-name-markup",
    tries: "markup, quotes and `&` in a source's name in sources.yaml",
    files: { "sources.yaml": SOURCES.replace("name: Example News", `name: ${q(`${IMG} "News" & Co`)}`) },
    expect: accept(`${IMG} "News" & Co`),
  },
  {
    name: "publication-markup",
    tries: "markup and `]]>` in the publication's title, description and publisher",
    files: {
      "publication.yaml": `title: ${q(`Weekly ${SCRIPT}`)}\ndescription: ${q("Facts ]]> & <b>more</b>")}\nlanguage: en\npublisher: ${q(BREAKOUT)}\n`,
    },
    expect: accept(`Weekly ${SCRIPT}`),
  },
  {
    name: "body-raw-html",
    tries: "raw `<script>`, `<img onerror>`, `<iframe>` and `<style>` in the body",
    files: one(summary({}, `${BODY}\n${SCRIPT}\n\n${IMG} <iframe src="https://evil.example"></iframe> <style>*{display:none}</style>\n`)),
    expect: accept(),
  },
  {
    name: "body-javascript-link",
    tries: "a Markdown link to `javascript:`",
    files: one(summary({}, `${BODY}\n[click me](javascript:window.__pwned=1)\n`)),
    expect: accept(),
  },
  {
    name: "body-obfuscated-javascript-links",
    tries: "`javascript:` hidden by case, entities, autolinks and reference definitions",
    files: one(
      summary(
        {},
        `${BODY}\n[a](JaVaScRiPt:window.__pwned=1) [b](&#106;avascript:window.__pwned=1) <javascript:window.__pwned=1> [c][evil]\n\n[evil]: javascript:window.__pwned=1\n`,
      ),
    ),
    expect: accept(),
  },
  {
    name: "body-data-and-file-links",
    tries: "`data:`, `file:` and `vbscript:` links in the body",
    files: one(summary({}, `${BODY}\n[a](data:text/html;base64,PHNjcmlwdD4=) [b](file:///etc/passwd) [c](vbscript:msgbox)\n`)),
    expect: accept(),
  },
  {
    name: "body-protocol-relative-link",
    tries: "a `//evil.example` link that would inherit the page's scheme",
    files: one(summary({}, `${BODY}\n[home](//evil.example/x)\n`)),
    expect: accept(),
  },
  {
    name: "body-image",
    tries: "a Markdown image that would load a third-party tracker",
    files: one(summary({}, `${BODY}\n![pixel](https://evil.example/pixel.png)\n`)),
    expect: accept(),
  },
  {
    name: "body-link-attribute-breakout",
    tries: 'an `https:` link whose URL carries `"` and an `onmouseover`',
    files: one(summary({}, `${BODY}\n[x](https://example.org/"onmouseover="window.__pwned=1) [y](<https://example.org/a" onclick="x>)\n`)),
    expect: accept(),
  },
  {
    name: "body-http-link",
    tries: "a plain `http:` link in the body (bodies may link to `https:` and `http:`)",
    files: one(summary({}, `${BODY}\n[archive](http://example.org/archive)\n`)),
    expect: accept(),
  },
  {
    name: "body-cdata-and-comments",
    tries: "`]]>`, `<![CDATA[` and HTML comments in the body",
    files: one(summary({}, `${BODY}\nEnds here ]]> and <![CDATA[ starts ]]> <!-- hidden --> --> <!--\n`)),
    expect: accept(),
  },

  // Unicode that is allowed: kept exactly.
  {
    name: "right-to-left-override",
    tries: "U+202E RIGHT-TO-LEFT OVERRIDE reversing the rest of a title",
    files: one(summary({ title: q("Invoice \u202Efdp.exe") })),
    expect: accept("Invoice \u202Efdp.exe"),
  },
  {
    name: "bidi-isolates",
    tries: "bidi isolates U+2066–U+2069 and marks U+200E/U+200F in a fact",
    files: one(summary({ facts: `${FACTS}${fact("isolates", q("Named \u2067مصدر\u2069 and \u2066abc\u2069 \u200F\u200E."))}` })),
    expect: accept("Named \u2067مصدر\u2069 and \u2066abc\u2069 \u200F\u200E."),
  },
  {
    name: "unterminated-bidi-override",
    tries: "an RLO/RLE never closed by PDF, bleeding into what follows",
    files: one(summary({ summary: q("Numbers \u202E\u202B321 fell.") })),
    expect: accept("Numbers \u202E\u202B321 fell."),
  },
  {
    name: "zero-width-characters",
    tries: "zero-width joiner, non-joiner, space and word joiner inside words",
    files: one(summary({ title: q("Wo\u200Drk\u200Cers\u200B co\u2060unted") })),
    expect: accept("Wo\u200Drk\u200Cers\u200B co\u2060unted"),
  },
  {
    name: "emoji-sequences",
    tries: "ZWJ families, flags, skin tones and keycaps",
    files: one(summary({ title: q("👨‍👩‍👧‍👦 🇰🇵🇷🇺 👍🏽 1️⃣ 🏳️‍🌈") })),
    expect: accept("👨‍👩‍👧‍👦 🇰🇵🇷🇺 👍🏽 1️⃣ 🏳️‍🌈"),
  },
  {
    name: "combining-marks",
    tries: "stacked combining marks (“Zalgo”) and decomposed accents",
    files: one(summary({ title: q("Z̸̢̛a̴͉͝l̷̹̈g̶̞͊o̵͚̓ cafe\u0301") })),
    expect: accept("Z̸̢̛a̴͉͝l̷̹̈g̶̞͊o̵͚̓ cafe\u0301"),
  },
  {
    name: "astral-plane-characters",
    tries: "characters beyond the BMP (surrogate pairs) in every text field",
    files: one(summary({ title: q("𝕏 𠜎 𓂀"), summary: q("𝕏 counted 𠜎."), facts: fact("astral", q("𓂀 𝕏 𠜎")) })),
    expect: accept("𝕏 𠜎 𓂀", "𓂀 𝕏 𠜎"),
  },
  {
    name: "arabic-right-to-left-summary",
    tries: "a whole summary in Arabic with `lang: ar`",
    files: one(
      summary(
        {
          title: q("عمال كوريون شماليون في روسيا"),
          summary: q("أحصى المكتب 13,221 عاملا."),
          lang: "ar",
          facts: fact("workers", q("أحصى المكتب 13,221 عاملا."), "[example-stats]", "value: 13221"),
        },
        "أحصى المكتب 13,221 عاملا في عام 2023.\n",
      ),
    ),
    expect: accept("عمال كوريون شماليون في روسيا"),
  },
  {
    name: "hebrew-mixed-direction",
    tries: "Hebrew with embedded Latin and numbers, `lang: he`",
    files: one(summary({ title: q("עובדים ב-Russia: 13,221"), lang: "he" })),
    expect: accept("עובדים ב-Russia: 13,221"),
  },
  {
    name: "c1-controls-and-delete",
    tries: "U+007F DELETE, U+0085 NEXT LINE and U+009B CSI (allowed by XML 1.0)",
    files: one(summary({ title: q("Del\u007F nel\u0085 csi\u009B end") })),
    expect: accept("Del\u007F nel\u0085 csi\u009B end"),
  },
  {
    name: "line-and-paragraph-separators",
    tries: "U+2028/U+2029, which end lines in some JavaScript parsers",
    files: one(summary({ summary: q("First\u2028second\u2029third.") })),
    expect: accept("First\u2028second\u2029third."),
  },
  {
    name: "noncharacters-allowed-by-xml",
    tries: "U+FDD0 and U+1FFFE, noncharacters that XML 1.0 still allows",
    files: one(summary({ title: q("Odd \uFDD0 and \u{1FFFE} chars") })),
    expect: accept("Odd \uFDD0 and \u{1FFFE} chars"),
  },
  { name: "byte-order-mark", tries: "a UTF-8 BOM before the opening `---`", files: one(`\uFEFF${summary()}`), expect: accept() },
  {
    name: "crlf-line-endings",
    tries: "Windows CRLF line endings in every file",
    files: {
      "publication.yaml": PUBLICATION.replace(/\n/g, "\r\n"),
      "sources.yaml": SOURCES.replace(/\n/g, "\r\n"),
      "summaries/example.md": summary().replace(/\n/g, "\r\n"),
    },
    expect: accept(),
  },
  { name: "cr-only-line-endings", tries: "classic Mac lone-CR line endings", files: one(summary().replace(/\n/g, "\r")), expect: accept() },

  // Characters XML 1.0 forbids: named errors.
  {
    name: "raw-control-character",
    tries: "a raw U+0001 in the title",
    files: one(summary({ title: '"Workers\u0001 counted"' })),
    expect: reject(MD, 2, "title", "U+0001 is not allowed in XML 1.0"),
  },
  {
    name: "escaped-control-character",
    tries: 'U+0008 smuggled as a YAML escape `"\\b"`',
    files: one(summary({ title: '"Workers\\b counted"' })),
    expect: reject(MD, 2, "title", "U+0008 is not allowed in XML 1.0"),
  },
  {
    name: "nul-in-body",
    tries: "a NUL byte in the Markdown body",
    files: one(summary({}, `${BODY}Hidden\u0000byte.\n`)),
    expect: reject(MD, 22, "body", "U+0000 is not allowed in XML 1.0"),
  },
  {
    name: "lone-high-surrogate",
    tries: 'a lone surrogate U+D800 written as a YAML escape `"\\uD800"`',
    files: one(summary({ title: '"Broken \\uD800 pair"' })),
    expect: reject(MD, 2, "title", "U+D800 is not allowed in XML 1.0"),
  },
  {
    name: "lone-low-surrogate",
    tries: "a lone low surrogate U+DC00 in a fact",
    files: one(summary({ facts: `${FACTS}${fact("surrogate", '"Broken \\uDC00 pair"')}` })),
    expect: reject(MD, 18, "facts[2].text", "U+DC00 is not allowed in XML 1.0"),
  },
  {
    name: "noncharacter-fffe",
    tries: "U+FFFE, the byte-swapped BOM, in a fact",
    files: one(summary({ facts: `${FACTS}${fact("fffe", '"Swapped \uFFFE mark"')}` })),
    expect: reject(MD, 18, "facts[2].text", "U+FFFE is not allowed in XML 1.0"),
  },
  {
    name: "noncharacter-ffff-escape",
    tries: 'U+FFFF as a YAML escape `"\\uFFFF"` in the summary',
    files: one(summary({ summary: '"Max \\uFFFF char."' })),
    expect: reject(MD, 3, "summary", "U+FFFF is not allowed in XML 1.0"),
  },
  {
    name: "form-feed-in-body",
    tries: "a form feed U+000C in the body",
    files: one(summary({}, `${BODY}Page\u000Cbreak.\n`)),
    expect: reject(MD, 22, "body", "U+000C is not allowed in XML 1.0"),
  },
  {
    name: "control-character-in-sources",
    tries: "a vertical tab U+000B in a source name",
    files: { "sources.yaml": SOURCES.replace("name: Example News", "name: Example\u000BNews") },
    expect: reject(SRC, 2, "example-news.name", "U+000B is not allowed in XML 1.0"),
  },
  {
    name: "invalid-utf-8",
    tries: "bytes that are not UTF-8 (an encoded surrogate, 0xFF)",
    files: one(
      Buffer.concat([
        Buffer.from(summary({ title: '"Bad ' }).split("\n").slice(0, 2).join("\n")),
        Buffer.from([0xed, 0xa0, 0x80, 0xff]),
        Buffer.from(`"\n${summary().split("\n").slice(2).join("\n")}`),
      ]),
    ),
    expect: reject(MD, 2, "(text)", "is not valid UTF-8"),
  },

  // Oversize and out-of-range fields.
  {
    name: "ten-thousand-char-title",
    tries: "a 10,000-character title",
    files: one(summary({ title: q(LONG(10_000)) })),
    expect: reject(MD, 2, "title", "is too long: 10000 characters, at most 140"),
  },
  {
    name: "title-at-limit",
    tries: "a title of exactly 140 characters",
    files: one(summary({ title: q(LONG(140)) })),
    expect: accept(LONG(140)),
  },
  {
    name: "summary-too-long",
    tries: "a 401-character summary",
    files: one(summary({ summary: q(LONG(400).concat(".")) })),
    expect: reject(MD, 3, "summary", "at most 400"),
  },
  {
    name: "summary-four-sentences",
    tries: "a summary of four sentences",
    files: one(summary({ summary: q("One. Two. Three. Four.") })),
    expect: reject(MD, 3, "summary", "4 sentences, at most 3"),
  },
  {
    name: "fact-text-too-long",
    tries: "a 201-character key fact",
    files: one(summary({ facts: fact("long-fact", q(LONG(201))) })),
    expect: reject(MD, 9, "facts[0].text", "at most 200"),
  },
  {
    name: "huge-body",
    tries: "a 300,000-character body",
    files: one(summary({}, `${BODY}\n${"Workers were counted again. ".repeat(11_000)}\n`)),
    expect: reject(MD, 19, "body", "is too long"),
  },
  {
    name: "large-body-under-limit",
    tries: "a body just under the size limit, 400 paragraphs of links and markup",
    files: one(summary({}, `${BODY}\n${"Count [src](https://example.org/a?b=1&c=2) <b>x</b>.\n\n".repeat(350)}`)),
    expect: accept(),
  },
  {
    name: "too-many-facts",
    tries: "eleven key facts (at most ten)",
    files: one(summary({ facts: Array.from({ length: 11 }, (_, i) => fact(`fact-${i}`, q(`Fact ${i}.`))).join("") })),
    expect: reject(MD, 8, "facts", "has 11 items, at most 10"),
  },
  {
    name: "no-facts",
    tries: "an empty list of key facts",
    files: one(summary({ facts: "[]" })),
    expect: reject(MD, 7, "facts", "needs at least 1 item"),
  },
  {
    name: "too-many-tags",
    tries: "nine tags (at most eight)",
    files: one(summary({ tags: "[a, b, c, d, e, f, g, h, i]" })),
    expect: reject(MD, 5, "tags", "has 9 items, at most 8"),
  },
  {
    name: "empty-tag-list",
    tries: "`tags: []`",
    files: one(summary({ tags: "[]" })),
    expect: reject(MD, 5, "tags", "needs at least 1 item"),
  },
  {
    name: "markup-in-tag",
    tries: "a tag that is markup rather than kebab-case",
    files: one(summary({ tags: `[labour, ${q("<script>")}]` })),
    expect: reject(MD, 5, "tags[1]", "must be lowercase kebab-case"),
  },
  {
    name: "fact-without-sources",
    tries: "a key fact attributed to no one",
    files: one(summary({ facts: fact("unsourced", q("Nobody said this."), "[]") })),
    expect: reject(MD, 10, "facts[0].sources", "needs at least 1 item"),
  },
  {
    name: "figure-not-in-body",
    tries: "a figure whose value the body never states",
    files: one(summary({ facts: fact("invented", q("The office counted 99,999 workers."), "[example-stats]", "value: 99999") })),
    expect: reject(MD, 12, "facts[0].figure.value", "99999 does not appear in the body"),
  },
  {
    name: "title-on-two-lines",
    tries: "a block scalar that makes the title two lines",
    files: one(summary({ title: "|\n  First line\n  second line" })),
    expect: reject(MD, 2, "title", "must be one line"),
  },
  {
    name: "oversize-source-name",
    tries: "a 10,000-character source name in sources.yaml",
    files: { "sources.yaml": SOURCES.replace("name: Example News", `name: ${LONG(10_000)}`) },
    expect: reject(SRC, 2, "example-news.name", "is too long"),
  },

  // Dates.
  {
    name: "february-30",
    tries: "2024-02-30",
    files: one(summary({ published: "2024-02-30" })),
    expect: reject(MD, 4, "published", "is not a real calendar date"),
  },
  {
    name: "february-29-non-leap",
    tries: "2023-02-29 (2023 is not a leap year)",
    files: one(summary({ published: "2023-02-29" })),
    expect: reject(MD, 4, "published", "is not a real calendar date"),
  },
  { name: "february-29-leap", tries: "2024-02-29 (a real leap day)", files: one(summary({ published: "2024-02-29" })), expect: accept() },
  {
    name: "month-13",
    tries: "2024-13-01",
    files: one(summary({ published: "2024-13-01" })),
    expect: reject(MD, 4, "published", "is not a real calendar date"),
  },
  {
    name: "date-in-words",
    tries: "`published: yesterday`",
    files: one(summary({ published: "yesterday" })),
    expect: reject(MD, 4, "published", "is not a date"),
  },
  {
    name: "hour-25",
    tries: "an RFC 3339 time of 25:00",
    files: one(summary({ published: "2024-03-01T25:00:00Z" })),
    expect: reject(MD, 4, "published", "is not a real time of day"),
  },
  {
    name: "date-time-without-offset",
    tries: "a date-time with no offset, ambiguous across time zones",
    files: one(summary({ published: "2024-03-01T10:00:00" })),
    expect: reject(MD, 4, "published", "is not a date"),
  },
  {
    name: "updated-before-published",
    tries: "`updated` earlier than `published`",
    files: one(summary({ updated: "2024-02-01" })),
    expect: reject(MD, 5, "updated", "is before published"),
  },
  {
    name: "updated-same-instant-other-offset",
    tries: "`updated` equal to `published` written in another offset",
    files: one(summary({ published: "2024-03-01T00:00:00Z", updated: "2024-03-01T01:00:00+01:00" })),
    expect: accept(),
  },
  {
    name: "offset-crosses-day",
    tries: "a +14:00 offset that puts the UTC date on the day before",
    files: one(summary({ published: "2024-03-01T00:30:00+14:00" })),
    expect: accept(),
  },
  {
    name: "correction-bad-date",
    tries: "a correction dated 2024-02-31",
    files: one(summary({ corrections: "\n- date: 2024-02-31\n  text: Fixed a figure." })),
    expect: reject(MD, 18, "corrections[0].date", "is not a real calendar date"),
  },
  { name: "year-zero", tries: "`published: 0000-01-01`", files: one(summary({ published: "0000-01-01" })), expect: accept() },
  {
    name: "far-future-date",
    tries: "9999-12-31T23:59:59-12:00, which is year 10000 in UTC",
    files: one(summary({ published: "9999-12-31T23:59:59-12:00" })),
    expect: accept(),
  },

  // Duplicates and references.
  {
    name: "duplicate-fact-id",
    tries: "two key facts with the same id",
    files: one(summary({ facts: `${FACTS}${fact("workers-counted", q("Again."))}` })),
    expect: reject(MD, 17, "facts[2].id", 'duplicate fact id "workers-counted"'),
  },
  {
    name: "duplicate-slug",
    tries: "the same slug in two folders",
    files: { "summaries/2024/example.md": summary() },
    expect: reject("content/summaries/example.md", 1, "slug", 'duplicate slug "example"'),
  },
  {
    name: "duplicate-key",
    tries: "`title` twice in one front matter",
    files: one(summary({}, BODY, 'title: "A second title"')),
    expect: reject(MD, 17, "yaml", "duplicate key"),
  },
  {
    name: "duplicate-source-id",
    tries: "the same source id twice in sources.yaml",
    files: { "sources.yaml": `${SOURCES}example-news:\n  name: Impostor News\n  kind: outlet\n` },
    expect: reject(SRC, 9, "yaml", "duplicate key"),
  },
  {
    name: "duplicate-tag",
    tries: "the same tag listed twice",
    files: one(summary({ tags: "[labour, labour]" })),
    expect: reject(MD, 5, "tags[1]", 'tag "labour" is listed twice'),
  },
  {
    name: "unknown-source",
    tries: "`based_on` naming a source not in sources.yaml",
    files: one(summary({ based_on: "[nsi]" })),
    expect: reject(MD, 6, "based_on[0]", 'unknown source "nsi"'),
  },
  {
    name: "misspelt-fact-source",
    tries: "a transposed source id in a fact",
    files: one(summary({ facts: fact("typo", q("A fact."), "[example-nwes]") })),
    expect: reject(MD, 10, "facts[0].sources[0]", 'unknown source "example-nwes"'),
  },
  {
    name: "prototype-source-ids",
    tries: "`hasOwnProperty` and `__proto__` as source ids",
    files: one(summary({ based_on: "[hasOwnProperty, __proto__]" })),
    expect: reject(MD, 6, "based_on[0]", 'unknown source "hasOwnProperty"'),
  },
  {
    name: "source-named-constructor",
    tries: "a real source whose id is `constructor`",
    files: {
      "sources.yaml": `${SOURCES}constructor:\n  name: Constructor Weekly\n  kind: outlet\n`,
      "summaries/example.md": summary({ based_on: "[constructor]" }),
    },
    expect: accept("Constructor Weekly"),
  },
  {
    name: "tag-named-constructor",
    tries: "a tag `constructor`, an inherited property of every object",
    files: one(summary({ tags: "[constructor, labour]" })),
    expect: accept("constructor"),
  },
  {
    name: "prototype-pollution-key",
    tries: "a `__proto__` field in front matter",
    files: one(summary({}, BODY, "__proto__: {polluted: true}")),
    expect: reject(MD, 17, "__proto__", "is not a known field"),
  },
  {
    name: "unknown-field",
    tries: "a field the contract does not know (`script:`)",
    files: one(summary({}, BODY, `script: ${q(SCRIPT)}`)),
    expect: reject(MD, 17, "script", "is not a known field"),
  },
  {
    name: "markup-slug",
    tries: "a file name that is markup, not a kebab-case slug",
    files: { "summaries/example.md": null, "summaries/<script>.md": summary() },
    expect: reject("content/summaries/<script>.md", 1, "slug", "must be a lowercase kebab-case slug"),
  },
  {
    name: "markup-fact-id",
    tries: "a fact id that is markup",
    files: one(summary({ facts: fact(q('"><b>'), q("A fact.")) })),
    expect: reject(MD, 8, "facts[0].id", "must be lowercase kebab-case"),
  },

  // URLs.
  ...(
    [
      ["javascript-source-url", "a `javascript:` source URL", "javascript:window.__pwned=1"],
      ["data-source-url", "a `data:` source URL", "data:text/html,<script>window.__pwned=1</script>"],
      ["http-source-url", "a plain `http:` source URL", "http://example.org/news"],
      ["protocol-relative-source-url", "a `//evil.example` source URL", "//evil.example/news"],
      ["credentials-in-source-url", "an `https://user:pass@host` source URL", "https://user:pass@example.org/news"],
    ] as const
  ).map(([name, tries, url]) => ({
    name,
    tries,
    files: { "sources.yaml": SOURCES.replace("https://example.org/news", q(url)) },
    expect: reject(SRC, 4, "example-news.url", "must be an https: URL"),
  })),
  {
    name: "source-url-with-quotes",
    tries: 'an `https:` source URL carrying `"><script>`',
    files: { "sources.yaml": SOURCES.replace("https://example.org/news", q(`https://example.org/${BREAKOUT}`)) },
    expect: accept(),
  },
  {
    name: "http-base-url",
    tries: "an `http:` canonical base URL for the publication",
    files: { "publication.yaml": `${PUBLICATION}base_url: http://news.example\n` },
    expect: reject(PUB, 5, "base_url", "must be an https: origin"),
  },
  {
    name: "base-url-with-path",
    tries: "a base URL with a path and query",
    files: { "publication.yaml": `${PUBLICATION}base_url: https://news.example/x?y=1\n` },
    expect: reject(PUB, 5, "base_url", "must be an https: origin"),
  },

  // YAML that is not plain data.
  {
    name: "yaml-alias",
    tries: "an anchor and an alias reusing a fact",
    files: one(summary({ facts: `\n- &f\n  id: workers-counted\n  text: "A fact."\n  sources: [example-news]\n- *f` })),
    expect: reject(MD, 8, "facts[0]", "anchors (&f) are not allowed"),
  },
  {
    name: "yaml-merge-key",
    tries: "a `<<` merge key",
    files: one(summary({ facts: `\n- <<: {id: merged}\n  text: "A fact."\n  sources: [example-news]` })),
    expect: reject(MD, 8, "facts[0].<<", "merge keys (<<) are not allowed"),
  },
  {
    name: "yaml-js-function",
    tries: "`!!js/function` (executable YAML)",
    files: one(summary({ title: '!!js/function "function () { window.__pwned = 1 }"' })),
    expect: reject(MD, 2, "title", "custom tag !!js/function is not allowed"),
  },
  {
    name: "yaml-python-object",
    tries: "`!!python/object/apply:os.system`",
    files: one(summary({ title: '!!python/object/apply:os.system ["id"]' })),
    expect: reject(MD, 2, "title", "custom tag !!python/object/apply:os.system is not allowed"),
  },
  {
    name: "yaml-binary",
    tries: "`!!binary` data as the title",
    files: one(summary({ title: "!!binary PHNjcmlwdD4=" })),
    expect: reject(MD, 2, "title", "custom tag !!binary is not allowed"),
  },
  {
    name: "yaml-verbatim-tag",
    tries: "a verbatim `!<tag:yaml.org,2002:js/regexp>` tag",
    files: one(summary({ title: '!<tag:yaml.org,2002:js/regexp> "/x/"' })),
    expect: reject(MD, 2, "title", "is not allowed"),
  },
  {
    name: "js-front-matter",
    tries: "`---js` executable front matter",
    files: one(`---js\n{ title: (() => { globalThis.__pwned = 1; return "x" })() }\n---\n\n${BODY}`),
    expect: reject(MD, 1, "front matter", '"---js" front matter is not allowed'),
  },
  {
    name: "yaml-bomb",
    tries: "a billion-laughs alias bomb",
    files: one(
      summary(
        {},
        BODY,
        `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]`,
      ),
    ),
    expect: reject(MD, 17, "a", "anchors (&a) are not allowed"),
  },
  {
    name: "infinite-number",
    tries: "`value: 1e999`, which overflows to Infinity",
    files: one(summary({ facts: fact("huge", q("A fact."), "[example-stats]", "value: 1e999") })),
    expect: reject(MD, 12, "facts[0].figure.value", "numbers must be finite"),
  },
  {
    name: "nan-number",
    tries: "`value: .nan`",
    files: one(summary({ facts: fact("nan", q("A fact."), "[example-stats]", "value: .nan") })),
    expect: reject(MD, 12, "facts[0].figure.value", "numbers must be finite"),
  },
  {
    name: "yaml-1-1-boolean",
    tries: "`approx: yes`, a boolean only in YAML 1.1",
    files: one(summary({ facts: fact("workers-counted", q("About 13,221 workers."), "[example-stats]", "value: 13221\napprox: yes") })),
    expect: reject(MD, 13, "facts[0].figure.approx", "must be true or false"),
  },
  {
    name: "norway-problem-title",
    tries: "`title: no`, which YAML 1.1 would read as false",
    files: one(summary({ title: "no", summary: "on" })),
    expect: accept("no", "on"),
  },
  {
    name: "boolean-title",
    tries: "`title: true`",
    files: one(summary({ title: "true" })),
    expect: reject(MD, 2, "title", "must be text, not boolean"),
  },
  {
    name: "number-title",
    tries: "`title: 12345`",
    files: one(summary({ title: "12345" })),
    expect: reject(MD, 2, "title", "must be text, not number"),
  },
  {
    name: "tab-indentation",
    tries: "tabs used to indent YAML",
    files: one(summary({ facts: FACTS.replace("\n  text:", "\n\ttext:") })),
    expect: reject(MD, 9, "yaml", "Tabs are not allowed as indentation"),
  },
  {
    name: "yaml-directive",
    tries: "a `%YAML 1.1` directive to switch the schema",
    files: one(`---\n%YAML 1.1\n${summary().slice(4)}`),
    expect: reject(MD, 3, "yaml", "directives-end"),
  },
  {
    name: "second-yaml-document",
    tries: "`...` then a second document hidden in the front matter",
    files: one(summary({}, BODY, `...\n${'title: "Hidden"'}`)),
    expect: reject(MD, 18, "yaml", "multiple documents"),
  },
  {
    name: "front-matter-not-a-mapping",
    tries: "front matter that is a YAML list",
    files: one(`---\n- title\n- summary\n---\n\n${BODY}`),
    expect: reject(MD, 2, "(file)", "must be a mapping of fields"),
  },
  {
    name: "missing-closing-fence",
    tries: "front matter with no closing `---`",
    files: one(summary().replace("\n---\n\n", "\n\n")),
    expect: reject(MD, 1, "front matter", "has no closing --- line"),
  },
  {
    name: "no-front-matter",
    tries: "a summary file that is only Markdown",
    files: one(BODY),
    expect: reject(MD, 1, "front matter", "must start with a line of three dashes"),
  },
];
