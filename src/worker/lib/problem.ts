/**
 * The one error path: routes throw a {@link ProblemError}; `onError` turns it into RFC 9457
 * `application/problem+json` (API, oEmbed, feeds, scripts) or an HTML page (pages).
 * @module
 */

import { type FieldError, PROBLEM_TYPES, type ProblemType } from "../../shared/problems";

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
