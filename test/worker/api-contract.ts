/**
 * Test support for the API: the served `/openapi.json` as a validator of real responses
 * (@cfworker/json-schema, which runs in workerd without eval), and problem+json checks.
 * @module
 */

import { exports } from "cloudflare:workers";
import { dereference, type Schema, validate } from "@cfworker/json-schema";
import { expect } from "vitest";

export const ORIGIN = "https://example.com";

/** Fetches a path of the worker under test. */
export const get = (path: string, init?: RequestInit) => exports.default.fetch(`${ORIGIN}${path}`, init);

/** A line of a V8/workerd stack trace ("    at fn (file.js:1:2)" or "    at file.js:1:2"). */
export const STACK_TRACE = /^\s*at .+:\d+:\d+\)?$/m;

/** The media type of a response, without parameters. */
export const mediaType = (res: Response) => (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";

interface ResponseObject {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema: Schema }>;
}

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: { schemas: Record<string, Schema> };
}

export interface Contract {
  doc: OpenApiDoc;
  /** Every schema of the document by absolute URI, so `#/components/schemas/*` refs resolve. */
  lookup: Record<string, Schema | boolean>;
}

let loaded: Promise<Contract> | undefined;

/** The document the worker serves, fetched once per test file. */
export function loadContract(): Promise<Contract> {
  loaded ??= (async () => {
    const res = await get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    // The document is the root schema resource: refs like #/components/schemas/Fact resolve in it.
    const lookup = dereference({ ...doc, $id: "https://contract.invalid/openapi.json" } as Schema);
    return { doc, lookup };
  })();
  return loaded;
}

/** Validation errors of `value` against `schema` (a node of the document), as readable lines. */
export function schemaErrors(contract: Contract, schema: Schema, value: unknown): string[] {
  const result = validate(value, schema, "2020-12", contract.lookup, false);
  return result.valid ? [] : result.errors.map((e) => `${e.instanceLocation} ${e.keyword}: ${e.error}`);
}

/** Problem+json body checks that hold for every error: RFC 9457 members, status equal to HTTP's. */
export async function expectProblemBody(res: Response, contract: Contract): Promise<Record<string, unknown>> {
  expect(mediaType(res)).toBe("application/problem+json");
  const text = await res.text();
  expect(text).not.toMatch(STACK_TRACE);
  const body = JSON.parse(text) as Record<string, unknown>;
  const problem = contract.doc.components.schemas.Problem as Schema;
  expect(schemaErrors(contract, problem, body)).toEqual([]);
  expect(body.status).toBe(res.status);
  expect(typeof body.detail).toBe("string");
  expect(String(body.type)).toMatch(/^https?:\/\/[^/]+\/problems\/[a-z-]+$/);
  return body;
}

/**
 * Checks a real response of `GET <template>` (a path of the document, or null for
 * addresses it does not describe, which can only answer with a problem) against the
 * served document: the status is documented, required headers are present, the media
 * type is the documented one and the body validates. Returns the parsed body, if any.
 */
export async function expectContract(res: Response, template: string | null, method = "GET"): Promise<unknown> {
  const contract = await loadContract();
  if (template === null) {
    expect(res.status).toBeGreaterThanOrEqual(400);
    return method === "HEAD" ? undefined : expectProblemBody(res, contract);
  }
  const op = contract.doc.paths[template]?.get;
  expect(op, `GET ${template} is in the document`).toBeDefined();
  const documented = op?.responses[String(res.status)];
  expect(documented, `${res.status} is documented for GET ${template}`).toBeDefined();
  for (const [name, header] of Object.entries(documented?.headers ?? {})) {
    if (header.required) expect(res.headers.has(name), `${name} on ${res.status}`).toBe(true);
  }
  const text = await res.text();
  if (res.status === 304 || method === "HEAD") {
    expect(text).toBe("");
    if (res.status === 304) expect(documented?.content).toBeUndefined();
    return undefined;
  }
  const media = documented?.content?.[mediaType(res)];
  expect(media, `${mediaType(res)} is documented for ${res.status} of GET ${template}`).toBeDefined();
  const body: unknown = JSON.parse(text);
  expect(schemaErrors(contract, media?.schema as Schema, body)).toEqual([]);
  return body;
}
