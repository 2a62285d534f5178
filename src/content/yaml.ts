/**
 * Strict YAML for content: plain data only (no custom tags, anchors or aliases, no merge
 * keys, no duplicate keys), with every node's position kept for error messages.
 * @module
 */
import { type Document, isAlias, isNode, isScalar, LineCounter, parseDocument, visit } from "yaml";
import type { ContentError } from "./errors";

/** The standard tags of the YAML core schema: anything else is a custom tag. */
const CORE_TAGS = new Set([
  "tag:yaml.org,2002:str",
  "tag:yaml.org,2002:int",
  "tag:yaml.org,2002:float",
  "tag:yaml.org,2002:bool",
  "tag:yaml.org,2002:null",
  "tag:yaml.org,2002:map",
  "tag:yaml.org,2002:seq",
]);

export interface ParsedYaml {
  data: unknown;
  /** Line and column (1-based, in the whole file) of the node at a path. */
  locate(path: readonly (string | number)[]): { line: number; col: number };
}

/**
 * Parses `text`, which starts at line `firstLine` of `file`. Errors are pushed to `errors`;
 * `data` is undefined when the YAML is not plain data.
 */
export function parseStrictYaml(text: string, file: string, firstLine: number, errors: ContentError[]): ParsedYaml {
  const lines = new LineCounter();
  const doc: Document.Parsed = parseDocument(text, {
    lineCounter: lines,
    schema: "core",
    merge: false,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  const at = (offset: number) => {
    const pos = lines.linePos(offset);
    return { line: pos.line + firstLine - 1, col: pos.col };
  };
  const before = errors.length;
  for (const e of [...doc.errors, ...doc.warnings]) {
    const { line, col } = at(e.pos[0]);
    errors.push({ file, line, col, field: "yaml", message: yamlMessage(e.code, e.message) });
  }
  visit(doc, (_key, node) => {
    if (!isNode(node)) return;
    const [start] = node.range ?? [0];
    if (isAlias(node)) {
      errors.push({ file, ...at(start), field: "yaml", message: "aliases (*name) are not allowed: write the value out" });
      return;
    }
    if (node.anchor) {
      errors.push({ file, ...at(start), field: "yaml", message: `anchors (&${node.anchor}) are not allowed: content is plain data` });
    }
    if (node.tag && !CORE_TAGS.has(node.tag)) {
      errors.push({ file, ...at(start), field: "yaml", message: `custom tag ${node.tag} is not allowed: content is plain data` });
    }
    if (isScalar(node) && node.tag === undefined && typeof node.value === "number" && !Number.isFinite(node.value)) {
      errors.push({ file, ...at(start), field: "yaml", message: "numbers must be finite" });
    }
  });
  const ok = errors.length === before;
  return {
    data: ok ? doc.toJS({ maxAliasCount: 0 }) : undefined,
    locate(path) {
      // Walk down as far as the path exists: a missing field points at its parent.
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return at(node.range[0]);
      }
      return { line: firstLine, col: 1 };
    },
  };
}

function yamlMessage(code: string, message: string): string {
  const first = message.split("\n")[0] ?? message;
  if (code === "DUPLICATE_KEY") return "duplicate key: each field may appear once";
  return first.replace(/ at line \d+, column \d+.*$/, "");
}
