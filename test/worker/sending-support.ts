/**
 * Test support for sending, on the real local queue: the producer sends to the `SEND_QUEUE`
 * binding and the plugin runs the worker's own `queue` handler as its consumer, which mails
 * through the real send_email binding. `watchQueue` watches the three without changing them
 * (spies that call through): what was sent to the queue, what the queue handed to the
 * consumer, the mails the binding was given; and it waits until the consumer has caught up.
 * Also: empty sending tables in the file's local D1.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import PostalMime from "postal-mime";
import { expect, vi } from "vitest";
import worker from "../../src/worker/index";
import type { SendMessage } from "../../src/worker/sending/fanout";

/** A mail as the consumer handed it to the send_email binding, its MIME read back with postal-mime. */
export interface SentMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface QueueWatch {
  /** Bodies sent to the queue so far, in order. */
  sent(): SendMessage[];
  /** Bodies the queue handed to the worker's consumer so far (batches it has finished), in order. */
  carried(): SendMessage[];
  /** Every mail given to the send_email binding so far, in order. */
  mails(): SentMail[];
  /** Resolves once the consumer has finished a batch holding each message sent so far. */
  drained(): Promise<void>;
  /** Hands `messages` to the worker's consumer again, as the queue would redeliver them; resolves to the ids it retried. */
  redeliver(messages: readonly SendMessage[], attempts?: number): Promise<string[]>;
}

/** Where an EmailMessage keeps its raw text (workerd's and Miniflare's name for it). */
const RAW = "EmailMessage::raw";

/** Ids of the batches a test builds itself (`redeliver`, createMessageBatch): not what the queue carried. */
const OURS = "test-";
let made = 0;

/** A batch built by a test, as the queue would hand it over. */
export function batchOf(messages: readonly SendMessage[], attempts = 1): MessageBatch<SendMessage> {
  return createMessageBatch<SendMessage>(
    "keyfacts-send",
    messages.map((body) => ({ id: `${OURS}${made++}-${body.a}-${body.s}`, timestamp: new Date(), attempts, body })),
  );
}

/**
 * Calls `observe` with the arguments of each call of `object[method]`, which still does what it
 * did (a spy calling through; kept in arrays of our own, as Vitest clears a spy's calls before each test).
 */
function observe<T extends object, K extends keyof T & string>(object: T, method: K, observe: (...args: never[]) => void): void {
  // Reflect.apply, not bind: a binding is an RPC stub, whose every property is a remote method.
  const original = object[method] as (...args: unknown[]) => unknown;
  vi.spyOn(object, method as never).mockImplementation(((...args: never[]) => {
    observe(...args);
    return Reflect.apply(original, object, args);
  }) as never);
}

/** Starts watching the queue, its consumer and the send_email binding for the rest of the file. */
export function watchQueue(): QueueWatch {
  const sent: SendMessage[] = [];
  const carried: SendMessage[] = [];
  const mails: SentMail[] = [];
  observe(env.SEND_QUEUE, "sendBatch", (messages: Iterable<MessageSendRequest<SendMessage>>) => {
    for (const m of messages) sent.push(m.body);
  });
  observe(env.SEND_QUEUE, "send", (body: SendMessage) => sent.push(body));
  // The mailer hands the binding an EmailMessage holding the whole MIME text; it is read
  // back as a mail client would, then the same message goes on to the real binding.
  const send = env.EMAIL.send;
  vi.spyOn(env.EMAIL, "send").mockImplementation(async (message) => {
    const raw = (message as unknown as Record<string, unknown>)[RAW];
    if (typeof raw !== "string") throw new Error("the mailer gave send_email no MIME text");
    const parsed = await PostalMime.parse(raw);
    const headers = Object.fromEntries(parsed.headers.map((h) => [h.originalKey, h.value]));
    mails.push({ to: message.to as string, subject: parsed.subject ?? "", text: parsed.text ?? "", html: parsed.html ?? "", headers });
    return Reflect.apply(send, env.EMAIL, [message]);
  });
  // A batch the queue carried counts once the consumer has finished it: its deliveries are then in D1.
  const consume = worker.queue.bind(worker);
  vi.spyOn(worker, "queue").mockImplementation(async (batch, ...rest) => {
    await consume(batch, ...rest);
    for (const m of batch.messages) if (!m.id.startsWith(OURS)) carried.push(m.body as SendMessage);
  });
  return {
    sent: () => [...sent],
    carried: () => [...carried],
    mails: () => [...mails],
    async drained() {
      await vi.waitFor(() => expect(carried.length).toBeGreaterThanOrEqual(sent.length), { timeout: 60_000, interval: 20 });
    },
    async redeliver(messages, attempts = 2) {
      const batch = batchOf(messages, attempts);
      const ctx = createExecutionContext();
      await worker.queue(batch, env);
      return (await getQueueResult(batch, ctx)).retryMessages.map((r) => r.msgId);
    },
  };
}

/** Empties the subscribers' and sending tables: each test file starts from nobody. */
export async function emptyTables(): Promise<void> {
  await env.DB.batch(
    ["deliveries", "announcements", "subscriber_topics", "subscribers"].map((table) => env.DB.prepare(`DELETE FROM ${table}`)),
  );
}
