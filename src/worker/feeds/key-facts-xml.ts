/**
 * The key-facts extension element of RSS and Atom items (`kf:facts`, namespace
 * `KEY_FACTS_NS` in shared/limits.ts): each fact with its figure and its sources, as structured data.
 * @module
 */
import type { FeedFact } from "./model";
import { element, xmlAttr } from "./xml";

/** The namespace prefix used in both XML formats (declared on the root element). */
export const KF = "kf";

function factElement(f: FeedFact): string {
  let xml = `<${KF}:fact id="${xmlAttr(f.id)}" independent-sources="${f.independent_sources}">`;
  xml += element(`${KF}:text`, {}, f.text);
  if (f.figure) {
    const g = f.figure;
    xml += element(`${KF}:figure`, {
      value: String(g.value),
      unit: g.unit,
      period: g.period,
      "as-of": g.as_of,
      approx: g.approx ? "true" : "false",
    });
  }
  for (const s of f.sources) {
    xml += element(`${KF}:source`, { id: s.id, kind: s.kind, url: s.url }, s.name);
    // Who relayed that source's claim, in order, each naming the origin it relays
    // (`<kf:source>` stays as it was, so readers of the first version still get it).
    for (const v of s.via) xml += element(`${KF}:via`, { source: s.id, id: v.id, kind: v.kind, url: v.url }, v.name);
  }
  if (f.unverified) xml += element(`${KF}:unverified`, { by: f.unverified.by.id }, f.unverified.by.name);
  return `${xml}</${KF}:fact>`;
}

/** `<kf:facts>` with every fact, or nothing when there are none. */
export function keyFactsElement(facts: readonly FeedFact[]): string {
  return facts.length === 0 ? "" : `<${KF}:facts>${facts.map(factElement).join("")}</${KF}:facts>`;
}
