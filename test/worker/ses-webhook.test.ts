/**
 * `POST /webhooks/ses`: Amazon SES's bounces and complaints through Amazon SNS, against the
 * real local D1 and the SNS stand-in of test/support/sns-standin.js, which signs messages with
 * a key and certificate it makes at start, as SNS does. Only a signed message of our topic
 * changes anything; a permanent bounce or a complaint suppresses, a transient bounce does not.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./subscribe-support";

/** The topic vitest.config.ts configures (SES_SNS_TOPIC_ARN), and its region's SNS host. */
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:keyfacts-ses";
const SNS = "https://sns.eu-west-1.amazonaws.com";
/** Where the SNS stand-in serves its certificate, as SNS does: /SimpleNotificationService-<hex>.pem. */
const CERT = "/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";

type Sns = Record<string, string>;

/** `m` signed by the SNS stand-in as SNS signs (SignatureVersion "1" unless `m` says otherwise). */
async function signed(m: Sns): Promise<Sns> {
  const res = await fetch(`${SNS}/__test/sign`, { method: "POST", body: JSON.stringify(m) });
  return res.json();
}

/** An SNS Notification carrying an SES event, as SES publishes it to the topic. */
const notification = (event: unknown, more: Sns = {}): Sns => ({
  Type: "Notification",
  MessageId: crypto.randomUUID(),
  TopicArn: TOPIC,
  Subject: "Amazon SES Email Event Notification",
  Message: JSON.stringify(event),
  Timestamp: new Date().toISOString(),
  ...more,
});

const bounce = (bounceType: string, ...addresses: string[]) => ({
  notificationType: "Bounce",
  bounce: { bounceType, bounceSubType: "General", bouncedRecipients: addresses.map((emailAddress) => ({ emailAddress })) },
  mail: { messageId: "0100019a-test" },
});

/** What SNS does: POST the message as text/plain JSON. */
const hook = (body: string | Sns, type = "Notification") =>
  call("/webhooks/ses", {
    method: "POST",
    body: typeof body === "string" ? body : JSON.stringify(body),
    headers: { "Content-Type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": type },
  });

const ids: Record<string, number> = {};
const statusOf = (name: string) => env.DB.prepare("SELECT status FROM subscribers WHERE id = ?1").bind(ids[name]).first<string>("status");

beforeAll(async () => {
  for (const [name, address] of Object.entries({
    hard: "Hard.Bounce@example.com",
    hard2: "second@example.net",
    soft: "soft@example.com",
    complainer: "complainer@example.com",
    victim: "victim@example.com",
    bystander: "bystander@example.com",
  })) {
    const row = await env.DB.prepare(
      "INSERT INTO subscribers (address, address_key, status, cadence, all_topics, created_at, updated_at, confirmed_at) VALUES (?1, lower(?1), 'confirmed', 'each', 1, 0, 0, 0) RETURNING id",
    )
      .bind(address)
      .first<{ id: number }>();
    ids[name] = row?.id as number;
  }
});

async function expectRefused(res: Response, status: number, type: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get("Content-Type")).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { type: string; status: number };
  expect(body.type).toMatch(new RegExp(`/problems/${type}$`));
  expect(body.status).toBe(status);
}

