/** The fediverse worker's bindings (src/fediverse/wrangler.toml). */
export interface FediverseEnv {
  /** The same D1 database as the app worker: announcements, followers, posts, Fedify's store. */
  DB: D1Database;
  /** The summaries' documents, as the app and reader workers read them. */
  ASSETS: Fetcher;
  /** The site's send queue, for Fedify's tasks: one message per shared inbox, retried by Fedify with back-off. */
  FEDIVERSE_QUEUE: Queue;
  /** The actor's RSA private key as a JWK (JSON): a secret, made by `npm start` locally. */
  FEDIVERSE_PRIVATE_KEY?: string;
  /**
   * "1" lets remote fetches reach loopback and private addresses: only for local peers in tests
   * and `npm start`; `npm run deploy` refuses it.
   */
  FEDIVERSE_LOCAL?: string;
}
