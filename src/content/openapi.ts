/**
 * The OpenAPI 3.1 document of `/api/v1`, generated at build time from the same TypeBox
 * schemas that type the worker's responses (`src/shared/api-schema.ts`) and the same
 * bounds the worker enforces (`src/worker/lib/*`).
 * @module
 */
import { apiSchemas } from "../shared/api-schema";
import { KEBAB_PATTERN, LIMIT, MAX_CURSOR, MAX_ID, MAX_SLUG, MAX_SUBSCRIPTION_BODY, MAX_TAG } from "../shared/limits";
import { PROBLEM_TYPES } from "../shared/problems";

/** `{$ref: "Fact"}` (TypeBox ids) → `{$ref: "#/components/schemas/Fact"}`; `$id` dropped. */
function toComponent(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toComponent);
  if (schema === null || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "$id") continue;
    out[k] = k === "$ref" && typeof v === "string" && !v.startsWith("#") ? `#/components/schemas/${v}` : toComponent(v);
  }
  return out;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ "application/json": { schema: ref(name) } });

/** A problem response whose body's `status` must equal the HTTP status (RFC 9457 §3.1.3). */
function problem(status: number, description: string, headers?: Record<string, unknown>) {
  const schema = { allOf: [ref("Problem"), { properties: { status: { const: status } } }] };
  return { [String(status)]: { description, ...(headers ? { headers } : {}), content: { "application/problem+json": { schema } } } };
}

/** Every operation's `security`: a public API, where no operation takes credentials. */
const PUBLIC: never[] = [];

const cacheHeaders = {
  ETag: {
    description: "Strong validator from the content hash; send it back in If-None-Match for a 304",
    required: true,
    schema: { type: "string" },
  },
  "Cache-Control": { description: "Short max-age with stale-while-revalidate", required: true, schema: { type: "string" } },
};

function ok(description: string, schema: string, extra: Record<string, unknown> = {}) {
  return {
    "200": { description, headers: { ...cacheHeaders, ...extra }, content: json(schema) },
    "304": { description: "Not modified: If-None-Match matched the current ETag (no body)", headers: cacheHeaders },
    ...problem(400, "Unknown, repeated or invalid query parameter, or a path that cannot name anything"),
    ...problem(405, "Method not allowed: the API is read-only (GET, HEAD, OPTIONS)"),
  };
}

const namePattern = KEBAB_PATTERN;

const tagParam = {
  name: "tag",
  in: "query",
  required: false,
  description: "Only items with this tag (lowercase kebab-case). A tag nothing carries gives an empty list.",
  schema: { type: "string", pattern: namePattern, maxLength: MAX_TAG },
};
const limitParam = {
  name: "limit",
  in: "query",
  required: false,
  description: `Items per response, ${LIMIT.min}–${LIMIT.max}`,
  schema: { type: "integer", minimum: LIMIT.min, maximum: LIMIT.max, default: LIMIT.default },
};

const cursorParam = (filter: string) => ({
  name: "cursor",
  in: "query",
  required: false,
  description: `Opaque: \`next_cursor\` of the previous page, with the same \`${filter}\`. A cursor from an earlier edition of the archive is a 400; start again from the first page.`,
  schema: { type: "string", maxLength: MAX_CURSOR },
});
const nextLink = {
  Link: { description: 'The next page, as `<url>; rel="next"`; absent on the last page', schema: { type: "string" } },
};
const sourceIdSchema = { type: "string", pattern: namePattern, maxLength: MAX_ID };

