/**
 * The README table of the hostile cases, generated from `cases.ts` so the two cannot drift:
 * `npx tsx test/hostile/table.ts` prints it; a test checks README.md holds it verbatim.
 * @module
 */
import { cases, type HostileCase } from "./cases";

/** Table cells may not hold raw `|` or newlines. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function outcome(c: HostileCase): string {
  if ("accept" in c.expect) return "accepted; stays inert text";
  const r = c.expect.reject;
  return `rejected: \`${cell(`${r.file}:${r.line} ${r.field}: …${r.message}`)}\``;
}

export function readmeTable(list: readonly HostileCase[] = cases): string {
  const rows = list.map((c) => `| \`${c.name}\` | ${cell(c.tries)} | ${outcome(c)} |`);
  return ["| case | what it tries | expected outcome |", "| --- | --- | --- |", ...rows].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(readmeTable());
