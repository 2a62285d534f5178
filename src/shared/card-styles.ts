/**
 * The key-facts card's stylesheet, one plain CSS string shared by the `<key-facts>` widget
 * (inside its shadow root, as a constructed stylesheet) and the server-rendered `/embed/:slug` page.
 *
 * The markup it expects, built once by `card-markup.ts` for the widget and the embed page alike:
 *
 * ```html
 * <!-- Widget: the <key-facts theme="…"> element itself plays .kf-host (matched as :host). -->
 * <div class="kf-host" data-theme="auto|light|dark">
 *   <section class="kf-card" part="base" role="region" aria-labelledby="kf-title" lang="en" dir="ltr|rtl">
 *     <header class="kf-header" part="header">
 *       <p class="kf-kicker">Key facts</p>
 *       <div class="kf-title" part="title" id="kf-title" role="heading" aria-level="N"><a href="SUMMARY_URL">TITLE</a></div>
 *       <!-- The embed page, a document of its own, has <h1 class="kf-title" id="kf-title"> and no parts. -->
 *     </header>
 *     <ul class="kf-facts" part="list">
 *       <li class="kf-fact" part="fact">
 *         <p class="kf-origin"><a href="SUMMARY_URL">SUMMARY TITLE</a> · <time>DATE</time></p>  <!-- tag mode: heads each summary's run of facts -->
 *         <p class="kf-text">FACT TEXT</p>
 *         <p class="kf-figure">≈ 13,221 people · 2023</p>            <!-- optional: a fact's figure -->
 *         <p class="kf-sources" part="sources">
 *           <span class="kf-label">Sources:</span>
 *           <a href="https://…">ORIGIN</a>, via <a href="https://…">RELAY</a>, cited by <span>RELAY WITHOUT URL</span>; <span>ANOTHER ORIGIN</span>
 *           · 2 independent sources   <!-- two or more origins -->
 *         </p>
 *         <p class="kf-unverified">Unverified: NAME could not verify this</p>  <!-- optional -->
 *       </li>
 *     </ul>
 *     <footer class="kf-meta" part="footer">
 *       <span class="kf-publication">PUBLICATION</span>
 *       <time class="kf-date" datetime="2026-11-23T01:00:00+09:00">23 November 2026</time>
 *       <a class="kf-follow" href="PUBLICATION_URL/tags/TAG/feed.xml">Follow this story</a>
 *     </footer>
 *   </section>
 * </div>
 * ```
 *
 * Widget-only states reuse the card: `.kf-card.kf-loading` holds a `p.kf-message` (part="message",
 * role="status") under placeholder bars drawn by CSS; `.kf-card.kf-failed` holds a `p.kf-message`
 * (role="alert") and `button.kf-retry` (part="retry").
 *
 * Themes: public `--key-facts-*` properties get their defaults on `:host` / `.kf-host`, so a
 * page's own rule on the element (`key-facts { --key-facts-background: … }`) wins. Each colour
 * default is a `light-dark()` pair resolved by `color-scheme`: `light dark` for `auto` (or no
 * theme), which follows the reader's preference in pure CSS, so no flash of the wrong theme;
 * `theme="dark"` / `data-theme="dark"` forces one side. Layout uses logical properties only,
 * so `dir="rtl"` mirrors it. Colours keep ≥ 4.5:1 contrast in both themes.
 */
export const cardCss = `
:host, .kf-host {
  --key-facts-font-family: system-ui, sans-serif;
  --key-facts-heading-font-family: Georgia, serif;
  --key-facts-font-size: 1rem;
  --key-facts-background: light-dark(#fff, #17191c);
  --key-facts-color: light-dark(#1c1e21, #e9eaec);
  --key-facts-muted-color: light-dark(#565c66, #a7adb6);
  --key-facts-accent-color: light-dark(#b3261e, #ff8f85);
  --key-facts-link-color: light-dark(#0b57d0, #9ec1ff);
  --key-facts-border-color: light-dark(#dadde2, #3a3f46);
  --key-facts-radius: 0.5rem;
  --key-facts-padding: 1.25rem;
  --key-facts-max-width: 42rem;
  --key-facts-min-height: 20rem;
  display: block;
  max-inline-size: var(--key-facts-max-width);
  color-scheme: light dark;
}
:host([theme="light"]), [data-theme="light"] { color-scheme: light; }
:host([theme="dark"]), [data-theme="dark"] { color-scheme: dark; }
.kf-card {
  box-sizing: border-box;
  display: flex;
  flex-direction: column;
  gap: 0.75rem;
  min-block-size: var(--key-facts-min-height);
  padding: var(--key-facts-padding);
  border: 1px solid var(--key-facts-border-color);
  border-block-start: 3px solid var(--key-facts-accent-color);
  border-radius: var(--key-facts-radius);
  background: var(--key-facts-background);
  color: var(--key-facts-color);
  font: var(--key-facts-font-size) / 1.5 var(--key-facts-font-family);
  overflow-wrap: anywhere;
}
.kf-card p, .kf-title, .kf-facts { margin: 0; }
.kf-kicker {
  color: var(--key-facts-accent-color);
  font-size: 0.75em;
  font-weight: 700;
  letter-spacing: 0.08em;
  text-transform: uppercase;
}
.kf-title { font: 700 1.3em / 1.25 var(--key-facts-heading-font-family); }
.kf-card .kf-title a { color: inherit; text-decoration: none; }
.kf-card .kf-title a:hover { text-decoration: underline; }
.kf-facts { flex: 1; padding: 0; list-style: none; }
.kf-fact {
  position: relative;
  padding-block: 0.625rem;
  padding-inline-start: 1.25rem;
  border-block-start: 1px solid var(--key-facts-border-color);
}
.kf-fact::before {
  content: "";
  position: absolute;
  inset-block-start: 1.25em;
  inset-inline-start: 0.125rem;
  padding: 0.22rem;
  border-radius: 50%;
  background: var(--key-facts-accent-color);
}
.kf-sources, .kf-origin, .kf-meta, .kf-unverified { color: var(--key-facts-muted-color); font-size: 0.8125em; }
.kf-card :is(.kf-figure, .kf-sources, .kf-unverified) { margin-block-start: 0.25rem; }
.kf-label, .kf-publication, .kf-follow, .kf-retry { font-weight: 600; }
.kf-figure { font-size: 0.875em; font-weight: 700; }
.kf-card a { color: var(--key-facts-link-color); text-underline-offset: 0.15em; }
.kf-card :focus-visible { outline: 2px solid var(--key-facts-link-color); outline-offset: 2px; }
.kf-meta {
  display: flex;
  flex-wrap: wrap;
  gap: 0.25rem 0.75rem;
  padding-block-start: 0.75rem;
  border-block-start: 1px solid var(--key-facts-border-color);
}
.kf-card .kf-publication { color: inherit; }
.kf-follow { margin-inline-start: auto; }
.kf-loading::before {
  content: "";
  flex: 1;
  background: repeating-linear-gradient(var(--key-facts-border-color) 0 0.875rem, #0000 0 1.75rem);
  animation: kf-pulse 1.6s infinite alternate;
}
@keyframes kf-pulse { to { opacity: 0.4; } }
.kf-message { color: var(--key-facts-muted-color); }
.kf-failed { justify-content: center; align-items: start; }
.kf-retry {
  padding: 0.375rem 1rem;
  border: 1px solid;
  border-radius: 0.375rem;
  background: none;
  color: var(--key-facts-link-color);
  font: inherit;
  cursor: pointer;
}
@media (prefers-reduced-motion: reduce) {
  .kf-loading::before { animation: none; }
}
`;
