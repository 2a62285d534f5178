/**
 * The app worker: every surface of the site from the route table (each lives in `routes/` or
 * `admin/`; shared HTTP behaviour in `serve.ts` and `lib/`), the Cron Trigger and the send
 * queue's consumer. Readers' requests reach it only through the reader worker (`reader.ts`),
 * which answers the read surfaces itself and hands it the rest (subscriptions, webhooks, admin).
 * @module
 */

import { FEDIVERSE_PUBLISH_PATH, FEDIVERSE_TASK_PATH, isFediverseMessage } from "../shared/fediverse";
import { admin } from "./admin";
import { mailerFor } from "./mail/mailer";
import { READ_ROUTES } from "./read-routes";
import { sesWebhook } from "./routes/ses-webhook";
import { subscribePages } from "./routes/subscribe";
import { subscriptionsApi } from "./routes/subscriptions-api";
import { announce } from "./sending/announce";
import { mailOrigin } from "./sending/compose";
import { deliverBatch, retryDelay } from "./sending/deliver";
import { scheduleDigests } from "./sending/digests";
import { fanOut } from "./sending/fanout";
import { type Surface, serve } from "./serve";

/**
 * Every surface, in routing order: the write side around the read surfaces (which the reader
 * worker serves alike). A new one is one more line here, or in `read-routes.ts`.
 */
export const ROUTES: readonly Surface[] = [
  { mount: "/api/v1", app: subscriptionsApi, kind: "shared" },
  { mount: "/webhooks", app: sesWebhook, kind: "shared" },
  ...READ_ROUTES,
  { mount: "/", app: subscribePages, kind: "page" },
  { mount: "/admin", app: admin, kind: "page" },
];

/**
 * After the mail's fan-out, the same announcements to the Fediverse: the fediverse worker sends a
 * Create for each new one, an Update for a deployed correction, a Delete for a removal. Its ids are
 * minted under the site's origin, the one mail from the cron links to (base_url, else PUBLIC_ORIGIN). A failure is logged
 * and tried again at the next run (nothing is marked sent until it is queued); mail is not held up.
 */
async function federate(env: Env, now: number): Promise<void> {
  if (env.FEDIVERSE === undefined) return;
  try {
    const res = await env.FEDIVERSE.fetch(`${mailOrigin(env)}${FEDIVERSE_PUBLISH_PATH}?now=${now}`, { method: "POST" });
    if (!res.ok) console.error(`fediverse: publish answered ${res.status}`);
    await res.body?.cancel();
  } catch (err) {
    console.error("fediverse: publish failed", err);
  }
}

/** A task of Fedify's from the send queue, run by the fediverse worker: acked when it ran, else retried. */
async function handBack(env: Env, message: Message): Promise<void> {
  const retry = () => message.retry({ delaySeconds: retryDelay(message.attempts) });
  if (env.FEDIVERSE === undefined) return retry();
  try {
    const res = await env.FEDIVERSE.fetch(`${mailOrigin(env)}${FEDIVERSE_TASK_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify((message.body as { fediverse: unknown }).fediverse),
    });
    await res.body?.cancel();
    if (res.ok) message.ack();
    else retry();
  } catch (err) {
    console.error("fediverse: a queued task failed", err);
    retry();
  }
}

/** The app: every surface, the cron and the send queue's consumer. */
export default {
  fetch: serve(ROUTES),

  /**
   * The Cron Trigger (wrangler.toml): records the summaries that went live and the digest runs
   * due, then queues their deliveries, resuming any fan-out an earlier run left unfinished.
   */
  async scheduled(controller: ScheduledController, env: Env): Promise<void> {
    const now = controller.scheduledTime;
    await announce(env.DB, now);
    await scheduleDigests(env.DB, env, now);
    await fanOut(env.DB, env.SEND_QUEUE, now);
    await federate(env, now);
  },

  /**
   * The send queue's consumer: one mail a message (sending/deliver.ts), and the fediverse worker's
   * tasks, which it queues here too, handed back to it.
   */
  async queue(batch: MessageBatch, env: Env): Promise<void> {
    const fediverseTasks = batch.messages.filter((m) => isFediverseMessage(m.body));
    const mail = batch.messages.filter((m) => !isFediverseMessage(m.body));
    await Promise.all([deliverBatch({ messages: mail }, env, mailerFor(env), Date.now()), ...fediverseTasks.map((m) => handBack(env, m))]);
  },
};
