/** The XML text helpers every feed relies on: character filtering, escaping, and dates. */
import { describe, expect, it } from "vitest";
import { cleanText, element, httpDate, rfc822, rfc3339, xmlAttr, xmlText } from "../../src/worker/feeds/xml";
import { withXml } from "./feeds-support";

describe("cleanText", () => {
  it("drops every character XML 1.0 forbids and keeps tab, newline and carriage return", () => {
    expect(cleanText("a\u0000b\u0001c\u0008d\u000Be\u000Cf\u001Fg\uFFFEh\uFFFFi")).toBe("abcdefghi");
    expect(cleanText("tab\tnl\ncr\r")).toBe("tab\tnl\ncr\r");
  });

  it("drops lone surrogates but keeps astral characters such as emoji whole", () => {
    expect(cleanText("x\uD800y\uDC00z")).toBe("xyz");
    expect(cleanText("👩🏽‍🔧 🇰🇵 𝄞")).toBe("👩🏽‍🔧 🇰🇵 𝄞");
  });

  it("drops DEL, the C1 controls and U+FFFD, which the W3C validator reports as bad characters", () => {
    expect(cleanText("a\u007Fb\u0080c\u0085d\u009Fe\uFFFDf")).toBe("abcdef");
  });

  it("keeps right-to-left text, combining marks and bidi controls as they are", () => {
    const text = "عربي עברית e\u0301 \u202Ex\u202C \u200D";
    expect(cleanText(text)).toBe(text);
  });
});

describe("xmlText and xmlAttr", () => {
  it("escape markup so that any text parses back to itself", () => {
    const hostile = `]]> & <script>"x" 'y'</script> \r\n\t end`;
    const xml = `<r a="${xmlAttr(hostile)}">${xmlText(hostile)}</r>`;
    withXml(xml, (doc) => {
      expect(doc.root.content).toBe(hostile);
      expect(doc.root.attr("a")?.value).toBe(hostile);
    });
  });

  it("never writes a CDATA terminator", () => {
    expect(xmlText("a]]>b]]]>c")).not.toContain("]]>");
    expect(xmlAttr("a]]>b")).not.toContain("]]>");
  });

  it("writes & and < as hexadecimal references, as the RSS profile asks of plain text", () => {
    expect(xmlText("Q&A <b>")).toBe("Q&#x26;A &#x3C;b>");
  });
});

describe("element", () => {
  it("leaves out null attributes and closes empty elements", () => {
    expect(element("kf:figure", { value: "1", unit: null, period: undefined })).toBe('<kf:figure value="1"/>');
    expect(element("title", {}, "")).toBe("<title/>");
  });
});

describe("dates", () => {
  it("writes RFC 822 dates with the weekday the calendar has", () => {
    expect(rfc822(Date.parse("2026-11-23T00:00:00Z"))).toBe("Mon, 23 Nov 2026 00:00:00 +0000");
    expect(rfc822(Date.parse("2024-02-29T23:59:59Z"))).toBe("Thu, 29 Feb 2024 23:59:59 +0000");
    expect(rfc822(Date.parse("2000-01-01T12:00:00Z"))).toBe("Sat, 01 Jan 2000 12:00:00 +0000");
    expect(rfc822(0)).toBe("Thu, 01 Jan 1970 00:00:00 +0000");
  });

  it("writes RFC 822 dates in UTC whatever offset the content used", () => {
    expect(rfc822(Date.parse("2026-11-21T08:30:00+09:00"))).toBe("Fri, 20 Nov 2026 23:30:00 +0000");
  });

  it("writes RFC 3339 dates in UTC, with milliseconds only when there are some", () => {
    expect(rfc3339(Date.parse("2026-11-21T08:30:00+09:00"))).toBe("2026-11-20T23:30:00Z");
    expect(rfc3339(Date.parse("2026-11-22T12:00:00.250Z"))).toBe("2026-11-22T12:00:00.250Z");
  });

  it("writes HTTP dates as IMF-fixdate", () => {
    expect(httpDate(Date.parse("2026-11-23T00:00:00Z"))).toBe("Mon, 23 Nov 2026 00:00:00 GMT");
  });
});
