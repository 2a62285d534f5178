/**
 * Test support for HTML in Node: query a page's elements with html-validate's parser, so the
 * pure page renderers can be read without workerd. Values come back as served (entities not
 * decoded), as `test/worker/pages-html.ts` gives them inside workerd.
 * @module
 */
import { HtmlValidate, Parser } from "html-validate";

export interface Found {
  attrs: Record<string, string>;
  /** Text content as served (entities not decoded). */
  text: string;
}

const parser = new Parser(new HtmlValidate().getConfigForSync("page.html"));

/** Every element matching `selector` in `html`, with its attributes and text. */
export function select(html: string, selector: string): Found[] {
  return parser
    .parseHtml(html)
    .querySelectorAll(selector)
    .map((el) => ({ attrs: Object.fromEntries(el.attributes.map((a) => [a.key, String(a.value ?? "")])), text: el.textContent }));
}

/** Decodes the few entities the pages' escaping produces. */
export const decode = (text: string) =>
  text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** The parsed JSON-LD blocks of a page. */
export const jsonLd = (html: string): Record<string, unknown>[] =>
  select(html, 'script[type="application/ld+json"]').map((b) => JSON.parse(b.text) as Record<string, unknown>);

/**
 * The W3C-conformance rules of html-validate's recommended preset, minus three that judge
 * style or SEO rather than validity:
 * - `void-style`, `doctype-style`: `<meta>`/`<meta/>` and `<!doctype>`/`<!DOCTYPE>` are both
 *   valid; pages come from template strings, which self-close void elements;
 * - `long-title`: titles are the editors' headlines, up to 140 characters by the content rules.
 * And `form-dup-name` counts checkboxes among the controls that may share a name, as HTML
 * (and the W3C validator) allows: the subscribe form's topics are one group, `topic`.
 */
const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    "void-style": "off",
    "doctype-style": "off",
    "long-title": "off",
    "form-dup-name": ["error", { shared: ["radio", "button", "reset", "submit", "checkbox"] }],
  },
});

/** html-validate's findings on a whole page, as `line:col rule: message` lines (none for a valid page). */
export async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
}
