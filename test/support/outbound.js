/**
 * The workers tests' one outbound stand-in (miniflare's outboundService, vitest.config.ts):
 * every fetch the worker makes, or a test makes, lands here (tests have no network) and is
 * answered by host as the real service documents: Turnstile's siteverify, Amazon SES v2
 * (`email.<region>.amazonaws.com`), Amazon SNS (`sns.<region>.amazonaws.com`) and a Cloudflare
 * Access team's keys (`<team>.cloudflareaccess.com`). Any other
 * host gets a 404; `GET https://outbound.test/hosts` lists every host asked for so far, so a
 * test can tell that a host was never fetched.
 */
import { access } from "./access-standin.js";
import { ses } from "./ses-standin.js";
import { sns } from "./sns-standin.js";
import { turnstile } from "./turnstile-standin.js";

const hosts = new Set();

export default {
  async fetch(request) {
    const { host } = new URL(request.url);
    if (host === "outbound.test") return Response.json([...hosts]);
    hosts.add(host);
    if (host === "challenges.cloudflare.com") return turnstile(request);
    if (host.endsWith(".cloudflareaccess.com")) return access(request);
    const aws = /^(email|sns)\.([a-z0-9-]+)\.amazonaws\.com$/.exec(host);
    if (aws?.[1] === "email") return ses(request, aws[2]);
    if (aws?.[1] === "sns") return sns(request);
    return new Response("no such host here", { status: 404 });
  },
};
