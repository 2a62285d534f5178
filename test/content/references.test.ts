/** Names that must be unique or known: slugs, fact ids, source ids, and the sources' URLs. */
import { describe, expect, it } from "vitest";
import { buildArchive } from "../../src/content/build";
import { BODY, contentDir, errorsFor, errorsOf, FRONT, SOURCES, summaryText, withLine } from "./support/content-dir";

const F = "content/summaries/example.md";

describe("slugs", () => {
  it("rejects two files with one name in different folders, naming both files", async () => {
    const dir = await contentDir();
    await dir.write("summaries/a/x.md", summaryText());
    await dir.write("summaries/b/x.md", summaryText());
    expect(await errorsOf(dir)).toEqual([`content/summaries/b/x.md:1:1 slug: duplicate slug "x": content/summaries/a/x.md has it too`]);
  });

  it("rejects a file name that is not lowercase kebab-case", async () => {
    const dir = await contentDir();
    await dir.write("summaries/My_Summary.md", summaryText());
    expect(await errorsOf(dir)).toEqual([
      `content/summaries/My_Summary.md:1:1 slug: file name "My_Summary.md" must be a lowercase kebab-case slug (like "labour-exports-2024.md")`,
    ]);
  });
});

describe("fact ids", () => {
  it("rejects a fact id used twice in one file, at the second one", async () => {
    const front = withLine("- id: second-fact", "- id: first-fact");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:14:7 facts[1].id: duplicate fact id "first-fact"`]);
  });

  it("rejects a fact id that is not kebab-case", async () => {
    const front = withLine("- id: second-fact", "- id: Second_Fact");
    expect(await errorsFor(summaryText(front))).toEqual([
      `${F}:14:7 facts[1].id: "Second_Fact" must be lowercase kebab-case (like "north-korea")`,
    ]);
  });
});

describe("source ids", () => {
  it("rejects an unknown source in a fact's sources, at that entry, suggesting a near id", async () => {
    const front = withLine("  sources: [example-news]", "  sources: [example-news, swen-elpmaxe]");
    expect(await errorsFor(summaryText(front))).toEqual([
      `${F}:16:27 facts[1].sources[1]: unknown source "swen-elpmaxe" (did you mean "example-news"?)`,
    ]);
  });

  it("rejects an unknown source in based_on, on the line of the bad entry of a block list", async () => {
    const front = withLine("based_on:", "based_on:\n- example-news\n- nowhere-news");
    // based_on spans lines 6-8; facts move down by two.
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:8:3 based_on[1]: unknown source "nowhere-news"`]);
  });

  it("rejects a source listed twice for one fact", async () => {
    const front = withLine("  sources: [example-news]", "  sources: [example-news, example-news]");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:16:27 facts[1].sources[1]: source "example-news" is listed twice`]);
  });

  it("rejects a source id in sources.yaml that is not kebab-case, at its key", async () => {
    const dir = await contentDir();
    await dir.write("sources.yaml", `${SOURCES}Bad_Id:\n  name: Bad\n  kind: outlet\n`);
    expect(await errorsOf(dir)).toEqual([`content/sources.yaml:9:1 Bad_Id: source id "Bad_Id" must be lowercase kebab-case`]);
  });

  it("rejects a source kind that is not in the list", async () => {
    const dir = await contentDir();
    await dir.write("sources.yaml", SOURCES.replace("kind: outlet", "kind: blog"));
    const [line] = await errorsOf(dir);
    expect(line).toMatch(/^content\/sources\.yaml:3:9 example-news\.kind: must be one of outlet, broadcaster, /);
  });
});

describe("source URLs", () => {
  for (const url of [
    "http://example.org/news",
    "javascript:alert(1)",
    "data:text/html,hi",
    "//example.org",
    "https://user:pw@example.org/",
  ]) {
    it(`rejects ${url} in sources.yaml: only https: URLs`, async () => {
      const dir = await contentDir();
      await dir.write("sources.yaml", SOURCES.replace("url: https://example.org/news", `url: "${url}"`));
      expect(await errorsOf(dir)).toEqual([`content/sources.yaml:4:8 example-news.url: "${url}" must be an https: URL`]);
    });
  }

  it("rejects a publication base_url that is not an https: origin", async () => {
    const dir = await contentDir();
    await dir.write("publication.yaml", "title: T\ndescription: D\nlanguage: en\npublisher: P\nbase_url: http://news.example\n");
    expect(await errorsOf(dir)).toEqual([
      `content/publication.yaml:5:11 base_url: "http://news.example" must be an https: origin like https://news.example`,
    ]);
  });

  it("rejects a publication timezone that is not an IANA time zone name, at its line", async () => {
    for (const zone of ["Mars/Olympus_Mons", "+09:00", "'Asia/Seoul; x'"]) {
      const dir = await contentDir();
      await dir.write("publication.yaml", `title: T\ndescription: D\nlanguage: en\npublisher: P\ntimezone: ${zone}\n`);
      const shown = zone.replace(/^'|'$/g, "");
      expect(await errorsOf(dir), zone).toEqual([
        `content/publication.yaml:5:11 timezone: "${shown}" is not an IANA time zone name like Europe/Berlin or UTC`,
      ]);
    }
  });

  it("makes the Fediverse handle from the title unless publication.yaml names one, and rejects one Mastodon would not take", async () => {
    const dir = await contentDir();
    await dir.write("publication.yaml", "title: Daily Facts — Korea\ndescription: D\nlanguage: en\npublisher: P\n");
    const built = await buildArchive(dir.content, dir.root);
    expect(built.ok && built.archive.publication.fediverse_handle).toBe("daily_facts");
    await dir.write("publication.yaml", "title: T\ndescription: D\nlanguage: en\npublisher: P\nfediverse_handle: news\n");
    const named = await buildArchive(dir.content, dir.root);
    expect(named.ok && named.archive.publication.fediverse_handle).toBe("news");
    await dir.write("publication.yaml", "title: T\ndescription: D\nlanguage: en\npublisher: P\nfediverse_handle: Bad-Handle\n");
    const [error] = await errorsOf(dir);
    expect(error).toMatch(/^content\/publication\.yaml:5:\d+ fediverse_handle: /);
  });

  it("still checks summaries against the source ids when sources.yaml has a bad entry", async () => {
    const dir = await contentDir();
    await dir.write("sources.yaml", SOURCES.replace("url: https://example.org/news", "url: http://example.org/news"));
    await dir.write("summaries/example.md", summaryText(FRONT.replace("based_on: [example-news]", "based_on: [nowhere]"), BODY));
    expect(await errorsOf(dir)).toEqual([
      `content/sources.yaml:4:8 example-news.url: "http://example.org/news" must be an https: URL`,
      `${F}:6:12 based_on[0]: unknown source "nowhere"`,
    ]);
  });
});
