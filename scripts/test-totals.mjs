// Prints vitest's totals from its JUnit report as one plain line: "N passed, N failed".
import { readFileSync } from "node:fs";

const file = process.argv[2] ?? "test-results/junit.xml";
let xml = "";
try {
  xml = readFileSync(file, "utf8");
} catch {
  console.log("0 passed, 1 failed");
  console.error(`no test report at ${file}: the test run did not finish`);
  process.exit(0);
}
// Sum over the suites: the root element does not always carry a skipped count.
const suites = xml.match(/<testsuite\b[^>]*>/g) ?? [];
const attr = (name) => suites.reduce((n, tag) => n + Number(new RegExp(`\\b${name}="(\\d+)"`).exec(tag)?.[1] ?? 0), 0);
const tests = attr("tests");
const failed = attr("failures") + attr("errors");
const skipped = attr("skipped");
const passed = tests - failed - skipped;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
