/**
 * The key-facts card's stylesheet, one plain CSS string shared by the `<key-facts>` widget
 * (inside its shadow root, through `unsafeCSS`) and the server-rendered `/embed/:slug` page.
 *
 * The markup it expects (the widget renders exactly this; the embed page reproduces it):
 *
 * ```html
 * <!-- Widget: the <key-facts theme="…"> element itself plays .kf-host (matched as :host). -->
 * <div class="kf-host" data-theme="auto|light|dark">
 *   <section class="kf-card" part="base" role="region" aria-labelledby="kf-title" lang="en" dir="ltr|rtl">
 *     <header class="kf-header" part="header">
 *       <p class="kf-kicker">Key facts</p>
 *       <h3 class="kf-title" part="title" id="kf-title"><a href="SUMMARY_URL">TITLE</a></h3>
 *       <!-- The widget uses <div role="heading" aria-level="N" class="kf-title">; any h1–h6 works too. -->
 *     </header>
 *     <ul class="kf-facts" part="list">
 *       <li class="kf-fact" part="fact">
 *         <p class="kf-text">FACT TEXT</p>
 *         <p class="kf-figure">≈ 13,221 people · 2023</p>            <!-- optional: a fact's figure -->
 *         <p class="kf-sources" part="sources">
 *           <span class="kf-label">Sources:</span>
 *           <a href="https://…">NAME</a>, <span>NAME WITHOUT URL</span>
 *         </p>
 *         <p class="kf-origin"><a href="SUMMARY_URL">SUMMARY TITLE</a> · <time>DATE</time></p>  <!-- tag mode only -->
 *       </li>
 *     </ul>
 *     <footer class="kf-meta" part="footer">
 *       <span class="kf-publication">PUBLICATION</span>
 *       <time class="kf-date" datetime="2026-11-23">23 November 2026</time>
 *       <a class="kf-follow" href="PUBLICATION_URL/tags/TAG/feed.xml">Follow this story</a>
 *     </footer>
 *   </section>
 * </div>
 * ```
 *
 * Widget-only states reuse the card: `.kf-card.kf-loading` holds `.kf-skeleton` (of
 * `.kf-bar` spans) and a `.kf-message`; `.kf-card.kf-failed` holds `.kf-message`
 * (part="message") and `button.kf-retry` (part="retry").
 *
 * Themes: public `--key-facts-*` properties get their defaults on `:host` / `.kf-host`, so a
 * page's own rule on the element (`key-facts { --key-facts-background: … }`) wins. Dark
 * defaults apply to `theme="dark"` / `data-theme="dark"`, and to `auto` (or no theme) when
 * the reader prefers dark: pure CSS, so no flash of the wrong theme. Layout uses logical
 * properties only, so `dir="rtl"` mirrors it. Colours keep ≥ 4.5:1 contrast in both themes.
 */
