/** Optional secrets, which `wrangler types` leaves out (only required ones are declared in wrangler.toml). */
interface Env {
  /** Turns Turnstile on for the subscribe form (`wrangler secret put TURNSTILE_SECRET`). */
  TURNSTILE_SECRET?: string;
}
