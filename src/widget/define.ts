/**
 * Registers `<key-facts>` safely. The element (and Lit with it) is evaluated only when the
 * page has no `key-facts` yet, so a second copy of the script, or a page's own `key-facts`,
 * costs one warning: no throw, and no second Trusted Types policy for a strict CSP to refuse.
 */

const WARNED = Symbol.for("key-facts.define-warned");

function warnOnce(name: string): false {
  const flags = globalThis as { [WARNED]?: true };
  if (!flags[WARNED]) console.warn(`<${name}> is already defined on this page; this copy leaves it alone.`);
  flags[WARNED] = true;
  return false;
}

/** Defines `name` with the element `load` gives, unless the page already has one. Never rejects. */
export async function define(name: string, load: () => Promise<CustomElementConstructor>): Promise<boolean> {
  try {
    if (customElements.get(name)) return warnOnce(name);
    const element = await load();
    if (customElements.get(name)) return warnOnce(name);
    customElements.define(name, element);
    return true;
  } catch {
    // No registry, or a definition raced ours: the page keeps what it has.
    return warnOnce(name);
  }
}
