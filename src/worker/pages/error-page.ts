/** The HTML error page for page and embed routes (API-like routes answer problem+json instead). */
import type { Publication } from "../../shared/archive";
import { html } from "./html";
import { layout } from "./layout";

export function errorPage(publication: Publication, status: number, title: string, detail: string): string {
  return layout(
    { origin: "", publication, title: `${title} (${status})`, description: detail, feeds: [] },
    html`<h1>${title}</h1>
      <p class="lede">${detail}</p>
      <p>${status === 404 && "The address may be mistyped, or the page may have moved. "}<a href="/">Go to the front page</a> for the latest summaries, or <a href="/#topics">browse the topics</a>.</p>`,
  );
}