describe("POST /webhooks/ses", () => {
  it("a signed permanent bounce suppresses every bounced address, found by its address key, and no one else", async () => {
    const res = await hook(await signed(notification(bounce("Permanent", "hard.bounce@EXAMPLE.com", "second@example.net"))));
    expect(res.status).toBe(204);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await statusOf("hard")).toBe("suppressed");
    expect(await statusOf("hard2")).toBe("suppressed");
    expect(await statusOf("bystander")).toBe("confirmed");
  });

  it("a signed complaint (SignatureVersion 2, configuration-set event) suppresses the complaining address", async () => {
    const complaint = { eventType: "Complaint", complaint: { complainedRecipients: [{ emailAddress: "complainer@example.com" }] } };
    const res = await hook(await signed(notification(complaint, { SignatureVersion: "2" })));
    expect(res.status).toBe(204);
    expect(await statusOf("complainer")).toBe("suppressed");
    expect(await statusOf("bystander")).toBe("confirmed");
  });

  it("a transient bounce changes nothing", async () => {
    const res = await hook(await signed(notification(bounce("Transient", "soft@example.com"))));
    expect(res.status).toBe(204);
    expect(await statusOf("soft")).toBe("confirmed");
  });

  it("a tampered body, a wrong signature, a foreign certificate host or another topic gets 401 and changes nothing", async () => {
    const good = await signed(notification(bounce("Permanent", "bystander@example.com")));
    const other = await signed(notification(bounce("Permanent", "soft@example.com")));
    const refused: Sns[] = [
      { ...good, Message: JSON.stringify(bounce("Permanent", "victim@example.com")) },
      { ...good, Subject: "changed" },
      { ...good, Signature: other.Signature as string },
      { ...good, SignatureVersion: "3" },
      { ...good, SignatureVersion: "2" },
      await signed(notification(bounce("Permanent", "victim@example.com"), { TopicArn: "arn:aws:sns:eu-west-1:123456789012:another" })),
    ];
    for (const cert of [
      `https://evil.example${CERT}`,
      `https://sns.eu-west-1.amazonaws.com.evil.example${CERT}`,
      `http://sns.eu-west-1.amazonaws.com${CERT}`,
      `https://sns.eu-west-1.amazonaws.com:8443${CERT}`,
      `https://user@sns.eu-west-1.amazonaws.com${CERT}`,
      `https://sns.us-east-1.amazonaws.com${CERT}`,
      "https://sns.eu-west-1.amazonaws.com/__test/sign",
    ])
      refused.push(await signed(notification(bounce("Permanent", "victim@example.com"), { SigningCertURL: cert })));
    for (const m of refused) await expectRefused(await hook(m), 401, "invalid-signature");
    expect(await statusOf("victim")).toBe("confirmed");
    expect(await statusOf("bystander")).toBe("confirmed");
    expect(await statusOf("soft")).toBe("confirmed");
    const hosts = (await (await fetch("https://outbound.test/hosts")).json()) as string[];
    expect(hosts.filter((h) => h !== "sns.eu-west-1.amazonaws.com" && h.includes("sns"))).toEqual([]);
    expect(hosts).not.toContain("evil.example");
  });

  it("a signed SubscriptionConfirmation is confirmed by a GET of its SubscribeURL; an unsigned one is not", async () => {
    const confirmation = (token: string): Sns => ({
      Type: "SubscriptionConfirmation",
      MessageId: crypto.randomUUID(),
      Token: token,
      TopicArn: TOPIC,
      Message: `You have chosen to subscribe to the topic ${TOPIC}.`,
      SubscribeURL: `${SNS}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TOPIC)}&Token=${token}`,
      Timestamp: new Date().toISOString(),
    });
    const confirmed = async (token: string) => (await fetch(`${SNS}/__test/confirmed?token=${token}`)).json();

    const res = await hook(await signed(confirmation("token-signed")), "SubscriptionConfirmation");
    expect(res.status).toBe(204);
    expect(await confirmed("token-signed")).toBe(true);

    const forged = { ...(await signed(confirmation("token-a"))), Token: "token-forged" };
    await expectRefused(await hook(forged, "SubscriptionConfirmation"), 401, "invalid-signature");
    expect(await confirmed("token-forged")).toBe(false);
    expect(await confirmed("token-a")).toBe(false);

    // Signed, but naming a SubscribeURL off the SNS host: never fetched.
    const elsewhere = await signed({ ...confirmation("token-elsewhere"), SubscribeURL: "https://evil.example/?Token=token-elsewhere" });
    await expectRefused(await hook(elsewhere, "SubscriptionConfirmation"), 401, "invalid-signature");
    expect((await (await fetch("https://outbound.test/hosts")).json()) as string[]).not.toContain("evil.example");
  });

  it("a malformed body gets 400 problem+json, an oversized one 413, a GET 405, and nothing changes", async () => {
    const noJsonEvent = await signed(notification("x", { Message: "not json" }));
    for (const body of [
      "",
      "not json",
      "[]",
      "null",
      JSON.stringify({ Type: "Notification" }),
      JSON.stringify({
        ...notification(bounce("Permanent", "victim@example.com")),
        Type: "Surprise",
        Signature: "x",
        SignatureVersion: "1",
        SigningCertURL: "x",
      }),
      JSON.stringify({ ...noJsonEvent, Subject: 3 }),
    ])
      await expectRefused(await hook(body), 400, "invalid-body");
    await expectRefused(await hook(noJsonEvent), 400, "invalid-body");
    await expectRefused(await hook(`"${"x".repeat(301 * 1024)}"`), 413, "payload-too-large");
    const get = await call("/webhooks/ses");
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST, OPTIONS");
    expect(await statusOf("victim")).toBe("confirmed");
  });
});
