/**
 * Real Chromium for browser tests: launch it, open a page while recording what a careful
 * reader of DevTools would notice (console errors, uncaught exceptions, CSP violations,
 * network requests), and run axe-core on it.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Browser, type BrowserContextOptions, chromium, type Page } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

export interface CspViolation {
  directive: string;
  blockedURI: string;
  sample: string;
}

export interface Watched {
  page: Page;
  /** `console.error` calls and errors Chromium logs to the console (failed loads, CSP refusals). */
  consoleErrors: string[];
  /** `console.warn` calls. */
  consoleWarnings: string[];
  /** Exceptions that reached the page's top level. */
  pageErrors: string[];
  /** Every request the page made, as `METHOD URL`. */
  requests: string[];
  /** `securitypolicyviolation` events seen so far, from the document and every shadow root. */
  cspViolations(): Promise<CspViolation[]>;
  close(): Promise<void>;
}

/**
 * Records CSP violations from the very first script onwards. Init scripts come from the
 * DevTools protocol, so the page's own CSP does not apply to them; this one touches no
 * Trusted Types sink.
 */
function recordViolations() {
  const seen: CspViolation[] = [];
  (globalThis as unknown as { __cspViolations: CspViolation[] }).__cspViolations = seen;
  document.addEventListener(
    "securitypolicyviolation",
    (e) => seen.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI, sample: e.sample }),
    true,
  );
}

/** Opens a fresh context and page (no cache, no cookies) that records everything `Watched` lists. */
export async function watchPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 }, ...options });
  const page = await context.newPage();
  const w: Watched = {
    page,
    consoleErrors: [],
    consoleWarnings: [],
    pageErrors: [],
    requests: [],
    cspViolations: () => page.evaluate(() => (globalThis as unknown as { __cspViolations?: CspViolation[] }).__cspViolations ?? []),
    close: () => context.close(),
  };
  await page.addInitScript(recordViolations);
  page.on("console", (m) => {
    if (m.type() === "error") w.consoleErrors.push(m.text());
    if (m.type() === "warning") w.consoleWarnings.push(m.text());
  });
  page.on("pageerror", (e) => w.pageErrors.push(String(e)));
  page.on("request", (r) => w.requests.push(`${r.method()} ${r.url()}`));
  return w;
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core on the page as it is and returns its violations. The source goes in through
 * `page.evaluate` (the DevTools protocol), which a strict page CSP does not block, unlike a
 * `<script>` tag would be.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const { axe } = globalThis as unknown as { axe: { run(ctx: Document, options: object): Promise<{ violations: unknown[] }> } };
    // Every rule still runs; only violations are reported in full (axe's own advice for speed:
    // passes and inapplicable results are what costs most to collect).
    const { violations } = await axe.run(document, { resultTypes: ["violations"] });
    return (violations as { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[]).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
}
