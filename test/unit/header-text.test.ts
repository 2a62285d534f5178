/**
 * The one cleaning of text bound for a mail header (mail/header-text.ts), which every mail's
 * subject, the MIME writer and the SES provider use: no CR, LF or other control character,
 * no line or paragraph separator survives, whatever the text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { headerText } from "../../src/worker/mail/header-text";

const BREAKS = /[\p{Cc}\p{Zl}\p{Zp}]/u;

describe("headerText", () => {
  it.each([
    ["CR LF and a header after it", "Hi\r\nBcc: x@evil.example", "Hi Bcc: x@evil.example"],
    ["a bare LF", "Hi\nX-Evil: 1", "Hi X-Evil: 1"],
    ["a bare CR", "Hi\rX-Evil: 1", "Hi X-Evil: 1"],
    ["NUL, tab, DEL and C1 NEL", "a\u0000b\tc\u007fd\u0085e", "a b c d e"],
    ["line and paragraph separators", "a\u2028b\u2029c", "a b c"],
    ["a run of them as one space", "a\r\n\r\n\t\u0000b", "a b"],
    ["them at the ends too", "\r\nTitle\u2028", " Title "],
  ])("turns %s into spaces", (_, text, clean) => {
    expect(headerText(text)).toBe(clean);
  });

  it("keeps what is not a break: accents, scripts, emoji and bidi marks pass as they are", () => {
    expect(headerText("Ünïcödé — русский · 日本 🙂 \u202Eabc")).toBe("Ünïcödé — русский · 日本 🙂 \u202Eabc");
  });

  it("leaves no break in any text, and cleaning twice changes nothing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const clean = headerText(text);
        expect(clean).not.toMatch(BREAKS);
        expect(headerText(clean)).toBe(clean);
      }),
      { numRuns: 2000 },
    );
  });
});
