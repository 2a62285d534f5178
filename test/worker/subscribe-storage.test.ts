/**
 * The subscribers' tables (migrations/): every statement is a bound constant, and the
 * lookups that run per request or per send use an index, as EXPLAIN QUERY PLAN shows.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DIGEST_MATCHING, MATCHING } from "../../src/worker/sending/fanout";
import { STATEMENTS } from "../../src/worker/subscriptions/subscribers";
import source from "../../src/worker/subscriptions/subscribers.ts?raw";

async function plan(sql: string): Promise<string> {
  const params = Math.max(0, ...[...sql.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...Array.from({ length: params }, () => null))
    .all();
  return results.map((r) => String(r.detail)).join("\n");
}

describe("subscriber storage", () => {
  it("prepares only constant statements: SQL is bound, never concatenated", () => {
    const prepared = [...source.matchAll(/\.prepare\(([^)]*)\)/g)].map((m) => m[1]);
    expect(prepared.length).toBeGreaterThan(10);
    for (const arg of prepared) expect(arg, `prepare(${arg})`).toMatch(/^[A-Z_]+$/);
    for (const [name, sql] of Object.entries(STATEMENTS)) {
      // Constants of the module, with numbered parameters; no template interpolation.
      expect(source, name).toMatch(new RegExp(`const ${name} =\\s*[\`"]`));
      expect(sql, name).not.toContain("${");
    }
    expect(source).not.toMatch(/prepare\(`/);
  });

  it.each([
    ["BY_KEY", "sqlite_autoindex_subscribers_1"],
    ["BY_ID", "INTEGER PRIMARY KEY"],
    ["TOPICS_OF", "PRIMARY KEY"],
    ["CONSENTS_OF", "consents_by_subscriber"],
    ["CONFIRM", "INTEGER PRIMARY KEY"],
    ["CLAIM_MAIL", "INTEGER PRIMARY KEY"],
  ] as const)("serves %s from an index (%s)", async (name, index) => {
    expect(await plan(STATEMENTS[name])).toContain(index);
  });

  it.each([
    ["a summary's", MATCHING],
    ["a digest's", DIGEST_MATCHING],
  ])("pages %s subscribers by walking the ids from the cursor, each row read once, topics by their key", async (_, sql) => {
    const p = await plan(sql);
    expect(p).toMatch(/SEARCH s USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(p).not.toMatch(/TEMP B-TREE|SCAN s\b/);
    if (sql === MATCHING) expect(p).toMatch(/SEARCH t USING (COVERING INDEX|PRIMARY KEY)/);
  });

  it("refuses a status or cadence outside the contract", async () => {
    const insert =
      "INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at) VALUES (?1, ?1, ?2, ?3, 1, 0, 0)";
    await expect(env.DB.prepare(insert).bind("x@example.com", "gone", "each").run()).rejects.toThrow(/CHECK/);
    await expect(env.DB.prepare(insert).bind("y@example.com", "pending", "hourly").run()).rejects.toThrow(/CHECK/);
  });
});
