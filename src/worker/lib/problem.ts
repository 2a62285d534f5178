/**
 * The one error path: routes throw a {@link ProblemError}; `onError` turns it into RFC 9457
 * `application/problem+json` (API, oEmbed, feeds, scripts) or an HTML page (pages).
 * @module
 */

/** Problem types: each has a page at `/problems/<type>` describing it. */
export const PROBLEM_TYPES = {
  "not-found": {
    title: "Not found",
    status: 404,
    about: "Nothing is published at this address. Check the slug or tag; the list endpoints show what exists.",
  },
  "invalid-parameter": {
    title: "Invalid parameter",
    status: 400,
    about: "A query parameter has a value the endpoint does not accept. `errors` names each field and what it needs.",
  },
  "unknown-parameter": {
    title: "Unknown parameter",
    status: 400,
    about: "The request has a query parameter the endpoint does not define. Typos are reported rather than ignored.",
  },
  "invalid-cursor": {
    title: "Invalid cursor",
    status: 400,
    about: "The cursor is malformed, too long, or was issued for an older edition of the archive. Start again from the first page.",
  },
  "invalid-path": {
    title: "Invalid path",
    status: 400,
    about: "The path holds characters that cannot name a summary or tag (such as NUL or `..`).",
  },
  "method-not-allowed": {
    title: "Method not allowed",
    status: 405,
    about: "This resource is read-only: use GET, HEAD or OPTIONS. The `Allow` header lists them.",
  },
  "not-implemented": {
    title: "Not implemented",
    status: 501,
    about: "The server does not support the requested format. oEmbed is served as JSON only.",
  },
  internal: { title: "Internal error", status: 500, about: "Something failed on our side. It has been logged; please try again." },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export interface FieldError {
  field: string;
  message: string;
}

export class ProblemError extends Error {
  readonly status: number;
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = "ProblemError";
    this.status = PROBLEM_TYPES[type].status;
  }
}

/** The problem+json body for `err`, with `type` an absolute URL under `origin`. */
export function problemBody(err: ProblemError, origin: string, instance: string): string {
  const t = PROBLEM_TYPES[err.type];
  return JSON.stringify({
    type: `${origin}/problems/${err.type}`,
    title: t.title,
    status: err.status,
    detail: err.detail,
    instance,
    ...(err.errors && err.errors.length > 0 ? { errors: err.errors } : {}),
  });
}

export const invalidParam = (field: string, message: string) =>
  new ProblemError("invalid-parameter", `${field}: ${message}`, [{ field, message }]);