export const cardCss = `
:host, .kf-host {
  --key-facts-font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --key-facts-heading-font-family: Georgia, Cambria, "Times New Roman", serif;
  --key-facts-font-size: 1rem;
  --key-facts-background: #ffffff;
  --key-facts-color: #1c1e21;
  --key-facts-muted-color: #565c66;
  --key-facts-accent-color: #b3261e;
  --key-facts-link-color: #0b57d0;
  --key-facts-border-color: #dadde2;
  --key-facts-skeleton-color: #eceef1;
  --key-facts-focus-color: #0b57d0;
  --key-facts-radius: 0.5rem;
  --key-facts-padding: 1.25rem;
  --key-facts-max-width: 42rem;
  --key-facts-min-height: 20rem;
  display: block;
  max-inline-size: var(--key-facts-max-width);
  color-scheme: light;
}
:host([theme="dark"]), .kf-host[data-theme="dark"] {
  --key-facts-background: #17191c;
  --key-facts-color: #e9eaec;
  --key-facts-muted-color: #a7adb6;
  --key-facts-accent-color: #ff8f85;
  --key-facts-link-color: #9ec1ff;
  --key-facts-border-color: #3a3f46;
  --key-facts-skeleton-color: #2a2e33;
  --key-facts-focus-color: #9ec1ff;
  color-scheme: dark;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"]):not([theme="dark"])), .kf-host:not([data-theme="light"]):not([data-theme="dark"]) {
    --key-facts-background: #17191c;
    --key-facts-color: #e9eaec;
    --key-facts-muted-color: #a7adb6;
    --key-facts-accent-color: #ff8f85;
    --key-facts-link-color: #9ec1ff;
    --key-facts-border-color: #3a3f46;
    --key-facts-skeleton-color: #2a2e33;
    --key-facts-focus-color: #9ec1ff;
    color-scheme: dark;
  }
}
:host([hidden]) { display: none; }
.kf-card {
  box-sizing: border-box;
  display: flex;
  flex-direction: column;
  gap: 0.875rem;
  min-block-size: var(--key-facts-min-height);
  margin: 0;
  padding: var(--key-facts-padding);
  border: 1px solid var(--key-facts-border-color);
  border-block-start: 3px solid var(--key-facts-accent-color);
  border-radius: var(--key-facts-radius);
  background: var(--key-facts-background);
  color: var(--key-facts-color);
  font-family: var(--key-facts-font-family);
  font-size: var(--key-facts-font-size);
  line-height: 1.5;
  text-align: start;
  overflow-wrap: anywhere;
}
.kf-card *, .kf-card *::before { box-sizing: border-box; }
.kf-header { display: flex; flex-direction: column; gap: 0.25rem; }
.kf-kicker {
  margin: 0;
  color: var(--key-facts-accent-color);
  font-size: 0.75em;
  font-weight: 700;
  letter-spacing: 0.08em;
  text-transform: uppercase;
}
.kf-title {
  margin: 0;
  font-family: var(--key-facts-heading-font-family);
  font-size: 1.3em;
  font-weight: 700;
  line-height: 1.25;
}
.kf-title a { color: inherit; text-decoration: none; }
.kf-title a:hover { text-decoration: underline; text-underline-offset: 0.15em; }
.kf-facts { flex: 1; margin: 0; padding: 0; list-style: none; }
.kf-fact {
  position: relative;
  margin: 0;
  padding-block: 0.625rem;
  padding-inline-start: 1.125rem;
  border-block-start: 1px solid var(--key-facts-border-color);
}
.kf-fact::before {
  content: "";
  position: absolute;
  inset-block-start: 1.25em;
  inset-inline-start: 0.125rem;
  inline-size: 0.4375rem;
  block-size: 0.4375rem;
  border-radius: 50%;
  background: var(--key-facts-accent-color);
}
.kf-text, .kf-figure, .kf-sources, .kf-origin { margin: 0; }
.kf-figure { margin-block-start: 0.25rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.kf-sources, .kf-origin { margin-block-start: 0.25rem; color: var(--key-facts-muted-color); font-size: 0.8125em; }
.kf-label { font-weight: 600; }
.kf-card a { color: var(--key-facts-link-color); text-underline-offset: 0.15em; }
.kf-sources a, .kf-origin a { text-decoration-thickness: 1px; }
.kf-card a:focus-visible, .kf-retry:focus-visible {
  outline: 2px solid var(--key-facts-focus-color);
  outline-offset: 2px;
  border-radius: 2px;
}
.kf-meta {
  display: flex;
  flex-wrap: wrap;
  align-items: baseline;
  gap: 0.25rem 0.75rem;
  padding-block-start: 0.75rem;
  border-block-start: 1px solid var(--key-facts-border-color);
  color: var(--key-facts-muted-color);
  font-size: 0.8125em;
}
.kf-publication { font-weight: 600; color: var(--key-facts-color); }
.kf-follow { margin-inline-start: auto; font-weight: 600; }
.kf-loading, .kf-failed { justify-content: center; }
.kf-skeleton { display: flex; flex-direction: column; gap: 0.75rem; }
.kf-bar {
  display: block;
  block-size: 0.875rem;
  inline-size: 100%;
  border-radius: 0.25rem;
  background: var(--key-facts-skeleton-color);
  animation: kf-pulse 1.6s ease-in-out infinite;
}
.kf-bar:first-child { block-size: 1.5rem; inline-size: 70%; }
.kf-bar:nth-child(3n) { inline-size: 85%; }
@keyframes kf-pulse { 50% { opacity: 0.55; } }
.kf-message { margin: 0; color: var(--key-facts-muted-color); }
.kf-failed .kf-message { color: var(--key-facts-color); }
.kf-retry {
  align-self: flex-start;
  min-block-size: 2.25rem;
  padding-block: 0.375rem;
  padding-inline: 1rem;
  border: 1px solid var(--key-facts-link-color);
  border-radius: 0.375rem;
  background: transparent;
  color: var(--key-facts-link-color);
  font: inherit;
  font-weight: 600;
  cursor: pointer;
}
.kf-retry:hover { background: var(--key-facts-skeleton-color); }
@media (prefers-reduced-motion: reduce) {
  .kf-bar { animation: none; }
  .kf-card * { transition: none !important; }
}
`;
