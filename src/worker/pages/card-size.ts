/**
 * How tall an iframe must be to show a card whole: the card's box model (from
 * `src/shared/card-styles.ts`) with each text's line count estimated from its length at a
 * wide average glyph (half an em, DejaVu Sans's width; most system fonts are narrower).
 * Embeds run no script to report their height, so oEmbed and the iframe snippets rely on
 * this; the browser tests hold it against the rendered card at several widths.
 * @module
 */
import type { CardView } from "../../shared/card-model";

/** Width of the iframe when the host asks for nothing else: a column of a typical article. */
export const CARD_WIDTH = 560;

/** Average glyph width in em, on the wide side so estimates err towards room to spare. */
const GLYPH_EM = 0.5;
const BASE_PX = 16;

// The card's box model at the default `--key-facts-font-size: 1rem`.
const PADDING = 20;
const BORDER_BLOCK = 3 + 1;
const BORDER_INLINE = 1 + 1;
const GAP = 14;
const FACT_INDENT = 18;
const FACT_PADDING = 10 + 10 + 1;
const SMALL = { px: 13, line: 19.5 };
const BODY = { px: BASE_PX, line: 24 };
const TITLE = { px: 20.8, line: 26 };
const KICKER_LINE = 18;
const STACK_GAP = 4;

/** Lines `text` takes at `px` in `avail` pixels, leaving each line's last half-word unused. */
function lines(text: string, px: number, avail: number): number {
  const perLine = Math.max(6, Math.floor(avail / (px * GLYPH_EM)) - 4);
  return Math.max(1, Math.ceil(text.length / perLine));
}

export function cardHeight(view: CardView, width = CARD_WIDTH): number {
  const inner = Math.max(width, 120) - 2 * PADDING - BORDER_INLINE;
  const factInner = inner - FACT_INDENT;
  let h = 2 * PADDING + BORDER_BLOCK + 2 * GAP;
  h += KICKER_LINE + STACK_GAP + lines(view.title.text, TITLE.px, inner) * TITLE.line;
  for (const [i, f] of view.facts.entries()) {
    h += FACT_PADDING + lines(f.text, BODY.px, factInner) * BODY.line;
    if (f.figure) h += STACK_GAP + lines(f.figure, BODY.px * 1.2, factInner) * BODY.line;
    // As card-markup.ts writes the line: each source with its chain, "; " between sources.
    const chains = f.sources.map((s) => [s.text, ...s.via.map((v, k) => `${k ? "cited by" : "via"} ${v.text}`)].join(", "));
    const sources = `Sources: ${chains.join("; ")}${f.independent ? ` · ${f.independent}` : ""}`;
    h += STACK_GAP + lines(sources, SMALL.px, factInner) * SMALL.line;
    if (f.unverified) h += STACK_GAP + lines(f.unverified, SMALL.px, factInner) * SMALL.line;
    // Tag mode: as card-markup.ts writes it, a summary's line heads the run of its facts, once.
    if (f.origin && f.origin.href !== view.facts[i - 1]?.origin?.href)
      h += STACK_GAP + lines(`${f.origin.text} · ${f.origin.date?.text ?? ""}`, SMALL.px, factInner) * SMALL.line;
  }
  const footer = `${view.publication.text}   ${view.date?.text ?? ""}   ${view.follow ? "Follow this story" : ""}`;
  h += 12 + 1 + lines(footer, SMALL.px, inner) * SMALL.line;
  // Room for rounding and for fonts a little wider than the estimate.
  return Math.ceil(h * 1.05 + 8);
}
