/** Registers `<key-facts>` safely: a second copy of the script, or a page's own `key-facts`, warns once and never throws. */
import { KeyFacts } from "./key-facts";

/** Defines `name` unless the page already has it; returns whether this call defined it. */
export function define(name = "key-facts", element: CustomElementConstructor = KeyFacts): boolean {
  try {
    if (!customElements.get(name)) {
      customElements.define(name, element);
      return true;
    }
  } catch {
    // Lost a race with another definition: same outcome as finding one.
  }
  console.warn(`<${name}> is already defined on this page; this copy of widget.js leaves it alone.`);
  return false;
}
