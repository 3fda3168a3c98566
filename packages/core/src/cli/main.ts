#!/usr/bin/env node
// The ayon-sg-runtime binary. Top-level await is fine here: this file is never imported as a library.
import { runCli } from "./program.js";

try {
  process.exitCode = await runCli(process.argv.slice(2), { out: process.stdout, err: process.stderr });
} catch (error) {
  const debug = (process.env.LOG_LEVEL ?? "").toLowerCase() === "debug";
  process.stderr.write(`error: ${error instanceof Error ? (debug ? error.stack : error.message) : String(error)}\n`);
  process.exitCode = 1;
}
