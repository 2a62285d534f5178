/**
 * How a fact's provenance reads, in one place for the card, the pages, the feeds and mail:
 * "Russia's federal statistics service, via Radio Free Asia, cited by HNGN"; "2 independent
 * sources"; "Unverified: HNGN could not verify this".
 * @module
 */

interface Named {
  name: string;
}

/** A source and the chain its claim travelled, as one phrase. */
export function chainText(source: Named & { via?: readonly Named[] }): string {
  const via = source.via ?? [];
  return [source.name, ...via.map((v, i) => `${i === 0 ? "via" : "cited by"} ${v.name}`)].join(", ");
}

/** The links of a chain as [connective, source] pairs after the origin: [["via", rfa], ["cited by", hngn]]. */
export function chainLinks<T extends Named>(via: readonly T[]): [string, T][] {
  return via.map((v, i) => [i === 0 ? "via" : "cited by", v]);
}

/** "2 independent sources", or null for a fact with a single origin (nothing to say). */
export function independenceText(count: number): string | null {
  return count >= 2 ? `${count} independent sources` : null;
}

/** The text of an "unverified" mark: who says they could not verify the claim. */
export function unverifiedText(by: Named): string {
  return `Unverified: ${by.name} could not verify this`;
}
