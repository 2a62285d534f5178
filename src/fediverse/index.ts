/**
 * The fediverse worker: the publication as an ActivityPub actor. It has no public route of its
 * own: the reader worker hands it the ActivityPub paths over a service binding, so a reader's
 * request never loads Fedify (this worker is 2.7 MB of code, sixty times Hono hello's start-up).
 * @module
 */
import { FEDIVERSE_PUBLISH_PATH, FEDIVERSE_TASK_PATH, isFediverseMessage } from "../shared/fediverse";
import type { ProblemType } from "../shared/problems";
import { readBounded } from "../worker/lib/bounded";
import { ProblemError, problemBody } from "../worker/lib/problem";
import { originOf } from "../worker/lib/store";
import type { FediverseEnv } from "./env";
import { federationFor } from "./federation";
import { publish } from "./publish";

/** An activity larger than this is refused before it is parsed (Mastodon's are a few KB). */
const MAX_ACTIVITY_BYTES = 256 * 1024;

/** An RFC 9457 answer of one of the site's problem types (each documented at /problems/<type>). */
function problem(type: ProblemType, detail: string, request: Request): Response {
  const err = new ProblemError(type, detail);
  return new Response(problemBody(err, originOf(request.url), new URL(request.url).pathname), {
    status: err.status,
    headers: { "Content-Type": "application/problem+json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** The body of a POST, read up to the bound: a Request to hand on, or the 413 that refuses it. */
async function bounded(request: Request): Promise<Request | Response> {
  const body = await readBounded(request.body, request.headers.get("Content-Length"), MAX_ACTIVITY_BYTES);
  if (body === undefined) return problem("payload-too-large", `An activity may have at most ${MAX_ACTIVITY_BYTES} bytes.`, request);
  return new Request(request.url, { method: "POST", headers: request.headers, body });
}

/** One of Fedify's tasks: an incoming activity to handle, or one signed POST to one inbox. Fedify retries a failed delivery itself, as a new message with a delay. */
async function runTask(env: FediverseEnv, task: unknown): Promise<void> {
  const fed = federationFor(env);
  await fed.processQueuedTask(env, task as Parameters<typeof fed.processQueuedTask>[1]);
}

export default {
  async fetch(request: Request, env: FediverseEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === FEDIVERSE_PUBLISH_PATH && request.method === "POST") {
      const now = Number(url.searchParams.get("now") ?? Date.now());
      return Response.json(await publish(env, originOf(request.url), now));
    }
    if (url.pathname === FEDIVERSE_TASK_PATH && request.method === "POST") {
      await runTask(env, await request.json());
      return new Response(null, { status: 204 });
    }
    let req = request;
    if (request.method === "POST") {
      const read = await bounded(request);
      if (read instanceof Response) return read;
      req = read;
    }
    return federationFor(env).fetch(req, {
      contextData: env,
      onNotFound: (req) => problem("not-found", "Nothing is published at this address.", req),
      // A browser (asking for HTML) is sent to the page for people: the site, or the summary's page.
      onNotAcceptable: (req) => {
        const path = new URL(req.url).pathname;
        const page = path.startsWith("/ap/actors/") ? "/" : path.replace(/^\/ap\/summaries\//, "/summaries/");
        if (page === path) return problem("not-acceptable", "This address serves application/activity+json.", req);
        return new Response(null, {
          status: 303,
          headers: { Location: new URL(page, req.url).href, Vary: "Accept", "Cache-Control": "no-store" },
        });
      },
      onUnauthorized: (req) => problem("invalid-signature", "The request's HTTP signature did not verify.", req),
    });
  },

  /**
   * The send queue's messages when this worker consumes them itself (its own tests; deployed, the
   * app worker consumes the queue and hands Fedify's tasks over at FEDIVERSE_TASK_PATH).
   */
  async queue(batch: MessageBatch, env: FediverseEnv): Promise<void> {
    for (const message of batch.messages) {
      if (isFediverseMessage(message.body)) await runTask(env, message.body.fediverse);
      message.ack();
    }
  },
};
