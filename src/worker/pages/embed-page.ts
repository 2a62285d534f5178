/**
 * `/embed/…`: the key-facts card as a page made to be framed. It renders the card's shared
 * markup (`src/shared/card-markup.ts`) from the shared view model, with the card's own
 * stylesheet inlined, so the iframe and `<key-facts>` look alike by construction.
 * No script: links open in a new tab, theme comes from `?theme=`.
 * @module
 */

import { embedCss, iconLinks } from "../../../build/assets.js";
import { cardMarkup } from "../../shared/card-markup";
import type { CardView } from "../../shared/card-model";
import { documentOf, html, markup, raw } from "./html";

export const THEMES = ["auto", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

interface EmbedInput {
  view: CardView;
  /** The page the card stands for. */
  canonical: string;
  theme: Theme;
  /** The publication's language, for a card whose own is unknown. */
  language: string;
}

/** A whole framed document around one card. */
export function embedPage({ view, canonical, theme, language }: EmbedInput): string {
  return documentOf(html`<html lang="${view.lang || language}">
    <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>Key facts: ${view.title.text}</title>
      <meta name="robots" content="noindex"/>
      <link rel="canonical" href="${canonical}"/>
      <style>${raw(embedCss)}</style>
      ${raw(iconLinks)}
    </head>
    <body><main class="kf-host" data-theme="${theme}">${markup(cardMarkup(view, { kind: "embed" }))}</main></body>
  </html>`);
}
