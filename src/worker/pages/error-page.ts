/** The HTML error pages: the site's, and the card-sized one of the framable embeds (API-like routes answer problem+json instead). */
import { embedCss, iconLinks } from "../../../build/assets.js";
import type { Publication } from "../../shared/archive";
import { documentOf, html, raw } from "./html";
import { layout } from "./layout";

export function errorPage(publication: Publication, status: number, title: string, detail: string): string {
  return layout(
    { origin: "", publication, title: `${title} (${status})`, description: detail, feeds: [] },
    html`<h1>${title}</h1>
      <p class="lede">${detail}</p>
      <p>${status === 404 && "The address may be mistyped, or the page may have moved. "}<a href="/">Go to the front page</a> for the latest summaries, or <a href="/#topics">browse the topics</a>.</p>`,
  );
}

/**
 * An error inside someone else's page: the card's frame with a short message, as the widget
 * shows one, instead of the whole site (header, navigation, footer) squeezed into an iframe.
 */
export function embedErrorPage(publication: Publication, status: number, title: string, detail: string): string {
  return documentOf(html`<html lang="${publication.language}">
    <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title>${title} (${status})</title>
      <meta name="robots" content="noindex"/>
      <style>${raw(embedCss)}</style>
      ${raw(iconLinks)}
    </head>
    <body><main class="kf-host" data-theme="auto"><section class="kf-card kf-failed" aria-labelledby="kf-title">
      <header class="kf-header"><p class="kf-kicker">Key facts</p><h1 class="kf-title" id="kf-title">${title}</h1></header>
      <p class="kf-message">${detail}</p>
    </section></main></body>
  </html>`);
}
