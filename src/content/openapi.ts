/**
 * The OpenAPI 3.1 document of `/api/v1`, generated at build time from the same TypeBox
 * schemas that type the worker's responses (`src/shared/api-schema.ts`).
 * @module
 */
import { apiSchemas } from "../shared/api-schema";
import { PROBLEM_TYPES } from "../worker/lib/problem";

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
const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });
const cacheHeaders = {
  ETag: { description: "Strong validator; send it back in If-None-Match for a 304", schema: { type: "string" } },
  "Cache-Control": { description: "Short max-age with stale-while-revalidate", schema: { type: "string" } },
};
const ok = (description: string, schema: string, extra: Record<string, unknown> = {}) => ({
  "200": { description, headers: { ...cacheHeaders, ...extra }, content: json(schema) },
  "304": { description: "Not modified (If-None-Match matched)", headers: cacheHeaders },
  "400": problem("Unknown, repeated or invalid query parameter, or a bad path"),
  "405": problem("Method not allowed"),
});

const tagParam = {
  name: "tag",
  in: "query",
  required: false,
  description: "Only items with this tag (lowercase kebab-case)",
  schema: { type: "string", pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$", maxLength: 40 },
};
const limitParam = {
  name: "limit",
  in: "query",
  required: false,
  description: "Items per response, 1–100",
  schema: { type: "integer", minimum: 1, maximum: 100, default: 20 },
};

export function buildOpenApi(title: string, description: string): Record<string, unknown> {
  const schemas = Object.fromEntries(apiSchemas.map((s) => [s.$id as string, toComponent(s)]));
  return {
    openapi: "3.1.0",
    info: {
      title: `${title} API`,
      version: "1.0.0",
      description: `${description}\n\nRead-only, public and CORS-enabled. Errors are RFC 9457 problem+json; problem types are documented at /problems/{type} (${Object.keys(PROBLEM_TYPES).join(", ")}).`,
    },
    servers: [{ url: "/api/v1" }],
    paths: {
      "/summaries": {
        get: {
          operationId: "listSummaries",
          summary: "Summaries, newest first",
          parameters: [
            tagParam,
            limitParam,
            {
              name: "cursor",
              in: "query",
              required: false,
              description: "Opaque; `next_cursor` of the previous page",
              schema: { type: "string", maxLength: 200 },
            },
          ],
          responses: ok("A page of summaries", "SummaryList", {
            Link: { description: 'The next page, as rel="next"', schema: { type: "string" } },
          }),
        },
      },
      "/summaries/{slug}": {
        get: {
          operationId: "getSummary",
          summary: "One summary in full, with its HTML body",
          parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string", pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$" } }],
          responses: { ...ok("The summary", "Summary"), "404": problem("No such summary") },
        },
      },
      "/facts": {
        get: {
          operationId: "listFacts",
          summary: "Key facts across summaries, newest summary first",
          parameters: [tagParam, limitParam],
          responses: ok("Key facts, each naming its summary", "FactList"),
        },
      },
      "/tags": {
        get: {
          operationId: "listTags",
          summary: "Every tag with its number of summaries",
          parameters: [],
          responses: ok("Tags, alphabetical", "TagList"),
        },
      },
    },
    components: { schemas },
  };
}
