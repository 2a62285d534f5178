/**
 * What a bench run measures and writes to bench/results/bench.json: the routes, the
 * comparisons' names, and the shape of the results that `run.ts` fills and `print.ts` reads.
 * @module
 */
import type { FanOutResults } from "./fanout";
import type { Slices } from "./paired";
import type { SizeRatio, WorkerCodeSize } from "./sizes";

/** The routes with a throughput budget, by key. */
export const ROUTES = {
  summary: "/api/v1/summaries/:slug",
  list: "/api/v1/summaries",
  feed: "/feed.xml",
  widget: "/widget.js",
  page: "/summaries/:slug",
} as const;
export type Route = keyof typeof ROUTES;

/** The routes measured again in archives of growing size. */
export const SCALED = ["summary", "list", "feed"] as const satisfies readonly Route[];
export type Scaled = (typeof SCALED)[number];

/**
 * In the synthetic archives the list asks for a page every size can fill, so that its fall
 * from 10 to 10,000 summaries is the archive's growth and not a longer page (the default
 * page is 20 items, and an archive of 10 has only 10).
 */
export const ARCHIVE_PAGE = 10;

/** The comparison of a route with its twin and with raw: arms `app:<key>`, `twin:<key>`, `raw`. */
export const routeComparison = (key: Route) => `route:${key}`;
/** A route in archives of each size: arms `archive-<n>:<key>`. */
export const scaleComparison = (key: Scaled) => `scale:${key}`;
/** Two identical raw workers: arms `raw` and `control`. */
export const CONTROL = "control";

/** Start-up CPU (compile + evaluate in a fresh V8) and the workerd isolate's heap. */
export interface Startup {
  compileEvalMs: number;
  heapStarted: number;
  heapServed: number;
}

export interface ArchiveResult {
  summaries: number;
  buildMs: number;
  bundleBytes: number;
  bundleGzip: number;
  assets: { files: number; bytes: number; gzip: number };
  startup: Startup;
  /** The workerd process's resident memory after the load, in bytes. */
  rssAfter: number | undefined;
}

export interface Results {
  date: string;
  mode: "full" | "quick";
  /** The bootstrap's seed: the same slices and seed give the same intervals. */
  seed: number;
  /** `rounds`: the pairs every comparison took before the sequential rule (each one's own count is its slices'). */
  settings: { rounds: number; seconds: number; connections: number; startupPairs: number };
  routes: Route[];
  /** Target id → why it was left out, e.g. "n/a (route missing)". */
  missing: Record<string, string>;
  /** Target id → response body bytes. */
  bodyBytes: Record<string, number>;
  slices: Slices;
  sizes: {
    widget: SizeRatio | undefined;
    workerCode: WorkerCodeSize;
    workerBundleGzip: number;
    workerBundleBytes: number;
    assets: { files: number; bytes: number; gzip: number };
    honoHelloGzip: number;
  };
  startup: {
    honoHello: Startup;
    app: Startup;
    /** What the start-up budget weighs against Hono hello, e.g. "10,000 summaries". */
    subject: string;
    /** CPU ms per pair, interleaved: the subject's and Hono hello's. */
    pairs: { subject: number[]; honoHello: number[] };
  };
  archives: ArchiveResult[];
  /** The fan-out's figures (fanout.ts); absent in --quick and in runs before it existed. */
  fanout?: FanOutResults;
  elapsedS: number;
}
