/**
 * Amazon SES as the mail provider (`MAIL_PROVIDER = "ses"`), through the worker's queue
 * consumer and the real local D1, against the SES stand-in of test/support/ses-standin.js,
 * which checks each request's SigV4 signature and answers with SES's documented payloads:
 * a send keeps SES's MessageId, a throttled batch ends with one mail each, a refused address
 * is suppressed alone, and nothing about our own account ever suppresses a reader.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/worker/index";
import { mailerFor } from "../../src/worker/mail/mailer";
import type { SendMessage } from "../../src/worker/sending/fanout";

/** The stand-in's only credentials (SES_TEST_KEY in test/support/ses-standin.js). */
const KEY = { id: "AKIDKEYFACTSTEST0001", secret: "keyfacts-test-secret-access-key-0123456789" };
const SES = {
  MAIL_PROVIDER: "ses",
  SES_REGION: "eu-west-1",
  SES_ACCESS_KEY_ID: KEY.id,
  SES_SECRET_ACCESS_KEY: KEY.secret,
  SES_CONFIGURATION_SET: "",
};
const sesEnv = (more: Record<string, string> = {}) => ({ ...env, ...SES, ...more }) as Env;
/** The newest summary of the test archive, live since 2026-11-23. */
const SLUG = "north-korean-labourers-russia-2024";

interface Accepted {
  MessageId: string;
  request: {
    FromEmailAddress: string;
    Destination: { ToAddresses: string[] };
    ConfigurationSetName?: string;
    Content: { Simple: { Subject: { Data: string; Charset: string }; Headers: { Name: string; Value: string }[] } };
  };
}

/** What the SES stand-in accepted for `address`. */
async function accepted(address: string): Promise<Accepted[]> {
  const res = await fetch(`https://email.eu-west-1.amazonaws.com/__test/sent?to=${encodeURIComponent(address)}`);
  return res.json();
}

let announcement = 0;

/** Confirmed subscribers who get every summary, one per address; their ids. */
async function subscribers(addresses: string[]): Promise<number[]> {
  const { results } = await env.DB.prepare(
    `INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at, confirmed_at)
     SELECT value, lower(value), 'confirmed', 'each', 1, 0, 0, 0 FROM json_each(?1) RETURNING id`,
  )
    .bind(JSON.stringify(addresses))
    .all<{ id: number }>();
  return results.map((r) => r.id);
}

let batchNo = 0;
/**
 * Hands one batch, a message per subscriber, to the worker's queue handler with `bindings`;
 * what was acked and retried, and the delay of each retry (which getQueueResult does not keep).
 */
async function consume(ids: number[], bindings: Env, attempts = 1) {
  const batch = createMessageBatch<SendMessage>(
    "keyfacts-send",
    ids.map((s) => ({ id: `ses-${s}-${batchNo++}`, timestamp: Date.now(), attempts, body: { a: announcement, s } })),
  );
  const delays: (number | undefined)[] = [];
  const messages = batch.messages.map((m) => ({
    id: m.id,
    timestamp: m.timestamp,
    body: m.body,
    attempts: m.attempts,
    ack: () => m.ack(),
    retry: (options?: QueueRetryOptions) => {
      delays.push(options?.delaySeconds);
      m.retry(options);
    },
  }));
  const ctx = createExecutionContext();
  await worker.queue({ ...batch, queue: batch.queue, messages } as MessageBatch, bindings);
  return { ...(await getQueueResult(batch, ctx)), delays };
}

const delivery = (s: number) =>
  env.DB.prepare("SELECT status, message_id FROM deliveries WHERE announcement_id = ?1 AND subscriber_id = ?2")
    .bind(announcement, s)
    .first<{ status: string; message_id: string | null }>();
const statusOf = (s: number) => env.DB.prepare("SELECT status FROM subscribers WHERE id = ?1").bind(s).first<string>("status");

beforeAll(async () => {
  await env.DB.prepare(
    "INSERT OR IGNORE INTO announcements (slug, tags, kind, live_at, created_at) VALUES (?1, '[\"russia\"]', 'summary', ?2, ?2)",
  )
    .bind(SLUG, Date.parse("2026-11-23T00:00:00Z"))
    .run();
  announcement = (await env.DB.prepare("SELECT id FROM announcements WHERE slug = ?1").bind(SLUG).first<number>("id")) as number;
});

