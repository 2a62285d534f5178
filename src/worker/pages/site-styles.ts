/**
 * The site stylesheet, served at `/styles.css`: one file for every page, so the pages carry
 * no inline style and the CSP can stay `style-src 'self'`. Readable on a phone, in dark mode
 * and on paper.
 */
export const siteCss = `/* keyfacts pages: see src/worker/pages/site-styles.ts */
:root {
  color-scheme: light dark;
  --bg: #fdfcfa;
  --fg: #1c1b19;
  --muted: #55524c;
  --rule: #d9d5cc;
  --accent: #0b5394;
  --accent-bg: #eef3f9;
  --code-bg: #f2f0eb;
  --mark: #8a4b00;
  --measure: 42rem;
  --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #16171a;
    --fg: #ebe9e4;
    --muted: #b3afa6;
    --rule: #3a3b40;
    --accent: #8cc4ff;
    --accent-bg: #1d2733;
    --code-bg: #222328;
    --mark: #f0b35c;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  font: 1.0625rem/1.6 var(--serif);
  overflow-wrap: break-word;
}
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; border-radius: 2px; }
h1, h2, h3 { font-family: var(--sans); line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: clamp(1.6rem, 1.2rem + 2vw, 2.3rem); margin-top: 0.4em; }
h2 { font-size: 1.35rem; }
h3 { font-size: 1.1rem; }
p, ul, ol, pre, blockquote { margin: 0 0 1em; }
code, pre { font-family: var(--mono); font-size: 0.875rem; }
code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 3px; }
pre {
  background: var(--code-bg);
  border: 1px solid var(--rule);
  border-radius: 6px;
  padding: 0.75rem 1rem;
  /* Wrapped, not scrolled: nothing hides off to the side, on a phone or for a keyboard user. */
  white-space: pre-wrap;
  overflow-wrap: anywhere;
}
pre code { background: none; padding: 0; user-select: all; }
blockquote { border-inline-start: 3px solid var(--rule); padding-inline-start: 1rem; color: var(--muted); }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--rule); padding: 0.3rem 0.6rem; text-align: start; }

.skip { position: absolute; left: -9999px; top: 0; background: var(--bg); padding: 0.5rem 1rem; z-index: 1; }
.skip:focus { left: 0.5rem; top: 0.5rem; }

.site-header, .site-footer, main { max-width: calc(var(--measure) + 2.5rem); margin: 0 auto; padding: 0 1.25rem; }
.site-header {
  display: flex;
  flex-wrap: wrap;
  align-items: baseline;
  justify-content: space-between;
  gap: 0.5rem 1.5rem;
  padding-top: 1rem;
  padding-bottom: 0.75rem;
  border-bottom: 1px solid var(--rule);
  font-family: var(--sans);
}
.site-name { font-weight: 700; font-size: 1.05rem; color: var(--fg); text-decoration: none; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; margin: 0; padding: 0; font-size: 0.95rem; }
.site-footer {
  margin-top: 3rem;
  padding-top: 1rem;
  padding-bottom: 2rem;
  border-top: 1px solid var(--rule);
  color: var(--muted);
  font: 0.9rem/1.5 var(--sans);
}
.site-footer ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }

.lede { font-size: 1.2rem; color: var(--fg); }
.meta { color: var(--muted); font: 0.9rem/1.5 var(--sans); }
.meta > * + *::before { content: " · "; }
.based-on { color: var(--muted); font: 0.9rem/1.5 var(--sans); }
.tags { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem; font: 0.85rem/1.4 var(--sans); }
.tags a { display: inline-block; padding: 0.15rem 0.55rem; border: 1px solid var(--rule); border-radius: 999px; text-decoration: none; }
.tags a:hover { border-color: var(--accent); }

.summaries { list-style: none; padding: 0; }
.summaries > li { padding: 1.25rem 0; border-bottom: 1px solid var(--rule); }
.summaries > li:first-child { padding-top: 0.25rem; }
.summaries h3 { margin-top: 0; font-size: 1.2rem; }
.summaries h3 a { color: var(--fg); text-decoration-color: var(--rule); }

.facts { padding-inline-start: 1.4rem; }
.facts > li { margin-bottom: 0.8rem; padding-inline-start: 0.2rem; }
.facts > li::marker { color: var(--mark); font-family: var(--sans); font-weight: 700; }
.glance { font-size: 0.98rem; }
.glance > li { margin-bottom: 0.45rem; }
.fact-sources { display: block; color: var(--muted); font: 0.85rem/1.45 var(--sans); }
.approx { font-style: italic; }

.key-facts {
  background: var(--accent-bg);
  border-radius: 8px;
  padding: 1rem 1.25rem 0.25rem;
  margin: 1.5rem 0;
}
.key-facts h2 { margin-top: 0; font-size: 1.15rem; }
.corrections { border-inline-start: 3px solid var(--mark); padding-inline-start: 1rem; }
.body h2 { font-size: 1.2rem; }

.feeds { display: flex; flex-wrap: wrap; gap: 0.5rem 1.25rem; list-style: none; padding: 0; font-family: var(--sans); }
.snippet h3 { font-size: 1rem; margin-top: 1.25rem; }
.snippet p { font-size: 0.95rem; }
.demo { margin: 1rem 0 1.5rem; min-height: 12rem; }
.fallback { border: 1px dashed var(--rule); border-radius: 8px; padding: 1rem; font-family: var(--sans); }
.problems dt { font-family: var(--sans); font-weight: 700; margin-top: 1rem; }
.problems dd { margin-inline-start: 0; }

@media (max-width: 30rem) {
  body { font-size: 1rem; }
  .site-header { flex-direction: column; }
  pre { font-size: 0.8rem; }
}

@media print {
  :root { --bg: #fff; --fg: #000; --muted: #333; --accent: #000; --accent-bg: #fff; --rule: #999; }
  body { font-size: 11pt; }
  .skip, .site-nav, .no-print, .demo { display: none !important; }
  .site-header, .site-footer, main { max-width: none; padding: 0; }
  .key-facts { border: 1px solid var(--rule); break-inside: avoid; }
  .facts > li, .summaries > li { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  .body a[href^="http"]::after, .fact-sources a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
}

@media (prefers-reduced-motion: no-preference) {
  html { scroll-behavior: smooth; }
}
`;
