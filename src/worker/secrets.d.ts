/** Optional secrets, which `wrangler types` leaves out (only required ones are declared in wrangler.toml). */
interface Env {
  /** Turns Turnstile on for the subscribe form (`wrangler secret put TURNSTILE_SECRET`). */
  TURNSTILE_SECRET?: string;
  /** Amazon SES's access key, for MAIL_PROVIDER = "ses" (`wrangler secret put SES_ACCESS_KEY_ID`). */
  SES_ACCESS_KEY_ID?: string;
  /** Its secret (`wrangler secret put SES_SECRET_ACCESS_KEY`); never logged. */
  SES_SECRET_ACCESS_KEY?: string;
}
