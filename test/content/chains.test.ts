/** How a claim travelled (`{id, via}`) and who could not verify it (`unverified: {by}`): each mistake named at its place. */
import { describe, expect, it } from "vitest";
import { buildOne, errorsFor, summaryText, withLine } from "./support/content-dir";

const F = "content/summaries/example.md";
const SECOND = "  sources: [example-news]";
const withSources = (line: string) => summaryText(withLine(SECOND, line));

describe("a fact's sources as chains", () => {
  it.each([
    ["an unknown origin", "  sources: [{id: nowhere, via: [example-news]}]", `${F}:16:18 facts[1].sources[0].id: unknown source "nowhere"`],
    [
      "an unknown relay, at that link",
      "  sources: [{id: example-stats, via: [example-news, nowhere]}]",
      `${F}:16:53 facts[1].sources[0].via[1]: unknown source "nowhere"`,
    ],
    [
      "a chain that repeats a source",
      "  sources: [{id: example-news, via: [example-stats, example-news]}]",
      `${F}:16:53 facts[1].sources[0].via[1]: source "example-news" appears twice in one chain`,
    ],
    [
      "a source that relays itself",
      "  sources: [{id: example-news, via: [example-news]}]",
      `${F}:16:38 facts[1].sources[0].via[0]: source "example-news" appears twice in one chain`,
    ],
    [
      "a via without an origin",
      "  sources: [{via: [example-news]}]",
      `${F}:16:13 facts[1].sources[0]: has via but no id: a chain starts with id, the source the claim comes from`,
    ],
    [
      "an empty via",
      "  sources: [{id: example-news, via: []}]",
      `${F}:16:13 facts[1].sources[0]: must be a source id, or a chain like {id: rosstat, via: [rfa]}`,
    ],
    [
      "the same origin twice, in short and long form",
      "  sources: [example-news, {id: example-news, via: [example-stats]}]",
      `${F}:16:27 facts[1].sources[1]: source "example-news" is listed twice`,
    ],
    [
      "a field a chain does not have",
      "  sources: [{id: example-news, from: [example-stats]}]",
      `${F}:16:13 facts[1].sources[0]: must be a source id, or a chain like {id: rosstat, via: [rfa]}`,
    ],
  ])("rejects %s", async (_what, line, error) => {
    expect(await errorsFor(withSources(line))).toEqual([error]);
  });

  it("rejects an unverified mark by an unknown source, at its by", async () => {
    const front = withLine(SECOND, `${SECOND}\n  unverified: {by: nowhere}`);
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:17:20 facts[1].unverified.by: unknown source "nowhere"`]);
  });

  it("builds the chain, the flag and the count of independent origins into the API fact", async () => {
    const front = withLine(SECOND, "  sources: [{id: example-stats, via: [example-news]}, example-news]\n  unverified: {by: example-news}");
    // example-news is an origin and a relay: distinct origins are what count.
    const summary = await buildOne(summaryText(front));
    const fact = summary.facts[1];
    expect(fact?.sources.map((s) => [s.id, s.via.map((v) => v.id)])).toEqual([
      ["example-stats", ["example-news"]],
      ["example-news", []],
    ]);
    expect(fact?.unverified?.by.name).toBe("Example News");
    expect(fact?.independent_sources).toBe(2);
    expect(summary.facts[0]?.unverified).toBeNull();
    expect(summary.facts[0]?.sources.every((s) => s.via.length === 0)).toBe(true);
  });
});
