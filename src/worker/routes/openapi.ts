/** `/openapi.json`: the build-time OpenAPI document, with this origin as its server. */

import openapi from "../../../build/openapi.js";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { strictQuery } from "../lib/query";
import { represent, send } from "../lib/respond";
import { originOf } from "../lib/store";

export const openapiRoute = new Hono<AppEnv>().get("/", (c) => {
  strictQuery(c, []);
  const origin = originOf(c.req.url);
  const rep = represent(`openapi ${origin}`, "application/json; charset=utf-8", () =>
    JSON.stringify({ ...openapi, servers: [{ url: `${origin}/api/v1` }] }),
  );
  return send(c, rep);
});
