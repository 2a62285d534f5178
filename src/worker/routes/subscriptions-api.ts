/** `POST /api/v1/subscriptions`: what the subscribe form does, as JSON (the contract is `SubscriptionRequest` in src/shared/api-schema.ts). */

import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { takeSubscribe } from "./subscribe";

// Refusals are thrown as ProblemError and answered as problem+json by the app's onError.
export const subscriptionsApi = new Hono<AppEnv>().post("/subscriptions", (c) => takeSubscribe(c, ["json"], "api"));
