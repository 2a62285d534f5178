/**
 * Cloudflare's limits on a worker's compressed upload, and the content build's warning when
 * the archive nears them: nearly all of a large bundle is the summaries' documents.
 * @module
 */

/** The Workers Free plan's limit on a worker's compressed size (Paid allows 10 MiB). */
export const FREE_LIMIT_GZIP = 3 * 1024 * 1024;
export const PAID_LIMIT_GZIP = 10 * 1024 * 1024;

/** The worker's own code, gzipped, with room to grow: what the content leaves room for. */
const CODE_ALLOWANCE_GZIP = 64 * 1024;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/**
 * A warning for the editor when the built content (`archive.js` and `docs.bin`, gzipped)
 * leaves the worker too little room under a plan's limit; undefined while it fits the Free plan.
 */
export function sizeWarning(contentGzip: number): string | undefined {
  const total = contentGzip + CODE_ALLOWANCE_GZIP;
  if (total <= FREE_LIMIT_GZIP) return undefined;
  const plan =
    total <= PAID_LIMIT_GZIP
      ? `over the Free plan's ${mib(FREE_LIMIT_GZIP)}: wrangler deploy works on a Paid plan (up to ${mib(PAID_LIMIT_GZIP)}) only`
      : `over even the Paid plan's ${mib(PAID_LIMIT_GZIP)}: wrangler deploy will refuse it`;
  return `! content: ${mib(contentGzip)} gzipped, about ${mib(total)} with the worker's code, ${plan}. Past this size the summaries' documents belong in Workers static assets or R2 rather than in the bundle (README, Deploying).`;
}
