/**
 * One `npm test`, three kinds of test:
 * - node: content build, serialisers and other pure parts (`test/content`, `test/unit`);
 * - workers: the worker inside workerd through `SELF.fetch` (`test/worker`);
 * - browser: real Chromium against `wrangler dev` on a free port (`test/browser`, `test/e2e`), all in
 *   one file (test/browser/all.ts) that runs beside the other two projects.
 */
import { generateKeyPairSync } from "node:crypto";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { unstable_readConfig } from "wrangler";

const migrations = await readD1Migrations("migrations");
// The send queue's consumer as wrangler.toml declares it, but a batch waits 50 ms for company
// instead of 5 s: tests that queue a few messages see them consumed at once. (Miniflare's
// option replaces the consumer's whole entry, hence every field.)
const send = unstable_readConfig({ config: "wrangler.toml" }, { hideWarnings: true }).queues.consumers?.find(
  (c: { queue: string }) => c.queue === "keyfacts-send",
);
if (send === undefined) throw new Error("wrangler.toml declares no consumer of keyfacts-send");
// The actor's key for the fediverse tests: made per run, never written anywhere.
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const FEDIVERSE_TEST_KEY = JSON.stringify(privateKey.export({ format: "jwk" }));
const sendConsumer = {
  maxBatchSize: send.max_batch_size,
  maxRetries: send.max_retries,
  deadLetterQueue: send.dead_letter_queue,
  maxBatchTimeout: 0.05,
};
const TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef";
// wrangler.toml declares SUBSCRIPTION_SECRET required; the plugin looks for it in .dev.vars or
// here and warns on every test file when it finds none. The binding below is what tests get.
process.env.SUBSCRIPTION_SECRET = TEST_SECRET;

/**
 * Vitest's order (slowest first as its cache knows them, else the largest files), except that
 * the browser project's one file starts first: it takes longest, and runs beside all the others.
 */
class BrowserFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((f) => f.project.name === "browser"), ...sorted.filter((f) => f.project.name !== "browser")];
  }
}

export default defineConfig({
  test: {
    sequence: { sequencer: BrowserFirst },
    // Vitest's default is one file at a time on a 2-core machine (cores − 1). Most files wait
    // on something other than this process (workerd, wrangler dev, Chromium), so three at once
    // keep both cores busy (whole suite here: 7.5 min with one, 6.4 min with three).
    maxWorkers: 3,
    reporters: process.env.CI ? ["default", "junit"] : ["default"],
    outputFile: { junit: "test-results/junit.xml" },
    projects: [
      {
        test: {
          name: "node",
          include: ["test/content/**/*.test.ts", "test/unit/**/*.test.ts", "test/hostile/**/*.test.ts"],
          environment: "node",
          // Tests that keep no state between files: one process for all of them saves a start-up per file.
          isolate: false,
          // Some start a script or workerd (deploy check, hostile artefacts): seconds each, more on a busy machine.
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // The tests' own secret and settings, whatever a developer's .dev.vars holds (npm
              // start writes one); and the D1 migrations, which test/worker/setup.ts applies.
              bindings: {
                SUBSCRIPTION_SECRET: TEST_SECRET,
                DEV_MAIL_LOG: "",
                TURNSTILE_SECRET: "",
                // The topic whose SNS messages /webhooks/ses believes (signed by the SNS stand-in).
                SES_SNS_TOPIC_ARN: "arn:aws:sns:eu-west-1:123456789012:keyfacts-ses",
                // The Access team and application /admin believes (tokens signed by the Access stand-in).
                ACCESS_TEAM_DOMAIN: "keyfacts-test.cloudflareaccess.com",
                ACCESS_AUD: "keyfacts-test-aud-0123456789abcdef",
                ADMIN_LOCAL: "",
                TEST_MIGRATIONS: migrations,
              },
              queueConsumers: {
                [send.queue]: sendConsumer,
              },
              // Every outbound fetch (Turnstile, Amazon SES and SNS, Cloudflare Access) reaches a local stand-in, not the network.
              outboundService: "outbound",
              // The fediverse worker (tested in its own project below) as a stand-in that echoes what it is handed.
              serviceBindings: { FEDIVERSE: "fediverse-binding" },
              workers: [
                {
                  name: "fediverse-binding",
                  modules: [{ type: "ESModule" as const, path: "test/support/fediverse-binding-standin.js" }],
                  compatibilityDate: "2026-11-02",
                },
                {
                  name: "outbound",
                  modules: ["outbound", "access-standin", "ses-standin", "sns-standin", "turnstile-standin"].map((m) => ({
                    type: "ESModule" as const,
                    path: `test/support/${m}.js`,
                  })),
                  compatibilityDate: "2026-11-02",
                },
              ],
            },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/worker/**/*.test.ts"],
          setupFiles: ["test/worker/setup.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./src/fediverse/wrangler.toml" },
            miniflare: {
              bindings: {
                FEDIVERSE_PRIVATE_KEY: FEDIVERSE_TEST_KEY,
                FEDIVERSE_LOCAL: "1",
                TEST_MIGRATIONS: migrations,
              },
              queueConsumers: {
                // Deployed, the site's worker consumes the send queue and hands Fedify's tasks back; here,
                // with no site worker, the fediverse worker consumes it itself (its queue() handler).
                [send.queue]: sendConsumer,
              },
              // Every remote instance Fedify reaches is the stand-in (test/support/fediverse-standin.js).
              outboundService: "fediverse-outbound",
              workers: [
                {
                  name: "fediverse-outbound",
                  modules: [{ type: "ESModule" as const, path: "test/support/fediverse-standin.js" }],
                  compatibilityDate: "2026-11-02",
                },
              ],
            },
          }),
        ],
        test: {
          name: "fediverse",
          include: ["test/fediverse/**/*.test.ts"],
          setupFiles: ["test/worker/setup.ts"],
        },
      },
      {
        test: {
          name: "browser",
          // One file that runs the others in turn (see it): the project's files never run two at once.
          include: ["test/browser/all.ts"],
          environment: "node",
          globalSetup: ["test/support/global-server.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
