/** `content/tags.yaml`, optional: the names people read for tags ("north-korea: North Korea"), checked. */
import { KEBAB, MAX_TAG } from "../shared/limits";
import type { ContentError } from "./errors";
import type { ContentFile } from "./files";
import { TagNamesSchema } from "./schema";
import { checkSchema } from "./validate";
import { parseStrictYaml } from "./yaml";

/** Tag → display name, from `f` (empty when there is no `tags.yaml`); errors are pushed with their line and column. */
export function readTagNames(f: ContentFile | undefined, usedTags: ReadonlySet<string>, errors: ContentError[]): Map<string, string> {
  const names = new Map<string, string>();
  if (f === undefined) return names;
  const parsed = parseStrictYaml(f.text, f.file, 1, errors);
  const data = parsed.data;
  if (data === undefined || data === null) return names;
  if (!checkSchema(TagNamesSchema, parsed, f.file, errors)) return names;
  for (const [tag, name] of Object.entries(data as Record<string, string>)) {
    const at = { file: f.file, ...parsed.locateKey([tag]), field: tag };
    if (!KEBAB.test(tag) || tag.length > MAX_TAG) errors.push({ ...at, message: `tag "${tag}" must be lowercase kebab-case` });
    else if (!usedTags.has(tag)) errors.push({ ...at, message: `no summary is tagged "${tag}": remove its name or fix the tag` });
    else if (name.trim() !== name) errors.push({ ...at, message: `the name of "${tag}" must not start or end with spaces` });
    else names.set(tag, name);
  }
  return names;
}
