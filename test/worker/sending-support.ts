/**
 * Test support for sending: a queue that keeps what the producer sends, so a test hands it to
 * the consumer in batches it chooses; and empty sending tables in the file's local D1.
 */
import { env } from "cloudflare:workers";
import type { SendMessage } from "../../src/worker/sending/fanout";

export function recordingQueue(): Queue<SendMessage> & { sent: SendMessage[] } {
  const sent: SendMessage[] = [];
  const queue = {
    sent,
    async send(body: SendMessage) {
      sent.push(body);
    },
    async sendBatch(messages: Iterable<MessageSendRequest<SendMessage>>) {
      for (const m of messages) sent.push(m.body);
    },
  };
  // Only the two methods the producer calls: the rest of Queue's surface is never reached.
  return queue as unknown as Queue<SendMessage> & { sent: SendMessage[] };
}

/** Empties the subscribers' and sending tables: each test file starts from nobody. */
export async function emptyTables(): Promise<void> {
  await env.DB.batch(
    ["deliveries", "announcements", "subscriber_topics", "subscribers"].map((table) => env.DB.prepare(`DELETE FROM ${table}`)),
  );
}