describe("Amazon SES as the mail provider", () => {
  it("sends a signed SendEmail with Simple content and the List-* headers, and keeps SES's MessageId on the delivery", async () => {
    const [plain, withSet] = await subscribers(["ann@example.com", "bob@example.com"]);
    const first = await consume([plain as number], sesEnv());
    const second = await consume([withSet as number], sesEnv({ SES_CONFIGURATION_SET: "keyfacts-events" }));
    expect([...first.explicitAcks, ...second.explicitAcks]).toHaveLength(2);

    const [ann] = await accepted("ann@example.com");
    expect(ann).toBeDefined();
    const { request } = ann as Accepted;
    expect(request.Destination.ToAddresses).toEqual(["ann@example.com"]);
    expect(request.FromEmailAddress).toMatch(new RegExp(`<${env.MAIL_FROM}>$`));
    expect(request.Content.Simple.Subject.Charset).toBe("UTF-8");
    const headers = Object.fromEntries(request.Content.Simple.Headers.map((h) => [h.Name, h.Value]));
    expect(headers["List-Unsubscribe"]).toMatch(/^<https?:\/\/[^>]+\/unsubscribe\?token=[^>]+>$/);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(headers["List-Id"]).toBeTruthy();
    expect(request.ConfigurationSetName).toBeUndefined();
    expect(await delivery(plain as number)).toEqual({ status: "sent", message_id: (ann as Accepted).MessageId });

    const [bob] = await accepted("bob@example.com");
    expect(bob?.request.ConfigurationSetName).toBe("keyfacts-events");
    expect((await delivery(withSet as number))?.message_id).toBe(bob?.MessageId);
  });

  it("a batch throttled half-way is retried after SES's Retry-After, and everyone ends with exactly one mail and one delivery", async () => {
    const addresses = Array.from({ length: 50 }, (_, i) => `reader-${i}@example.org`);
    const ids = await subscribers(addresses);
    // SES accepts 25 mails, then answers 429 "Maximum sending rate exceeded." to the rest.
    const throttled = await consume(ids, sesEnv({ SES_CONFIGURATION_SET: "throttle-after-25-batch" }));
    expect(throttled.explicitAcks).toHaveLength(25);
    expect(throttled.retryMessages).toHaveLength(25);
    expect(throttled.delays).toEqual(Array(25).fill(30));

    // The whole batch again (a retry and a redelivery at once), the rate back to normal.
    const again = await consume(ids, sesEnv(), 2);
    expect(again.retryMessages).toEqual([]);
    const ids2 = new Set<string>();
    for (const [i, s] of ids.entries()) {
      const mails = await accepted(addresses[i] as string);
      expect(mails).toHaveLength(1);
      expect(await delivery(s)).toEqual({ status: "sent", message_id: mails[0]?.MessageId });
      ids2.add(mails[0]?.MessageId as string);
    }
    expect(ids2.size).toBe(50);
    // 100 signed requests to the SES stand-in and 50 rows read back: seconds on a busy machine, not 5.
  }, 30_000);

  it("an address SES refuses is suppressed, and only that one", async () => {
    const [refused, fine] = await subscribers(["rejected-1@example.com", "carol@example.com"]);
    const result = await consume([refused as number, fine as number], sesEnv());
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toEqual([]);
    expect(await statusOf(refused as number)).toBe("suppressed");
    expect((await delivery(refused as number))?.status).toBe("failed");
    expect(await statusOf(fine as number)).toBe("confirmed");
    expect((await delivery(fine as number))?.status).toBe("sent");
  });

  it("errors of our own account, keys or settings, and SES outages, suppress nobody and are retried", async () => {
    const cases: [string, Record<string, string>][] = [
      ["suspended-1@example.com", {}],
      ["paused-1@example.com", {}],
      ["unverified-1@example.com", {}],
      ["outage-1@example.com", {}],
      ["dave@example.com", { SES_CONFIGURATION_SET: "missing-set" }],
      ["erin@example.com", { SES_SECRET_ACCESS_KEY: "not-the-secret" }],
      ["frank@example.com", { SES_ACCESS_KEY_ID: "AKIDUNKNOWN000000000" }],
    ];
    const ids = await subscribers(cases.map(([address]) => address));
    for (const [i, [, more]] of cases.entries()) {
      const s = ids[i] as number;
      const result = await consume([s], sesEnv(more));
      expect(result.retryMessages).toHaveLength(1);
      expect(await statusOf(s)).toBe("confirmed");
      expect((await delivery(s))?.status).toBe("retry");
    }
    for (const [address] of cases) expect(await accepted(address)).toEqual([]);
  });

  it("an unknown MAIL_PROVIDER, or ses without its secrets, fails loudly at the first send and suppresses nobody", async () => {
    const mail = {
      from: { name: "K", email: env.MAIL_FROM },
      to: "gina@example.com",
      subject: "s",
      text: "t",
      html: "<p>t</p>",
      headers: {},
    };
    await expect(mailerFor({ ...env, MAIL_PROVIDER: "postmark" }).send(mail)).rejects.toThrow(
      /MAIL_PROVIDER "postmark" is not a mail provider/,
    );
    await expect(mailerFor(sesEnv({ SES_SECRET_ACCESS_KEY: "" })).send(mail)).rejects.toThrow(/SES_SECRET_ACCESS_KEY is not set/);

    const [s] = await subscribers(["gina@example.com"]);
    const result = await consume([s as number], sesEnv({ SES_ACCESS_KEY_ID: "" }));
    expect(result.retryMessages).toHaveLength(1);
    expect(await statusOf(s as number)).toBe("confirmed");
    expect(await accepted("gina@example.com")).toEqual([]);
  });

  it("sends a subject and a sender's name with CR, LF or control characters in them as one line each, breaks turned to spaces", async () => {
    const mail = {
      from: { name: "Keyfacts\r\nBcc: x@evil.example", email: env.MAIL_FROM },
      to: "hana@example.com",
      subject: "Hi\r\nBcc: x@evil.example\u0000\u2028X-Evil: 1",
      text: "t",
      html: "<p>t</p>",
      headers: {},
    };
    await mailerFor(sesEnv()).send(mail);
    const [sent] = await accepted("hana@example.com");
    expect(sent?.request.Content.Simple.Subject.Data).toBe("Hi Bcc: x@evil.example X-Evil: 1");
    expect(sent?.request.FromEmailAddress).toBe(`"Keyfacts Bcc: x@evil.example" <${env.MAIL_FROM}>`);
  });
});
