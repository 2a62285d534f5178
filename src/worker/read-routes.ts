/**
 * The read surfaces, in routing order: everything a reader GETs (the API, feeds, widget,
 * embeds, pages, the site's files). The reader worker serves these and nothing else; the app
 * worker serves them too, between its write surfaces.
 * @module
 */
import { api } from "./routes/api";
import { embed } from "./routes/embed";
import { feeds, feedsPage } from "./routes/feeds";
import { oembed } from "./routes/oembed";
import { openapiRoute } from "./routes/openapi";
import { pages } from "./routes/pages";
import { site } from "./routes/site";
import { sourcePages } from "./routes/sources";
import { widget } from "./routes/widget";
import type { Surface } from "./serve";

export const READ_ROUTES: readonly Surface[] = [
  { mount: "/api/v1", app: api, kind: "shared" },
  { mount: "/openapi.json", app: openapiRoute, kind: "shared" },
  { mount: "/oembed", app: oembed, kind: "shared" },
  { mount: "/", app: feeds, kind: "shared" },
  { mount: "/", app: widget, kind: "shared" },
  { mount: "/embed", app: embed, kind: "embed" },
  { mount: "/", app: feedsPage, kind: "page" },
  { mount: "/", app: pages, kind: "page" },
  { mount: "/", app: sourcePages, kind: "page" },
  { mount: "/", app: site, kind: "shared" },
];
