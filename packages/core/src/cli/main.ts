#!/usr/bin/env node
// The ayon-sg-runtime binary. Top-level await is fine here: this file is never imported as a library.
import { UserError } from "../config/user-error.js";
import { CORE_VERSION } from "../version.js";
import { checkCommand } from "./commands/check.js";
import { emulatorCommand } from "./commands/emulator.js";
import { listPluginsCommand } from "./commands/list-plugins.js";
import { newPluginCommand } from "./commands/new-plugin.js";
import { runCommand } from "./commands/run.js";
import { sandboxCommand } from "./commands/sandbox.js";
import { parseCommandLine, USAGE } from "./usage.js";

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(argv);
  if (parsed.kind === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.kind === "version") {
    process.stdout.write(`${CORE_VERSION}\n`);
    return 0;
  }
  if (parsed.kind === "error") {
    process.stderr.write(`error: ${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.kind === "new-plugin") return newPluginCommand({ ...parsed, out: process.stdout });
  const { command, studioDir, rest } = parsed;
  switch (command) {
    case "run":
      return runCommand({ studioDir });
    case "check":
      return checkCommand({ studioDir, out: process.stdout });
    case "list-plugins":
      return listPluginsCommand({ studioDir, out: process.stdout });
    case "emulator":
      return emulatorCommand(rest);
    case "sandbox":
      return sandboxCommand({ studioDir, args: rest });
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UserError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    const debug = (process.env.LOG_LEVEL ?? "").toLowerCase() === "debug";
    process.stderr.write(`error: ${error instanceof Error ? (debug ? error.stack : error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
