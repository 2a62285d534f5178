/** Page cursors: opaque, bound to the archive edition and the tag, refused when forged. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_CURSOR } from "../../src/shared/limits";
import { decodeCursor, encodeCursor } from "../../src/worker/lib/cursor";
import { ProblemError } from "../../src/worker/lib/problem";

const version = fc.stringMatching(/^[0-9a-f]{16}$/);
const tag = fc.option(fc.stringMatching(/^[a-z0-9]{1,10}(?:-[a-z0-9]{1,10}){0,2}$/), { nil: undefined });

/** The problem a decode throws, or undefined when it returns. */
function refusal(run: () => unknown): ProblemError | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(ProblemError);
    return e as ProblemError;
  }
}

describe("cursors", () => {
  it("decode to the offset they were made for", () => {
    fc.assert(
      fc.property(version, tag, fc.integer({ min: 2, max: 1_000_000 }), fc.nat(), (v, t, count, n) => {
        const offset = 1 + (n % (count - 1));
        const cursor = encodeCursor(v, offset, t);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR);
        expect(decodeCursor(cursor, v, t, count)).toBe(offset);
      }),
      { numRuns: 1000 },
    );
  });

  it("are refused for another edition, another tag or outside the list, as 400 invalid-cursor", () => {
    fc.assert(
      fc.property(version, version, tag, tag, fc.integer({ min: 1, max: 1000 }), (v, other, t, otherTag, offset) => {
        const cursor = encodeCursor(v, offset, t);
        if (other !== v) expect(refusal(() => decodeCursor(cursor, other, t, offset + 1))?.type).toBe("invalid-cursor");
        if (otherTag !== t) expect(refusal(() => decodeCursor(cursor, v, otherTag, offset + 1))?.type).toBe("invalid-cursor");
        expect(refusal(() => decodeCursor(cursor, v, t, offset))?.status).toBe(400);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuse any string they were not made from, naming the cursor field", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        const err = refusal(() => decodeCursor(s, "0123456789abcdef", undefined, 1_000_000));
        // A random string can, very rarely, be a well-formed cursor; then it decodes in range.
        if (err) {
          expect(err.status).toBe(400);
          expect(err.errors?.map((e) => e.field)).toEqual(["cursor"]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
