/**
 * The fediverse worker: the publication as an ActivityPub actor. It has no public route of its
 * own: the main worker hands it the ActivityPub paths over a service binding, so the reader's
 * worker never loads Fedify (about 2.4 MB of code, forty times Hono's start-up).
 * @module
 */
import type { FediverseEnv } from "./env";
import { federationFor } from "./federation";
import { publish } from "./publish";

/** An activity larger than this is refused before it is parsed (Mastodon's are a few KB). */
const MAX_ACTIVITY_BYTES = 256 * 1024;

const problem = (status: number, title: string, detail: string): Response =>
  Response.json(
    { type: "about:blank", title, status, detail },
    { status, headers: { "Content-Type": "application/problem+json; charset=utf-8", "Cache-Control": "no-store" } },
  );

/** The body of a POST, read up to the bound: a Request to hand on, or the 413 that refuses it. */
async function bounded(request: Request): Promise<Request | Response> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  const tooLarge = () => problem(413, "Payload Too Large", `An activity may have at most ${MAX_ACTIVITY_BYTES} bytes.`);
  if (declared > MAX_ACTIVITY_BYTES) return tooLarge();
  const reader = request.body?.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ACTIVITY_BYTES) {
      await reader.cancel();
      return tooLarge();
    }
    parts.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    body.set(p, at);
    at += p.byteLength;
  }
  return new Request(request.url, { method: "POST", headers: request.headers, body });
}

export default {
  async fetch(request: Request, env: FediverseEnv): Promise<Response> {
    let req = request;
    if (request.method === "POST") {
      const read = await bounded(request);
      if (read instanceof Response) return read;
      req = read;
    }
    return federationFor(env).fetch(req, {
      contextData: env,
      onNotFound: () => problem(404, "Not Found", "Nothing is published at this address."),
      onNotAcceptable: () => problem(406, "Not Acceptable", "This address serves application/activity+json."),
      onUnauthorized: () => problem(401, "Unauthorized", "The request's HTTP signature did not verify."),
    });
  },

  /** Every 5 minutes: Creates, Updates and Deletes for what changed (publish.ts). */
  async scheduled(controller: ScheduledController, env: FediverseEnv): Promise<void> {
    await publish(env, controller.scheduledTime);
  },

  /** Fedify's tasks: a fan-out to split, or one signed POST to one inbox. */
  async queue(batch: MessageBatch, env: FediverseEnv): Promise<void> {
    const fed = federationFor(env);
    for (const message of batch.messages) {
      // Fedify retries a failed delivery itself, as a new message with a delay; this one is done.
      await fed.processQueuedTask(env, message.body as Parameters<typeof fed.processQueuedTask>[1]);
      message.ack();
    }
  },
};
