/**
 * Cloudflare's limits on what a worker uploads, and the content build's warnings when the
 * archive passes them. The summaries' documents travel as static assets, one file each
 * (`build/documents`), outside the bundle's limit but counted against the assets' limits on
 * files; the bundle keeps the code and the index (`build/archive.js` and `build/docs.bin`:
 * entries, slugs and tag lists), which grows by about a hundred bytes a summary.
 * @module
 */

/** The Workers Free plan's limit on a worker's compressed size (Paid allows 10 MiB). */
export const FREE_LIMIT_GZIP = 3 * 1024 * 1024;
export const PAID_LIMIT_GZIP = 10 * 1024 * 1024;
/** Static asset files a worker version may have on the Free plan (Paid allows 100,000). */
export const FREE_ASSET_FILES = 20_000;
export const PAID_ASSET_FILES = 100_000;
/** The largest static asset file, on every plan. */
export const ASSET_FILE_BYTES = 25 * 1024 * 1024;

/** The worker's own code, gzipped, with room to grow: what the content leaves room for. */
const CODE_ALLOWANCE_GZIP = 64 * 1024;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const count = (n: number) => n.toLocaleString("en");

/** Which plan still takes `value` under the Free and Paid `limits`, as the end of a warning. */
function planFor(value: number, [free, paid]: [number, number], show: (n: number) => string): string {
  return value <= paid
    ? `over the Free plan's ${show(free)}: wrangler deploy works on a Paid plan (up to ${show(paid)}) only`
    : `over even the Paid plan's ${show(paid)}: wrangler deploy will refuse it`;
}

/**
 * A warning for the editor when the built index (`archive.js` and `docs.bin`, gzipped)
 * leaves the worker too little room under a plan's limit; undefined while it fits the Free plan.
 */
export function sizeWarning(contentGzip: number): string | undefined {
  const total = contentGzip + CODE_ALLOWANCE_GZIP;
  if (total <= FREE_LIMIT_GZIP) return undefined;
  const plan = planFor(total, [FREE_LIMIT_GZIP, PAID_LIMIT_GZIP], mib);
  return `! content: the index is ${mib(contentGzip)} gzipped, about ${mib(total)} with the worker's code, ${plan}. Past this size the index has to leave the bundle too, which keyfacts does not do yet (README, Deploying).`;
}

/**
 * A warning when the documents, one static asset file per summary, pass the Free plan's
 * count of files, or when one of them passes the size of a file; undefined while they fit.
 */
export function assetWarning(files: number, largest: { slug: string; bytes: number }): string | undefined {
  if (largest.bytes > ASSET_FILE_BYTES) {
    return `! content: the document of "${largest.slug}" is ${mib(largest.bytes)}, over the ${mib(ASSET_FILE_BYTES)} a static asset file may have: wrangler deploy will refuse it; shorten the summary.`;
  }
  if (files <= FREE_ASSET_FILES) return undefined;
  const plan = planFor(files, [FREE_ASSET_FILES, PAID_ASSET_FILES], (n) => `${count(n)} files`);
  return `! content: the documents are ${count(files)} static asset files, one per summary, ${plan} (README, Deploying).`;
}
