/**
 * Size figures against their baselines. Where the project already defines a measure (the
 * widget build's Lit baseline, `scripts/measure-size.ts` for the worker's code) the bench
 * uses it, so there is one definition of each figure; otherwise it builds both sides itself
 * with the shared settings of `bundle.ts`.
 * @module
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { FREE_LIMIT_GZIP } from "../src/content/limits";
import { BASELINES, BUILD_DIR, bundleSource, bundleWorker, gzipSize, ROOT } from "./bundle";

export interface SizeRatio {
  gzip: number;
  baselineGzip: number;
  ratio: number;
  /** Where the figure comes from, for the reader of the table. */
  how: string;
}

async function optionalModule<T>(script: string): Promise<Partial<T>> {
  const path = join(ROOT, script);
  return existsSync(path) ? ((await import(pathToFileURL(path).href)) as Partial<T>) : {};
}

interface WidgetBuild {
  buildLitBaseline(): Promise<{ gzip: number }>;
}

/**
 * `widget.js` gzipped (as the worker serves it, else as built) against Lit alone, built
 * with the widget's own settings when its build script exports them.
 */
export async function widgetSize(served: Uint8Array | undefined): Promise<SizeRatio | undefined> {
  const built = join(BUILD_DIR, "widget.js");
  const code = served ?? (existsSync(built) ? await readFile(built) : undefined);
  if (!code) return undefined;
  const gzip = gzipSize(code);
  const { buildLitBaseline } = await optionalModule<WidgetBuild>("scripts/build-widget.ts");
  const baselineGzip = buildLitBaseline ? (await buildLitBaseline()).gzip : gzipSize(await bundleSource(BASELINES.lit, "lit.ts"));
  const from = served ? "GET /widget.js" : "build/widget.js";
  const how = buildLitBaseline ? `${from} vs Lit via scripts/build-widget.ts settings` : `${from} vs Lit via bench settings`;
  return { gzip, baselineGzip, ratio: gzip / baselineGzip, how };
}

interface MeasureSize {
  measureWorkerSize(): Promise<{ worker: { gzipped: number }; honoHello: { gzipped: number }; byArea: Record<string, number> }>;
}

export interface WorkerCodeSize extends SizeRatio {
  /** Minified bytes per part of the code, when known. */
  byArea?: Record<string, number>;
}

/** The worker's code, content stubbed out, gzipped, against a Hono hello-world. */
export async function workerCodeSize(): Promise<WorkerCodeSize> {
  const { measureWorkerSize } = await optionalModule<MeasureSize>("scripts/measure-size.ts");
  if (measureWorkerSize) {
    const m = await measureWorkerSize();
    return {
      gzip: m.worker.gzipped,
      baselineGzip: m.honoHello.gzipped,
      ratio: m.worker.gzipped / m.honoHello.gzipped,
      how: "scripts/measure-size.ts",
      byArea: m.byArea,
    };
  }
  const gzip = gzipSize((await bundleWorker({ stubAll: true })).code);
  const baselineGzip = gzipSize(await bundleSource(BASELINES.honoHello, "hono-hello.ts"));
  return { gzip, baselineGzip, ratio: gzip / baselineGzip, how: "bench: build/*.js stubbed" };
}

/** Cloudflare's limit on a worker's compressed size on the Free plan (Paid allows 10 MiB). */
export const PLATFORM_LIMIT_GZIP = FREE_LIMIT_GZIP;

/**
 * The archive size at which a figure that grows with it (the gzipped bundle by default)
 * reaches `limit`, by a least-squares line through (summaries, size); undefined when it does
 * not grow.
 */
export function summariesAtLimit(points: { summaries: number; size: number }[], limit = PLATFORM_LIMIT_GZIP): number | undefined {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.summaries, 0) / n;
  const my = points.reduce((s, p) => s + p.size, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.summaries - mx) * (p.size - my), 0);
  const sxx = points.reduce((s, p) => s + (p.summaries - mx) ** 2, 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  if (slope <= 0) return undefined;
  return Math.round(mx + (limit - my) / slope);
}
