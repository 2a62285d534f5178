/** Test support for the mails: the real newest summary, and a copy of it grown to ten long facts. */
import type { Summary } from "../../src/shared/api-schema";
import { getSummary } from "../../src/worker/lib/store";

/** The newest summary of the real content. */
export const SLUG = "north-korean-labourers-russia-2024";

/** The real summary `SLUG`, its URLs under `origin`. */
export async function realSummary(origin: string): Promise<Summary> {
  const s = await getSummary(SLUG, origin);
  if (s === undefined) throw new Error(`${SLUG} is not in the archive`);
  return s;
}

/** `s` with ten long facts, each with the longest chain of sources it has. */
export function withTenLongFacts(s: Summary): Summary {
  const fact = s.facts[1] ?? s.facts[0];
  if (fact === undefined) throw new Error("the summary has no fact");
  const long = { ...fact, text: "A long claim about labour migration figures. ".repeat(20) };
  return { ...s, facts: Array.from({ length: 10 }, (_, i) => ({ ...long, id: `f${i}` })) };
}
