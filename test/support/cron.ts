/**
 * One run of the app worker's Cron Trigger under `wrangler dev`, as docs/email.md shows it: the
 * reader worker is the one on the port (its `/cdn-cgi/local/scheduled` would run the reader's,
 * which has none), so the app's `scheduled` is run by name through wrangler dev's local explorer.
 */

/** The app worker's name in wrangler.toml. */
const APP_WORKER = "keyfacts-app";

/** Runs the app's cron at `time` (ms; now by default) and throws unless its handler finished without an exception. */
export async function runCron(worker: string, time?: number): Promise<void> {
  const res = await fetch(`${worker}/cdn-cgi/local/explorer/api/local/scheduled?worker=${APP_WORKER}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ cron: "*/5 * * * *", ...(time === undefined ? {} : { scheduled_time: time }) }),
  });
  const answer = (await res.json()) as { result?: { outcome?: string } | null };
  if (!res.ok || answer.result?.outcome !== "ok") throw new Error(`the cron answered ${res.status}: ${JSON.stringify(answer)}`);
}
