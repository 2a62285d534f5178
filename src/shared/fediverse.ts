/** What the app and reader workers and the fediverse worker agree on. */

/**
 * Where the app worker's cron asks the fediverse worker to tell the followers what changed, over
 * the FEDIVERSE service binding only: no worker hands this path on from a request,
 * and the fediverse worker has no public route.
 */
export const FEDIVERSE_PUBLISH_PATH = "/.internal/fediverse/publish";

/**
 * Where the app worker hands the fediverse worker a task of Fedify's (a delivery to sign and
 * send) that came through the send queue, over the binding only, like the publish path.
 */
export const FEDIVERSE_TASK_PATH = "/.internal/fediverse/task";

/** A send-queue message that is Fedify's, not a mail: its task, wrapped. */
export interface FediverseMessage {
  fediverse: unknown;
}

export const isFediverseMessage = (body: unknown): body is FediverseMessage =>
  typeof body === "object" && body !== null && Object.hasOwn(body, "fediverse");

/** The paths the fediverse worker answers (WebFinger, NodeInfo, the actor, its inbox and objects). */
export const isFediversePath = (path: string): boolean =>
  path.startsWith("/ap/") || path === "/.well-known/webfinger" || path === "/.well-known/nodeinfo" || path.startsWith("/nodeinfo/");
