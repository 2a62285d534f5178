/** What the main worker and the fediverse worker agree on. */

/**
 * Where the main worker's cron asks the fediverse worker to tell the followers what changed, over
 * the FEDIVERSE service binding only: the main worker never hands this path on from a request,
 * and the fediverse worker has no public route.
 */
export const FEDIVERSE_PUBLISH_PATH = "/.internal/fediverse/publish";

/** The paths the fediverse worker answers (WebFinger, NodeInfo, the actor, its inbox and objects). */
export const isFediversePath = (path: string): boolean =>
  path.startsWith("/ap/") || path === "/.well-known/webfinger" || path === "/.well-known/nodeinfo" || path.startsWith("/nodeinfo/");
