/** `npm start` tells the worker the origin wrangler dev serves, so mail sent by the cron links to the right port. */
import { describe, expect, it } from "vitest";
import { publicOriginArgs } from "../../scripts/dev-origin";

describe("publicOriginArgs", () => {
  it("is npm start's default address when no port or address is given", () => {
    expect(publicOriginArgs(["--ip", "127.0.0.1", "--port", "8787"])).toEqual(["--var", "PUBLIC_ORIGIN:http://127.0.0.1:8787"]);
  });

  it("follows --port and --ip in either spelling", () => {
    expect(publicOriginArgs(["--ip", "127.0.0.1", "--port", "9000"])).toEqual(["--var", "PUBLIC_ORIGIN:http://127.0.0.1:9000"]);
    expect(publicOriginArgs(["--ip=127.0.0.2", "--port=9001"])).toEqual(["--var", "PUBLIC_ORIGIN:http://127.0.0.2:9001"]);
    expect(publicOriginArgs(["--ip", "::1", "--port", "9002"])).toEqual(["--var", "PUBLIC_ORIGIN:http://[::1]:9002"]);
  });

  it("uses https when wrangler dev serves https", () => {
    expect(publicOriginArgs(["--port", "8443", "--local-protocol", "https"])).toEqual(["--var", "PUBLIC_ORIGIN:https://127.0.0.1:8443"]);
  });

  it("adds nothing when the arguments set PUBLIC_ORIGIN themselves", () => {
    expect(publicOriginArgs(["--port", "9000", "--var", "PUBLIC_ORIGIN:https://news.example"])).toEqual([]);
  });
});
