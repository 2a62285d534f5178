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
  it("decode to the offset they were made for, moved by what went live at the head since", () => {
    fc.assert(
      fc.property(version, tag, fc.integer({ min: 2, max: 1_000_000 }), fc.nat(), fc.nat(50), (v, t, count, n, live) => {
        const offset = 1 + (n % (count - 1));
        const cursor = encodeCursor(v, offset, count, t);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR);
        expect(decodeCursor(cursor, v, t, count)).toBe(offset);
        // `live` summaries went live (newest, so at the head of the list): the page after the same item.
        expect(decodeCursor(cursor, v, t, count + live)).toBe(offset + live);
      }),
      { numRuns: 1000 },
    );
  });

  it("are refused for another edition, another tag or outside the list, as 400 invalid-cursor", () => {
    fc.assert(
      fc.property(
        version,
        version,
        tag,
        tag,
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (v, other, t, otherTag, offset, after) => {
          const cursor = encodeCursor(v, offset, offset + after, t);
          if (other !== v) expect(refusal(() => decodeCursor(cursor, other, t, offset + after))?.type).toBe("invalid-cursor");
          if (otherTag !== t) expect(refusal(() => decodeCursor(cursor, v, otherTag, offset + after))?.type).toBe("invalid-cursor");
          // A list no longer than what the cursor leaves to read: it cannot have come from it.
          expect(refusal(() => decodeCursor(cursor, v, t, after))?.status).toBe(400);
        },
      ),
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
