// Reads jest's --json report and prints the one plain line CI reads: "N passed, N failed".
import { readFileSync } from "node:fs";
const file = process.argv[2];
let passed = 0, failed = 0;
try {
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed = report.numPassedTests;
  failed = report.numFailedTests + report.numRuntimeErrorTestSuites;
} catch (err) {
  console.error(`test-summary: no readable jest report at ${file} (${err.message})`);
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
