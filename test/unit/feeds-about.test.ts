/** `/feeds`, the page documenting the feeds: valid HTML, every feed listed, the extension named as served. */
import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { KEY_FACTS_NS } from "../../src/shared/limits";
import { aboutPage } from "../../src/worker/feeds/about-page";
import { FEED_SIZE } from "../../src/worker/feeds/channel";

describe("aboutPage", () => {
  const html = aboutPage({ title: 'Keyfacts & "friends" <b>', origin: "https://news.example", tags: ["north-korea", "sanctions"] });

  it("is valid HTML", async () => {
    const report = await new HtmlValidate({ extends: ["html-validate:standard"] }).validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
  });

  it("links the publication's feeds and every tag's, and escapes the title", () => {
    for (const file of ["feed.xml", "atom.xml", "feed.json"]) {
      expect(html).toContain(`href="https://news.example/${file}"`);
      expect(html).toContain(`href="https://news.example/tags/sanctions/${file}"`);
    }
    expect(html).toContain("Keyfacts &#38; &#34;friends&#34; &#60;b&#62;");
    expect(html).not.toContain("<b>");
  });

  it("says how many summaries a feed carries as the feeds do: FEED_SIZE, not a number written by hand", () => {
    expect(html).toContain(`Each feed carries the ${FEED_SIZE} newest summaries`);
    expect(html.match(/\b\d+ newest\b/g)).toEqual([`${FEED_SIZE} newest`]);
  });

  it("documents the extension under the namespace the feeds declare", () => {
    expect(html).toContain('<h2 id="key-facts">');
    expect(html).toContain(KEY_FACTS_NS);
    expect(html).toContain("https://news.example/feeds#key-facts");
  });
});
