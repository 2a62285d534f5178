/** Strict query strings: unknown or repeated parameters are errors, not silently ignored. */
import type { Context } from "hono";
import { KEBAB, LIMIT, MAX_TAG } from "../../shared/limits";
import { invalidParam, ProblemError } from "./problem";

/**
 * The query as single values, after checking every name is in `allowed` and appears once.
 * @throws ProblemError 400
 */
export function strictQuery<K extends string>(c: Context, allowed: readonly K[]): Partial<Record<K, string>> {
  const all = c.req.queries();
  const out: Partial<Record<K, string>> = {};
  const unknown = Object.keys(all).filter((k) => !(allowed as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new ProblemError(
      "unknown-parameter",
      `unknown query parameter${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}; this endpoint takes ${allowed.length ? allowed.join(", ") : "none"}`,
      unknown.map((field) => ({ field, message: "is not a parameter of this endpoint" })),
    );
  }
  for (const k of allowed) {
    const v = Object.hasOwn(all, k) ? all[k] : undefined;
    if (!v) continue;
    if (v.length > 1) throw invalidParam(k, "is given more than once");
    out[k] = v[0] as string;
  }
  return out;
}

/** `limit`: a whole number in [1, max], default `fallback`. */
export function parseLimit(raw: string | undefined, fallback: number = LIMIT.default, max: number = LIMIT.max): number {
  if (raw === undefined) return fallback;
  if (!/^[0-9]{1,4}$/.test(raw) || Number(raw) < LIMIT.min || Number(raw) > max) {
    throw invalidParam("limit", `must be a whole number from ${LIMIT.min} to ${max}`);
  }
  return Number(raw);
}

/** `tag`: lowercase kebab-case, or a 400. */
export function parseTag(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!KEBAB.test(raw) || raw.length > MAX_TAG) throw invalidParam("tag", "must be a lowercase kebab-case tag, like north-korea");
  return raw;
}
