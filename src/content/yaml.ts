/**
 * Strict YAML for content: plain data only (no custom tags, anchors or aliases, no merge
 * keys, no duplicate or non-text keys, no characters XML forbids), with every node's
 * position kept for error messages.
 * @module
 */
import { type Document, isAlias, isMap, isNode, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { type ContentError, fieldName } from "./errors";
import { findXmlForbidden, hasXmlForbidden } from "./text";

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

type Path = (string | number)[];

export interface ParsedYaml {
  /** The data, or undefined when the YAML is not plain data (nothing in it can be trusted). */
  data: unknown;
  /** Line and column (1-based, in the whole file) of the node at a path. */
  locate(path: readonly (string | number)[]): { line: number; col: number };
  /** Position of the key of the field at `path` (for errors about the name itself). */
  locateKey(path: readonly (string | number)[]): { line: number; col: number };
}

/**
 * Parses `text`, which starts at line `firstLine` of `file`. Errors are pushed to `errors`.
 * A character XML forbids is an error but leaves `data` usable, so that later checks still
 * run and every mistake is listed at once.
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
  const fatal: ContentError[] = [];
  const push = (offset: number, path: Path, message: string) =>
    fatal.push({ file, ...at(offset), field: fieldName(path, "yaml"), message });
  for (const e of [...doc.errors, ...doc.warnings]) {
    // Our own walk names custom tags better, at the tag itself.
    if (e.code === "TAG_RESOLVE_FAILED") continue;
    push(e.pos[0], [], yamlMessage(e.code, e.message));
  }

  const scalars: { start: number; end: number; path: Path }[] = [];
  const characters: ContentError[] = [];
  walk(doc.contents, [], (node, path, isKey) => {
    const [start = 0, end = start] = node.range ?? [];
    if (isAlias(node)) return push(start, path, `aliases (*${node.source}) are not allowed: write the value out`);
    // A node's range starts at its value: point at the anchor or tag as written before it.
    const props = /((?:[!&]\S*\s+)*)$/.exec(text.slice(0, start))?.[1] ?? "";
    const propAt = (prefix: RegExp) => {
      const m = prefix.exec(props);
      return m ? { offset: start - props.length + m.index, written: m[0] } : undefined;
    };
    if (node.anchor) push(propAt(/&\S+/)?.offset ?? start, path, `anchors (&${node.anchor}) are not allowed: content is plain data`);
    if (node.tag && !CORE_TAGS.has(node.tag)) {
      const tag = propAt(/!\S*/);
      push(tag?.offset ?? start, path, `custom tag ${tag?.written ?? node.tag} is not allowed: content is plain data`);
    }
    if (isKey && !isScalar(node)) push(start, path, "keys must be plain text, not lists or mappings");
    if (!isScalar(node)) return;
    if (isKey && node.value === "<<" && node.type === "PLAIN") {
      push(start, path, "merge keys (<<) are not allowed: write each field out");
    }
    if (typeof node.value === "number" && !Number.isFinite(node.value)) push(start, path, "numbers must be finite");
    scalars.push({ start, end, path });
    // A double-quoted escape (\x01, \uD800) makes a character the source text does not show.
    const raw = text.slice(start, end);
    if (typeof node.value === "string" && hasXmlForbidden(node.value) && !hasXmlForbidden(raw)) {
      const code = findXmlForbidden(node.value)[0]?.code ?? "";
      characters.push({ file, ...at(start), field: fieldName(path, "yaml"), message: `character ${code} is not allowed in XML 1.0` });
    }
  });
  for (const hit of findXmlForbidden(text)) {
    const owner = scalars.find((s) => s.start <= hit.index && hit.index < s.end);
    characters.push({
      file,
      ...at(hit.index),
      field: fieldName(owner?.path ?? [], "yaml"),
      message: `character ${hit.code} is not allowed in XML 1.0`,
    });
  }
  errors.push(...fatal, ...characters);

  return {
    data: fatal.length === 0 ? doc.toJS({ maxAliasCount: 0 }) : undefined,
    locate(path) {
      // Walk down as far as the path exists: a missing field points at its parent.
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return at(node.range[0]);
      }
      return { line: firstLine, col: 1 };
    },
    locateKey(path) {
      const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents;
      const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1)) : undefined;
      return isNode(pair?.key) && pair.key.range ? at(pair.key.range[0]) : this.locate(path);
    },
  };
}

/** Calls `visit` on every node below `node`, keys included, with its field path. */
function walk(node: unknown, path: Path, visit: (node: Node, path: Path, isKey: boolean) => void): void {
  if (!isNode(node)) return;
  visit(node, path, false);
  if (isMap(node)) {
    for (const pair of node.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : "?";
      if (isNode(pair.key)) visit(pair.key, [...path, name], true);
      walk(pair.value, [...path, name], visit);
    }
  } else if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) walk(item, [...path, i], visit);
  }
}

function yamlMessage(code: string, message: string): string {
  const first = message.split("\n")[0] ?? message;
  if (code === "DUPLICATE_KEY") return "duplicate key: each field may appear once";
  return first.replace(/ at line \d+, column \d+.*$/, "");
}
