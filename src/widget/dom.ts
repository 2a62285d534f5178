/** The card's shared markup tree (`src/shared/card-markup.ts`) as DOM nodes: text through text nodes, never parsed as HTML. */
import type { CardNode } from "../shared/card-markup";

export function toDom(node: CardNode): Node {
  if (typeof node === "string") return document.createTextNode(node);
  const element = document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) if (value != null) element.setAttribute(name, value);
  element.append(...node.children.map(toDom));
  return element;
}
