/** Subscription tokens: signed, scoped to one action and subscriber, expiring confirm links. */
import { describe, expect, it } from "vitest";
import { checkToken, makeToken } from "../../src/worker/subscriptions/tokens";

const SECRET = "a-secret-for-these-tests-only-0123456789";
const NOW = Date.UTC(2026, 10, 1);

describe("tokens", () => {
  it("checks a token it made, for its action, naming its subscriber", async () => {
    const t = await makeToken(SECRET, "manage", 42);
    expect(await checkToken(SECRET, t, "manage", NOW)).toEqual({ ok: true, subscriber: 42 });
  });

  it("refuses a token for another action", async () => {
    const t = await makeToken(SECRET, "unsubscribe", 42);
    expect(await checkToken(SECRET, t, "manage", NOW)).toEqual({ ok: false, fault: "wrong-action" });
    expect(await checkToken(SECRET, t, "confirm", NOW)).toEqual({ ok: false, fault: "wrong-action" });
  });

  it("lets a confirm link expire", async () => {
    const t = await makeToken(SECRET, "confirm", 7, NOW + 1000);
    expect(await checkToken(SECRET, t, "confirm", NOW)).toEqual({ ok: true, subscriber: 7 });
    expect(await checkToken(SECRET, t, "confirm", NOW + 1000)).toEqual({ ok: false, fault: "expired" });
  });

  it("refuses a token signed with another secret", async () => {
    const t = await makeToken(`${SECRET}x`, "manage", 42);
    expect(await checkToken(SECRET, t, "manage", NOW)).toEqual({ ok: false, fault: "invalid" });
  });

  it("refuses a token whose subscriber, action or expiry was changed", async () => {
    const t = await makeToken(SECRET, "confirm", 42, NOW + 1000);
    const [v, a, , e, mac] = t.split(".");
    for (const forged of [
      `${v}.${a}.${(43).toString(36)}.${e}.${mac}`,
      `${v}.m.${(42).toString(36)}.${e}.${mac}`,
      `${v}.${a}.${(42).toString(36)}.0.${mac}`,
    ])
      expect((await checkToken(SECRET, forged, forged.split(".")[1] === "m" ? "manage" : "confirm", NOW)).ok).toBe(false);
  });

  it.each([
    ["absent", undefined],
    ["empty", ""],
    ["truncated", "cut"],
    ["another version", "2"],
    ["garbage", "not a token"],
    ["too long", "x".repeat(10_000)],
  ])("refuses a %s token as malformed", async (_, mangle) => {
    const t = await makeToken(SECRET, "manage", 42);
    const token = mangle === "cut" ? t.slice(0, -5) : mangle === "2" ? `2${t.slice(1)}` : mangle;
    expect(await checkToken(SECRET, token, "manage", NOW)).toEqual({ ok: false, fault: "malformed" });
  });
});
