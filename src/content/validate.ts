/** Structural validation against the schemas, with errors placed at their YAML node. */
import type { TSchema } from "@sinclair/typebox";
import { Value, ValueErrorType } from "@sinclair/typebox/value";
import { KEBAB_PATTERN } from "../shared/limits";
import type { ContentError } from "./errors";
import { fieldName } from "./errors";
import type { ParsedYaml } from "./yaml";

/** Checks `parsed.data` against `schema`; pushes one error per failing field. */
export function checkSchema(schema: TSchema, parsed: ParsedYaml, file: string, errors: ContentError[]): boolean {
  const seen = new Set<string>();
  let ok = true;
  for (const e of Value.Errors(schema, parsed.data)) {
    ok = false;
    const path = e.path
      .split("/")
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, "/").replace(/~0/g, "~")));
    const field = fieldName(path);
    // A union reports each branch; one message per field is enough to act on.
    if (seen.has(field)) continue;
    seen.add(field);
    // An unknown field is wrong by its name: point at the key, not at its value.
    const at = e.type === ValueErrorType.ObjectAdditionalProperties ? parsed.locateKey(path) : parsed.locate(path);
    errors.push({ file, ...at, field, message: describe(e.type, e.schema, e.value) });
  }
  return ok;
}

function describe(type: ValueErrorType, schema: TSchema, value: unknown): string {
  const s = schema as Record<string, unknown>;
  switch (type) {
    case ValueErrorType.ObjectRequiredProperty:
      return "is required";
    case ValueErrorType.ObjectAdditionalProperties:
      return "is not a known field";
    case ValueErrorType.StringMaxLength:
      return `is too long: ${String(value).length} characters, at most ${s.maxLength}`;
    case ValueErrorType.StringMinLength:
      return "must not be empty";
    case ValueErrorType.StringPattern:
      return patternMessage(String(s.pattern), value);
    case ValueErrorType.ArrayMinItems:
      return `needs at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`;
    case ValueErrorType.ArrayMaxItems:
      return `has ${Array.isArray(value) ? value.length : "too many"} items, at most ${s.maxItems}`;
    case ValueErrorType.String:
      return `must be text, not ${kindOf(value)}`;
    case ValueErrorType.Number:
    case ValueErrorType.Integer:
      return `must be a number, not ${kindOf(value)}`;
    case ValueErrorType.Boolean:
      return `must be true or false, not ${kindOf(value)}`;
    case ValueErrorType.Array:
      return `must be a list, not ${kindOf(value)}`;
    case ValueErrorType.Object:
      return `must be a mapping of fields, not ${kindOf(value)}`;
    case ValueErrorType.Union:
      if (typeof s.description === "string") return `must be ${s.description}`;
      return Array.isArray(s.anyOf) && s.anyOf.every((b) => "const" in (b as object))
        ? `must be one of ${(s.anyOf as { const: string }[]).map((b) => b.const).join(", ")}`
        : `has the wrong type (${kindOf(value)})`;
    default:
      return "is not valid here";
  }
}

function patternMessage(pattern: string, value: unknown): string {
  if (pattern === KEBAB_PATTERN) return `"${String(value)}" must be lowercase kebab-case (like "north-korea")`;
  if (pattern.includes("[A-Z]{2}$")) return `"${String(value)}" must be an ISO 3166 country code (like "KR")`;
  return `"${String(value)}" is not a BCP 47 language tag (like "en" or "ar-EG")`;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}
