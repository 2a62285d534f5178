/** Dates in front matter: real calendar days only, RFC 3339 with offset, updated never before published. */
import { describe, expect, it } from "vitest";
import { buildOne, built, contentDir, errorsFor, FRONT, PUBLICATION, summaryText, withLine } from "./support/content-dir";

const F = "content/summaries/example.md";
const publishedAs = (value: string) => summaryText(withLine("published:", `published: ${value}`));

describe("summary dates", () => {
  it("rejects 30 February 2024 as not a real day, at the published line", async () => {
    expect(await errorsFor(publishedAs("2024-02-30"))).toEqual([`${F}:4:12 published: "2024-02-30" is not a real calendar date`]);
  });

  it("rejects 29 February 2023, which was not a leap year", async () => {
    expect(await errorsFor(publishedAs("2023-02-29"))).toEqual([`${F}:4:12 published: "2023-02-29" is not a real calendar date`]);
  });

  it("accepts 29 February 2024 as midnight UTC", async () => {
    expect((await buildOne(publishedAs("2024-02-29"))).published).toBe("2024-02-29T00:00:00Z");
  });

  it("reads a date as the midnight that starts it in the publication's time zone, which every summary carries", async () => {
    const dir = await contentDir();
    await dir.write("publication.yaml", `${PUBLICATION.trimEnd()}\ntimezone: America/New_York\n`);
    await dir.write("summaries/example.md", publishedAs("2024-02-29"));
    const { example } = await built(dir);
    expect(example?.published).toBe("2024-02-29T00:00:00-05:00");
    expect(example?.publication.timezone).toBe("America/New_York");
  });

  it("accepts an RFC 3339 date-time with offset and keeps the offset", async () => {
    expect((await buildOne(publishedAs("2024-02-29T09:30:00+09:00"))).published).toBe("2024-02-29T09:30:00+09:00");
  });

  it("rejects a date-time without an offset", async () => {
    expect(await errorsFor(publishedAs("2024-02-29T09:30:00"))).toEqual([
      `${F}:4:12 published: "2024-02-29T09:30:00" is not a date: write YYYY-MM-DD or an RFC 3339 date-time with offset`,
    ]);
  });

  it("rejects an impossible time of day", async () => {
    expect(await errorsFor(publishedAs("2024-02-29T24:00:00Z"))).toEqual([
      `${F}:4:12 published: "2024-02-29T24:00:00Z" is not a real time of day`,
    ]);
  });

  it("rejects updated before published, at the updated line", async () => {
    const front = withLine("published:", "published: 2024-02-29\nupdated: 2024-02-28");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:5:10 updated: 2024-02-28 is before published 2024-02-29`]);
  });

  it("compares updated and published as instants, not as text", async () => {
    // 01:00+02:00 is 23:00 UTC the day before published.
    const front = withLine("published:", "published: 2024-02-29\nupdated: 2024-02-29T01:00:00+02:00");
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:5:10 updated: 2024-02-29T01:00:00+02:00 is before published 2024-02-29`]);
  });

  it("accepts updated after published and serves both", async () => {
    const s = await buildOne(summaryText(withLine("published:", "published: 2024-02-29\nupdated: 2024-03-01T12:00:00Z")));
    expect([s.published, s.updated]).toEqual(["2024-02-29T00:00:00Z", "2024-03-01T12:00:00Z"]);
  });

  it("rejects an impossible correction date at its list item", async () => {
    const front = `${FRONT}\ncorrections:\n- date: 2023-02-29\n  text: "Fixed a figure."`;
    expect(await errorsFor(summaryText(front))).toEqual([`${F}:18:9 corrections[0].date: "2023-02-29" is not a real calendar date`]);
  });

  it("rejects a date written as a bare number", async () => {
    expect(await errorsFor(publishedAs("2024"))).toEqual([`${F}:4:12 published: must be text, not number 2024`]);
  });
});
