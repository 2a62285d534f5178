/**
 * The `<key-facts>` script: `/widget.js` for the one-line embed (short cache, so sites pick up
 * fixes) and `/widget/<version>.js`, immutable, for pages that pin it with `integrity=`.
 * CORS and `Cross-Origin-Resource-Policy: cross-origin` come with its kind, `shared` in the route table.
 * @module
 */

import { script, version } from "../../../build/widget-bundle.js";
import type { AppEnv } from "../lib/app-env";
import { Hono } from "../lib/hono";
import { ProblemError } from "../lib/problem";
import { represent, send } from "../lib/respond";

const JS_TYPE = "text/javascript; charset=utf-8";
const VERSIONED = `${version}.js`;

const widgetJs = () => represent("widget.js", JS_TYPE, () => script);

export const widget = new Hono<AppEnv>()
  .get("/widget.js", (c) => send(c, widgetJs(), { cache: "short", query: [] }))
  .get("/widget/:file", (c) => {
    // Only the current build exists: an old version's bytes would not match its integrity hash anyway.
    if (c.req.param("file") !== VERSIONED) {
      throw new ProblemError("not-found", `no such widget version; the current one is /widget/${VERSIONED}`);
    }
    return send(c, widgetJs(), { cache: "immutable", query: [] });
  });
