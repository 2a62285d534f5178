import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("GET /api/v1/summaries", () => {
  it("lists the summaries newest first", async () => {
    const res = await SELF.fetch("https://example.com/api/v1/summaries");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = (await res.json()) as { items: { slug: string; url: string }[] };
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items[0]?.url).toMatch(/^https:\/\/example\.com\/summaries\//);
  });
});
