/**
 * Fedify's two storage interfaces on Cloudflare's own services: its key-value store on D1 (the
 * `fedify_kv` table), its message queue on a Queue. Fedify does the signing, retries and
 * fan-out; these only keep and carry what it hands them.
 * @module
 */

import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions, MessageQueue, MessageQueueEnqueueOptions } from "@fedify/fedify";
import type { FediverseMessage } from "../shared/fediverse";

/** A key as one string: its parts JSON-encoded, so no two keys share a text and a prefix is a prefix. */
const keyText = (key: KvKey): string => JSON.stringify(key).slice(0, -1);

export class D1KvStore implements KvStore {
  constructor(private readonly db: D1Database) {}

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const row = await this.db
      .prepare("SELECT value FROM fedify_kv WHERE key = ?1 AND (expires_at IS NULL OR expires_at > ?2)")
      .bind(keyText(key), Date.now())
      .first<{ value: string }>();
    return row === null ? undefined : (JSON.parse(row.value) as T);
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const ttl = options?.ttl?.total("millisecond");
    await this.db
      .prepare(
        "INSERT INTO fedify_kv (key, value, expires_at) VALUES (?1, ?2, ?3) ON CONFLICT (key) DO UPDATE SET value = ?2, expires_at = ?3",
      )
      .bind(keyText(key), JSON.stringify(value), ttl === undefined ? null : Date.now() + ttl)
      .run();
  }

  async delete(key: KvKey): Promise<void> {
    await this.db.prepare("DELETE FROM fedify_kv WHERE key = ?1").bind(keyText(key)).run();
  }

  async cas(key: KvKey, expected: unknown, value: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const ttl = options?.ttl?.total("millisecond");
    const expires = ttl === undefined ? null : Date.now() + ttl;
    const text = keyText(key);
    const now = Date.now();
    const result =
      expected === undefined
        ? await this.db
            .prepare(
              `INSERT INTO fedify_kv (key, value, expires_at) VALUES (?1, ?2, ?3)
               ON CONFLICT (key) DO UPDATE SET value = ?2, expires_at = ?3 WHERE expires_at IS NOT NULL AND expires_at <= ?4`,
            )
            .bind(text, JSON.stringify(value), expires, now)
            .run()
        : await this.db
            .prepare(
              "UPDATE fedify_kv SET value = ?2, expires_at = ?3 WHERE key = ?1 AND value = ?4 AND (expires_at IS NULL OR expires_at > ?5)",
            )
            .bind(text, JSON.stringify(value), expires, JSON.stringify(expected), now)
            .run();
    return result.meta.changes > 0;
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const start = prefix === undefined ? "[" : keyText(prefix);
    const { results } = await this.db
      .prepare(
        "SELECT key, value FROM fedify_kv WHERE substr(key, 1, length(?1)) = ?1 AND (expires_at IS NULL OR expires_at > ?2) ORDER BY key",
      )
      .bind(start, Date.now())
      .all<{ key: string; value: string }>();
    for (const row of results) yield { key: JSON.parse(`${row.key}]`) as KvKey, value: JSON.parse(row.value) };
  }
}

/**
 * Fedify's queue on the site's send Queue (the one the mail fan-out uses): each task goes as
 * `{fediverse: task}`; the site's consumer hands it back to this worker, whose
 * `federation.processQueuedTask` runs it. Fedify retries failed deliveries itself (with back-off,
 * up to a bound) by enqueueing them again with a delay, so the Queue's own retries are not used.
 */
export class CloudflareQueue implements MessageQueue {
  readonly nativeRetrial = false;
  constructor(private readonly queue: Queue) {}

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.queue.send({ fediverse: message } satisfies FediverseMessage, { contentType: "json", delaySeconds: delayOf(options) });
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const delaySeconds = delayOf(options);
    // A sendBatch takes at most 100 messages and 256 KB together.
    let batch: MessageSendRequest[] = [];
    let bytes = 0;
    for (const message of messages) {
      const body: FediverseMessage = { fediverse: message };
      const size = utf8.encode(JSON.stringify(body)).byteLength + 100;
      if (batch.length === 100 || (batch.length > 0 && bytes + size > BATCH_BYTES)) {
        await this.queue.sendBatch(batch);
        batch = [];
        bytes = 0;
      }
      batch.push({ body, contentType: "json", delaySeconds });
      bytes += size;
    }
    if (batch.length > 0) await this.queue.sendBatch(batch);
  }

  listen(): Promise<void> {
    // Workers are pushed their messages (the queue() handler); nothing listens.
    return new Promise(() => {});
  }
}

const utf8 = new TextEncoder();
const BATCH_BYTES = 250 * 1024;

/** A Queue delays a message at most 12 hours. */
function delayOf(options?: MessageQueueEnqueueOptions): number | undefined {
  const ms = options?.delay?.total("millisecond");
  return ms === undefined || ms <= 0 ? undefined : Math.min(43_200, Math.ceil(ms / 1000));
}
