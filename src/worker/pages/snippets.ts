/**
 * The three ways to embed a card, as the HTML a site owner copies: script + element, iframe,
 * and the bare link an oEmbed consumer turns into the iframe. Pure strings; pages show them
 * as escaped code and `/oembed` returns the iframe.
 * @module
 */

/** What a card shows: one summary (or one fact of it, by id), or the newest facts of a tag. */
export type CardTarget = { kind: "summary"; slug: string; fact?: string } | { kind: "tag"; tag: string };

/** Default facts in a tag card, as in the widget's `limit`. */
export const TAG_CARD_LIMIT = 5;

const ATTR_ESCAPES: Record<string, string> = { "&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;" };

/** Text made safe inside a double-quoted attribute (apostrophes stay readable in the snippet). */
export const escapeHtml = (text: string) => text.replace(/[&"<>]/g, (ch) => ATTR_ESCAPES[ch] as string);

export const embedPath = (t: CardTarget) =>
  t.kind === "summary" ? `/embed/${t.slug}${t.fact ? `?fact=${t.fact}` : ""}` : `/embed/tags/${t.tag}`;
export const pagePath = (t: CardTarget) =>
  t.kind === "summary" ? `/summaries/${t.slug}${t.fact ? `#fact-${t.fact}` : ""}` : `/tags/${t.tag}`;

export function scriptSnippet(origin: string, t: CardTarget): string {
  const element =
    t.kind === "summary"
      ? `<key-facts summary="${t.slug}"${t.fact ? ` fact="${t.fact}"` : ""}></key-facts>`
      : `<key-facts tag="${t.tag}" limit="${TAG_CARD_LIMIT}"></key-facts>`;
  return `<script type="module" src="${origin}/widget.js"></script>\n${element}`;
}

/**
 * The script pinned to this build of the widget, which the browser checks against its hash:
 * for sites that must not run code that changes under them (and get no fixes until they update).
 */
export function pinnedScriptSnippet(origin: string, t: CardTarget, widget: { version: string; integrity: string }): string {
  const [, element] = scriptSnippet(origin, t).split("\n");
  return (
    `<script type="module" src="${origin}/widget/${widget.version}.js"\n` +
    `        integrity="${widget.integrity}" crossorigin="anonymous"></script>\n${element}`
  );
}

export interface FrameSize {
  width: number;
  height: number;
}

/**
 * The iframe. `sandbox` keeps the card from running anything on the host (it needs no
 * script) while its links may still open, unsandboxed, in a new tab. The border goes
 * through `frameborder`, obsolete but honoured everywhere, rather than a `style` attribute:
 * host pages with a strict CSP refuse inline styles, and CMSs strip them from oEmbed HTML.
 */
export function iframeSnippet(origin: string, t: CardTarget, title: string, size: FrameSize): string {
  return (
    `<iframe src="${escapeHtml(origin + embedPath(t))}" title="${escapeHtml(`Key facts: ${title}`)}" ` +
    `width="${size.width}" height="${size.height}" loading="lazy" frameborder="0" ` +
    `sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>`
  );
}
