/** Tags' display names (`content/tags.yaml`, else the tag's words), looked up by tag. */
import { defaultTagName } from "../../shared/card-model";
import { archive } from "./store";

/** Built on first use: start-up reads nothing it does not need. */
let names: Map<string, string> | undefined;

/** Every tag's display name, by tag. */
export function tagNames(): ReadonlyMap<string, string> {
  names ??= new Map(archive.tags.map((t) => [t.tag, t.name]));
  return names;
}

/** What people read for `tag`: "North Korea" for `north-korea`. */
export const tagName = (tag: string): string => tagNames().get(tag) ?? defaultTagName(tag);
