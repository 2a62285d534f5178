/**
 * The reader worker, the site's public entry (`reader.wrangler.toml`): it serves the read
 * surfaces (`read-routes.ts`) itself and hands every request for the write side
 * (subscriptions, the SES webhook, admin) to the app worker (`index.ts`) over the `APP` service
 * binding, and the ActivityPub paths to the fediverse worker. workerd compiles every module
 * of a worker when it starts, so code a reader never needs costs a reader's cold start unless
 * it lives in another worker: this one holds no mail, subscription, admin or Access code.
 * @module
 */

import { READ_ROUTES } from "./read-routes";
import { notPublished, serve } from "./serve";

/** What the reader is bound to (reader.wrangler.toml): the documents, the feeds' WebSub hub, and the other two workers. */
export type ReaderEnv = Pick<Env, "ASSETS" | "WEBSUB_HUB" | "FEDIVERSE"> & {
  /** The app worker: the write side, the cron and the send queue. Without it those paths answer 404. */
  APP?: Fetcher;
};

/**
 * The paths the app worker serves and this one does not: the subscription API, the SES
 * webhook, the subscription pages and admin, each with everything under it. A test holds this
 * to the app's route table.
 */
const APP_PATHS = ["/api/v1/subscriptions", "/webhooks", "/subscribe", "/subscription", "/unsubscribe", "/admin"];

/** True when `path` (decoded) is the app worker's. */
export const isAppPath = (path: string): boolean => APP_PATHS.some((p) => path === p || path.startsWith(`${p}/`));

const handler = serve(READ_ROUTES, (request, env, path) => {
  if (!isAppPath(path)) return undefined;
  const app = (env as ReaderEnv).APP;
  return app === undefined ? notPublished(request, path) : app.fetch(request);
});

export default {
  /** The read surfaces' `Env` bindings are all in {@link ReaderEnv}; nothing here reads another (the cast costs no call per request). */
  fetch: handler as unknown as (request: Request, env: ReaderEnv, ctx: ExecutionContext) => Response | Promise<Response>,
};
