/** Bodies are CommonMark: raw HTML is shown as text, and only http(s) links become links. */
import { describe, expect, it } from "vitest";
import { BODY, buildOne, FRONT, summaryText } from "./support/content-dir";

const html = async (markdown: string) => (await buildOne(summaryText(FRONT, `${BODY}\n${markdown}\n`))).content_html;
const last = async (markdown: string) => (await html(markdown)).split("\n").filter(Boolean).at(-1);

describe("summary bodies", () => {
  it("shows a raw <script> element as text", async () => {
    expect(await last("<script>alert(1)</script>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
  });

  it("shows an <img onerror> as text, with no element and no attribute", async () => {
    expect(await last("Look <img src=x onerror=alert(1)> here")).toBe("<p>Look &lt;img src=x onerror=alert(1)&gt; here</p>");
  });

  it("shows an HTML block (a <div>) as text", async () => {
    expect(await html(`<div onclick="x()">\nhi\n</div>`)).toContain("<p>&lt;div onclick=&quot;x()&quot;&gt;\nhi\n&lt;/div&gt;</p>");
  });

  it("leaves a javascript: link as plain text", async () => {
    const out = await last("[x](javascript:alert(1))");
    expect(out).toBe("<p>[x](javascript:alert(1))</p>");
  });

  it("leaves a data: link as plain text", async () => {
    expect(await last("[x](data:text/html,<script>alert(1)</script>)")).toBe(
      "<p>[x](data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)</p>",
    );
  });

  it("leaves mixed-case, autolinked and relative non-web links as plain text", async () => {
    for (const md of [
      "[x](JavaScript:alert(1))",
      "<javascript:alert(1)>",
      "[x](vbscript:msgbox)",
      "[x](/relative)",
      "[x](//host.example)",
    ]) {
      expect(await html(md), md).not.toContain("<a");
    }
  });

  it("turns an https: link into a link that does not pass on the referrer", async () => {
    expect(await last("[x](https://example.org)")).toBe('<p><a href="https://example.org" rel="noopener noreferrer">x</a></p>');
  });

  it("turns an http: link into a link too", async () => {
    expect(await last("[x](http://example.org/a?b=1&c=2)")).toBe(
      '<p><a href="http://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">x</a></p>',
    );
  });

  it("does not load images: image syntax stays a plain link", async () => {
    expect(await html("![pic](https://example.org/a.png)")).not.toContain("<img");
  });

  it("turns a character reference to a character XML forbids into U+FFFD, never the character", async () => {
    const out = await last("a &#1; b &#xFFFE; c &#0;");
    expect(out).toBe("<p>a \uFFFD b \uFFFD c \uFFFD</p>");
  });
});
