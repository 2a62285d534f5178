/**
 * Test support for HTML responses inside workerd: fetch a page and query its elements with
 * the runtime's own streaming parser (HTMLRewriter), the way a crawler or CMS would read it.
 * @module
 */
import { exports } from "cloudflare:workers";

export const ORIGIN = "https://example.com";

export const get = (path: string, init?: RequestInit) => exports.default.fetch(`${ORIGIN}${path}`, init);

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

export interface Found {
  attrs: Record<string, string>;
  /** Text content as served (entities not decoded). */
  text: string;
}

/** Every element matching `selector` in `html`, with its attributes and text. */
export async function select(html: string, selector: string): Promise<Found[]> {
  const found: Found[] = [];
  const open: Found[] = [];
  await new HTMLRewriter()
    .on(selector, {
      element(el) {
        const item: Found = { attrs: Object.fromEntries(el.attributes), text: "" };
        found.push(item);
        // Void elements (meta, link) have no end tag and no text.
        if (VOID.has(el.tagName)) return;
        open.push(item);
        el.onEndTag(() => {
          open.splice(open.indexOf(item), 1);
        });
      },
      text(chunk) {
        for (const item of open) item.text += chunk.text;
      },
    })
    .transform(new Response(html))
    .text();
  return found;
}

export { decode } from "../support/html";

/** The parsed JSON-LD blocks of a page. */
export async function jsonLd(html: string): Promise<Record<string, unknown>[]> {
  const blocks = await select(html, 'script[type="application/ld+json"]');
  return blocks.map((b) => JSON.parse(b.text) as Record<string, unknown>);
}

/** `'sha256-…'` of each `<style>` element's text, as a CSP names it. */
export async function styleHashes(html: string): Promise<string[]> {
  const hashes: string[] = [];
  for (const style of await select(html, "style")) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style.text));
    hashes.push(`'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
  }
  return hashes;
}
