/**
 * The pages' one way to write HTML: an `html` template tag that escapes every interpolated
 * value unless it is itself `Html` (from `html` or `raw`). Synchronous and a few lines long,
 * so the pages need no JSX runtime in the worker bundle.
 * @module
 */
import type { CardNode } from "../../shared/card-markup";

/** Markup that is already safe: written out as it is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What a template may interpolate: text is escaped, `null`/`undefined`/booleans print nothing, lists are joined. */
export type Child = Html | string | number | boolean | null | undefined | readonly Child[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe as element content and as a double-quoted attribute value. */
export const escapeText = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);

/** Our own markup that must not be escaped again (the content build's sanitised body, JSON-LD). Never for request data. */
export const raw = (markup: string) => new Html(markup);

function write(child: Child): string {
  if (child instanceof Html) return child.value;
  if (Array.isArray(child)) return child.map(write).join("");
  if (child === null || child === undefined || typeof child === "boolean") return "";
  return escapeText(String(child));
}

/**
 * `html\`<p class="x">${text}</p>\``. A line break and the indentation after it are dropped
 * from the template's own text, so templates can be laid out on several lines and still
 * render compact markup: keep running prose on one line.
 */
export function html(strings: TemplateStringsArray, ...values: Child[]): Html {
  let out = "";
  strings.forEach((s, i) => {
    out += s.replace(/\n\s*/g, "") + (i < values.length ? write(values[i] as Child) : "");
  });
  return new Html(out);
}

/** ` name="value"`, or nothing when the value is absent: for attributes a page sets only sometimes. */
export const attr = (name: string, value: string | null | undefined) => (value ? html` ${raw(name)}="${value}"` : "");

/** The card's shared markup tree (`src/shared/card-markup.ts`) as HTML: every text and attribute value escaped. */
export function markup(node: CardNode): Html {
  if (typeof node === "string") return html`${node}`;
  const attrs = Object.entries(node.attrs).map(([name, value]) => (value == null ? "" : html` ${raw(name)}="${value}"`));
  return html`<${raw(node.tag)}${attrs}>${node.children.map(markup)}</${raw(node.tag)}>`;
}

/** A whole page as sent: the doctype, then the document. */
export const documentOf = (root: Html) => `<!DOCTYPE html>\n${root.value}`;
