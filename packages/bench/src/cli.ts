#!/usr/bin/env node
// `pnpm bench`: runs the benchmark scenarios, prints the table and writes the JSON report.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { runBench } from "./bench.js";
import { parseBenchArgs, USAGE, UsageError } from "./options.js";
import { renderReport } from "./report/table.js";

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`error: ${error.message}\n\n`);
    process.stderr.write(USAGE);
    return error.message ? 2 : 0;
  }
  const report = await runBench(options, (line) => process.stderr.write(`bench: ${line}\n`));
  process.stdout.write(`${renderReport(report)}\n`);
  const jsonPath = resolve(options.jsonPath);
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nJSON report: ${jsonPath}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
