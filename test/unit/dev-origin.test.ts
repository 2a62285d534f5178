/** `npm start` tells the worker the origin wrangler dev serves, so mail sent by the cron links to the right port. */
import { describe, expect, it } from "vitest";
import { publicOrigin } from "../../scripts/dev-origin";

describe("publicOrigin", () => {
  it("is npm start's default address when no port or address is given", () => {
    expect(publicOrigin(["--ip", "127.0.0.1", "--port", "8787"])).toBe("http://127.0.0.1:8787");
  });

  it("follows --port and --ip in either spelling", () => {
    expect(publicOrigin(["--ip", "127.0.0.1", "--port", "9000"])).toBe("http://127.0.0.1:9000");
    expect(publicOrigin(["--ip=127.0.0.2", "--port=9001"])).toBe("http://127.0.0.2:9001");
    expect(publicOrigin(["--ip", "::1", "--port", "9002"])).toBe("http://[::1]:9002");
  });

  it("uses https when wrangler dev serves https", () => {
    expect(publicOrigin(["--port", "8443", "--local-protocol", "https"])).toBe("https://127.0.0.1:8443");
  });

  it("is the arguments' own PUBLIC_ORIGIN when they set it", () => {
    expect(publicOrigin(["--port", "9000", "--var", "PUBLIC_ORIGIN:https://news.example"])).toBe("https://news.example");
    expect(publicOrigin(["--port", "9000", "--var=PUBLIC_ORIGIN:https://news.example"])).toBe("https://news.example");
  });
});
