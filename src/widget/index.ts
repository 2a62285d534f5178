/** The entry of `widget.js`: defines `<key-facts>` and exports its class for pages that extend it. */
import { define } from "./define";

define();

export type { KeyFactsErrorDetail, KeyFactsLoadDetail } from "./key-facts";
export { KeyFacts } from "./key-facts";
