/**
 * The W3C Feed Validation Service's rules (see feeds-w3c-rules.ts for how each is checked):
 * the real archive's feeds give no errors and no warnings but the one any extension
 * namespace draws; hostile summaries give no errors and only the warnings the validator
 * raises for plain text that merely looks like HTML.
 */
import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/shared/api-schema";
import { KEY_FACTS_NS } from "../../src/shared/limits";
import { buildFeeds, hostilePublication, hostileSummaries, jsonFeedErrors, ORIGIN, realSummaries } from "./feeds-support";
import { checkAtom, checkRss, type Finding } from "./feeds-w3c-rules";

const EXTENSION: Finding = { rule: "UnknownNamespace (the key-facts extension)", level: "warning", where: "xmlns", detail: KEY_FACTS_NS };

/** Whether summary `s` has a fact naming source `id`, as origin or relay. */
const names = (s: Summary, id: string) => s.facts.some((f) => f.sources.some((src) => src.id === id || src.via.some((v) => v.id === id)));

describe.each([
  { name: "publication", tag: undefined, source: undefined, base: ORIGIN },
  { name: "tag", tag: "north-korea", source: undefined, base: `${ORIGIN}/tags/north-korea` },
  { name: "source (a relay)", tag: undefined, source: { id: "rfa", name: "Radio Free Asia" }, base: `${ORIGIN}/sources/rfa` },
  { name: "source (an origin)", tag: undefined, source: { id: "saednews", name: "SaedNews" }, base: `${ORIGIN}/sources/saednews` },
])("the real archive's $name feeds", ({ tag, source, base }) => {
  const summaries = realSummaries().filter(
    (s) => (tag === undefined || s.tags.includes(tag)) && (source === undefined || names(s, source.id)),
  );
  const plain = buildFeeds(summaries, { tag, tagName: tag && "North Korea", source });
  const withHub = buildFeeds(summaries, { tag, source, hub: "https://hub.example/" });

  it("hold the summaries their scope names", () => {
    expect(summaries.length).toBeGreaterThan(0);
    expect(plain.channel.items).toHaveLength(summaries.length);
    expect(jsonFeedErrors(plain.json)).toEqual([]);
  });

  it("pass every RSS rule, the extension namespace aside", () => {
    expect(checkRss(plain.rss, `${base}/feed.xml`, KEY_FACTS_NS)).toEqual([EXTENSION]);
    expect(checkRss(withHub.rss, `${base}/feed.xml`, KEY_FACTS_NS)).toEqual([EXTENSION]);
  });

  it("pass every Atom rule, the extension namespace aside", () => {
    expect(checkAtom(plain.atom, `${base}/atom.xml`, KEY_FACTS_NS)).toEqual([EXTENSION]);
    expect(checkAtom(withHub.atom, `${base}/atom.xml`, KEY_FACTS_NS)).toEqual([EXTENSION]);
  });
});

describe("item content", () => {
  it("is valid HTML, which the validator's strict HTML parser would accept (NotHtml)", async () => {
    const html = new HtmlValidate({ extends: ["html-validate:standard"] });
    for (const summaries of [realSummaries(), hostileSummaries()]) {
      for (const item of buildFeeds(summaries).channel.items) {
        const report = await html.validateString(item.contentHtml);
        expect(report.results.flatMap((r) => r.messages.map((m) => `${item.id}: ${m.ruleId} ${m.message}`))).toEqual([]);
      }
    }
  });
});

describe("the hostile fixture's feeds", () => {
  const feeds = buildFeeds(hostileSummaries(), { publication: hostilePublication });
  // The validator cannot tell "a title about </b> tags" from a title carrying HTML; it warns
  // on either. Those warnings describe the text, not the serialisation, and are the only ones.
  const heuristic = (f: Finding) => f.rule === "ContainsHTML" || f.rule === "ContainsUndeclaredHTML";

  it("give no RSS errors, and warnings only for text that looks like HTML", () => {
    const findings = checkRss(feeds.rss, `${ORIGIN}/feed.xml`, KEY_FACTS_NS);
    expect(findings.filter((f) => !heuristic(f) && f.rule !== EXTENSION.rule)).toEqual([]);
    expect(findings.filter(heuristic).every((f) => /<\/[a-z]+>/i.test(f.detail ?? ""))).toBe(true);
  });

  it("give no Atom errors, and warnings only for text that looks like HTML", () => {
    const findings = checkAtom(feeds.atom, `${ORIGIN}/atom.xml`, KEY_FACTS_NS);
    expect(findings.filter((f) => !heuristic(f) && f.rule !== EXTENSION.rule)).toEqual([]);
    expect(findings.filter(heuristic).every((f) => /<\/[a-z]+>/i.test(f.detail ?? ""))).toBe(true);
  });
});

describe("the rule checks themselves", () => {
  const rss = buildFeeds(realSummaries()).rss;

  it("catch a wrong weekday, a missing guid, a relative link in content and a foreign self link", () => {
    const broken = rss
      .replace("Mon, 23 Nov 2026", "Tue, 23 Nov 2026")
      .replace(/<guid isPermaLink="true">[^<]*<\/guid>/, "")
      .replace("&#x3C;p>", '&#x3C;p>&#x3C;a href="/relative">x&#x3C;/a>');
    const rules = checkRss(broken, "https://elsewhere.example/feed.xml", KEY_FACTS_NS).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(["IncorrectDOW", "MissingGuid", "ContainsRelRef", "SelfDoesntMatchLocation"]));
  });

  it("catch HTML in a plain-text title, a script in content, and a malformed document", () => {
    const broken = rss
      .replace(/<title>Thousands/, "<title>&#x3C;b>Thousands&#x3C;/b>")
      .replace("&#x3C;p>", "&#x3C;script>x&#x3C;/script>&#x3C;p>");
    const rules = checkRss(broken, `${ORIGIN}/feed.xml`, KEY_FACTS_NS).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(["ContainsHTML", "SecurityRisk"]));
    expect(checkRss(rss.replace("</channel>", ""), `${ORIGIN}/feed.xml`, KEY_FACTS_NS).map((f) => f.rule)).toEqual(["SAXError"]);
  });

  it("catch a non-UTC Atom date and HTML in a text construct", () => {
    const atom = buildFeeds(realSummaries())
      .atom.replace("<updated>2026-11-23T00:00:00Z", "<updated>2026-11-23T09:00:00+09:00")
      .replace("<summary>South", "<summary>&#x3C;/p>South");
    const rules = checkAtom(atom, `${ORIGIN}/atom.xml`, KEY_FACTS_NS).map((f) => f.rule);
    expect(rules).toEqual(expect.arrayContaining(["W3DTFDateNonUTC", "ContainsUndeclaredHTML"]));
  });
});
