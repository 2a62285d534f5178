/** The contract of the API's errors: RFC 9457 problem types, each with a page at `/problems/<type>`. */

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