export function buildOpenApi(title: string, description: string): Record<string, unknown> {
  const schemas = Object.fromEntries(apiSchemas.map((s) => [s.$id as string, toComponent(s)]));
  return {
    openapi: "3.1.0",
    info: {
      title: `${title} API`,
      version: "1.0.0",
      description: `${description}\n\nPublic and CORS-enabled for reading (\`Access-Control-Allow-Origin: *\`, no credentials); the one write, \`POST /subscriptions\`, takes no credentials either but is refused from other sites' pages. Every query parameter is checked: unknown or repeated ones are errors. Errors are RFC 9457 problem+json; problem types are documented at /problems/{type} (${Object.keys(PROBLEM_TYPES).join(", ")}).`,
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/api/v1" }],
    paths: {
      "/summaries": {
        get: {
          operationId: "listSummaries",
          security: PUBLIC,
          summary: "Summaries, newest first",
          description: 'Pages with an opaque cursor: follow `next_cursor` (or the `Link: rel="next"` header) until it is null.',
          parameters: [tagParam, limitParam, cursorParam("tag")],
          responses: ok("A page of summaries", "SummaryList", nextLink),
        },
      },
      "/summaries/{slug}": {
        get: {
          operationId: "getSummary",
          security: PUBLIC,
          summary: "One summary in full, with its HTML body",
          parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string", pattern: namePattern, maxLength: MAX_SLUG } }],
          responses: { ...ok("The summary", "Summary"), ...problem(404, "No summary has this slug") },
        },
      },
      "/facts": {
        get: {
          operationId: "listFacts",
          security: PUBLIC,
          summary: "Key facts across summaries, newest summary first",
          description:
            "All facts or a tag's (the newest `limit`, with the tag's display `name`), or one source's: every fact it is the origin of or relays, paged with `next_cursor` like the summaries. `tag` and `source` do not combine.",
          parameters: [
            tagParam,
            {
              name: "source",
              in: "query",
              required: false,
              description: "Only facts naming this source (an id from `/sources`), paged with `cursor`",
              schema: sourceIdSchema,
            },
            limitParam,
            cursorParam("source"),
          ],
          responses: { ...ok("Key facts, each naming its summary", "FactList", nextLink), ...problem(404, "No source has this id") },
        },
      },
      "/sources": {
        get: {
          operationId: "listSources",
          security: PUBLIC,
          summary: "Every source, with its kind, country and how many facts it is the origin of or relays",
          parameters: [],
          responses: ok("Sources, by id", "SourceList"),
        },
      },
      "/sources/{id}": {
        get: {
          operationId: "getSource",
          security: PUBLIC,
          summary: "One source; its facts are at /facts?source={id}",
          parameters: [{ name: "id", in: "path", required: true, schema: sourceIdSchema }],
          responses: { ...ok("The source", "SourceInfo"), ...problem(404, "No source has this id") },
        },
      },
      "/tags": {
        get: {
          operationId: "listTags",
          security: PUBLIC,
          summary: "Every tag with its display name and number of summaries",
          parameters: [],
          responses: ok("Tags, alphabetical", "TagList"),
        },
      },
      "/subscriptions": {
        post: {
          operationId: "subscribe",
          security: PUBLIC,
          summary: "Subscribe an address by e-mail (double opt-in)",
          description: `What the form at /subscribe does: the address gets a link to confirm (valid 48 hours) and nothing else until it is confirmed. The answer is the same for every address, new, pending, confirmed or unsubscribed, so nobody can learn who subscribes; a confirmed subscriber keeps their choices and is sent a link to their own page instead. At most one mail per address per 10 minutes and three a day. Bodies over ${MAX_SUBSCRIPTION_BODY} bytes are refused.`,
          requestBody: { required: true, content: json("SubscriptionRequest") },
          responses: {
            "202": { description: "Taken: check the inbox (the same for every address)", content: json("SubscriptionAccepted") },
            ...problem(400, "A missing, unknown or invalid field (`errors` lists them), or a body that is not JSON"),
            ...problem(403, "Sent from another site's page, or the Turnstile check failed"),
            ...problem(405, "Method not allowed: this endpoint takes POST (and OPTIONS)"),
            ...problem(413, "The body is too large"),
            ...problem(415, "The body is not application/json"),
            ...problem(429, "Too many subscription requests from this client", {
              "Retry-After": { description: "Seconds to wait before trying again", required: true, schema: { type: "string" } },
            }),
            ...problem(503, "The publication is not set up for e-mail subscriptions"),
          },
        },
      },
    },
    components: { schemas },
  };
}
