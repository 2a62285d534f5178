/**
 * The reader worker is the public entry and holds only the read side: a reader's cold start
 * compiles every module of the worker it reaches, so no mail, subscription, sending or admin
 * code (nor jose, aws4fetch or Fedify) may be in its bundle, and its config binds it to the app
 * and fediverse workers by their real names, with no state of its own.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

const ROOT = join(import.meta.dirname, "../..");
const read = (config: string) => unstable_readConfig({ config: join(ROOT, config) }, { hideWarnings: true });

describe("the reader worker", () => {
  it("bundles no code of the write side", async () => {
    const result = await build({
      entryPoints: [join(ROOT, "src/worker/reader.ts")],
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      external: ["node:*", "cloudflare:*", "*.bin"],
      conditions: ["workerd", "worker", "browser"],
      mainFields: ["browser", "module", "main"],
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain("src/worker/routes/pages.ts");
    const writeSide =
      /^(src\/worker\/(admin|mail|sending|subscriptions)\/|src\/worker\/routes\/(subscribe|subscribe-body|subscriptions-api|ses-webhook)\.ts|src\/fediverse\/|node_modules\/(jose|aws4fetch|@fedify)\/)/;
    expect(inputs.filter((f) => writeSide.test(f))).toEqual([]);
  });

  it("is bound to the app and fediverse workers by their names, with the app's documents and date, and no state of its own", () => {
    const reader = read("src/worker/reader.wrangler.toml");
    const app = read("wrangler.toml");
    const fediverse = read("src/fediverse/wrangler.toml");
    expect(reader.services).toEqual([
      { binding: "APP", service: app.name },
      { binding: "FEDIVERSE", service: fediverse.name },
    ]);
    expect(app.workers_dev).toBe(false);
    expect(reader.workers_dev).toBe(true);
    expect(reader.compatibility_date).toBe(app.compatibility_date);
    // Each config names the folder relative to itself.
    expect(join(ROOT, "src/worker", reader.assets?.directory ?? "")).toBe(join(ROOT, app.assets?.directory ?? "?"));
    expect(reader.assets?.binding).toBe("ASSETS");
    expect(Object.keys(reader.vars)).toEqual(["WEBSUB_HUB"]);
    expect([reader.d1_databases, reader.queues.producers, reader.queues.consumers, reader.send_email, reader.triggers.crons ?? []]).toEqual(
      [[], [], [], [], []],
    );
  });
});
