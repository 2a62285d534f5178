import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/worker/admin/csv";
import { parseImport } from "../../src/worker/admin/import-map";

describe("reading an export's CSV", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, after a byte-order mark", () => {
    const csv = readCsv('\uFEFFemail,name\r\na@example.com,"Ann, ""the editor""\nof Keyfacts"\r\nb@example.org,Bo\n');
    expect(csv.header).toEqual(["email", "name"]);
    expect(csv.records).toEqual([
      { record: 2, fields: ["a@example.com", 'Ann, "the editor"\nof Keyfacts'] },
      { record: 3, fields: ["b@example.org", "Bo"] },
    ]);
    expect(csv.error).toBeUndefined();
  });

  it("skips blank records but numbers the others as the file does; a last line without a break counts", () => {
    const csv = readCsv("email\n\n  \nc@example.com\rd@example.com");
    expect(csv.records.map((r) => [r.record, r.fields[0]])).toEqual([
      [4, "c@example.com"],
      [5, "d@example.com"],
    ]);
  });

  it("names the record where a quote is never closed and keeps the ones before it", () => {
    const csv = readCsv('email,name\na@example.com,Ann\nb@example.com,"Bo\nc@example.com,Cy\n');
    expect(csv.records).toEqual([{ record: 2, fields: ["a@example.com", "Ann"] }]);
    expect(csv.error).toEqual({ record: 3, message: "a quoted field is never closed" });
  });

  it("keeps a stray quote inside an unquoted field as it is", () => {
    expect(readCsv('email,name\na@example.com,O"Brien\n').records[0]?.fields).toEqual(["a@example.com", 'O"Brien']);
  });
});

describe("an import's rows from its CSV", () => {
  it("reports the unreadable record as a problem, imports the rows before it, and matches short rows by position", () => {
    const parsed = parseImport('email,status\na@example.com\nb@example.com,unsubscribed,extra\nc@example.com,"x\n', "auto");
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.rows.map((r) => [r.row, r.state])).toEqual([
      [2, "subscribed"],
      [3, "unsubscribed"],
    ]);
    expect(parsed.problems).toEqual([{ row: 4, message: "the CSV cannot be read from here on: a quoted field is never closed" }]);
  });

  it("does not let a header named __proto__ reach an object's prototype", () => {
    const parsed = parseImport("__proto__,email\npolluted,a@example.com\n", "auto");
    if ("error" in parsed) throw new Error(parsed.error);
    expect(parsed.rows).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
