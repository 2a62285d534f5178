/** The HTML error page for page routes (API-like routes answer problem+json instead). */
import { html } from "hono/html";

export function errorPage(status: number, title: string, detail: string): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} (${status})</title><link rel="stylesheet" href="/styles.css"></head>
<body><main class="page"><h1>${title}</h1><p>${detail}</p><p><a href="/">Back to the front page</a></p></main></body>
</html>`.toString();
}
