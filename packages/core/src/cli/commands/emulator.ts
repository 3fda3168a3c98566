import type { Command } from "commander";
import { UserError } from "../../config/user-error.js";
import { USAGE_EXIT_CODE, type CliCommand } from "../usage.js";

/**
 * `emulator ayon|shotgrid [...]`: starts an emulator alone (for trying things by hand and for other processes).
 * The options are declared here for `--help` and checked by commander; the emulator's own parser reads them again
 * (from the tokens as given, so repeatable pairs such as `--script NAME --key KEY` keep their order).
 */
export const emulatorRegistration: CliCommand = (program) => {
  const emulator = program.command("emulator").description("start an AYON or ShotGrid emulator alone; stays up until SIGINT/SIGTERM");
  forwarding(
    emulator
      .command("ayon")
      .description("start an AYON emulator")
      .option("--port <n>", "listen port (default 0: any free port)")
      .option("--host <host>", "listen address (default 127.0.0.1)")
      .option("--api-key <key>", "the service user's API key (required; never printed)")
      .option("--latency-ms <n>", "latency added to every request"),
    async (args) => {
      const testkit = await import("@ayon-sg/testkit");
      usage(() => testkit.parseAyonCliArgs(args));
      await testkit.runAyonEmulatorCli(args);
    },
  );
  forwarding(
    emulator
      .command("shotgrid")
      .description("start a ShotGrid emulator")
      .option("--port <n>", "listen port (default 0: any free port)")
      .option("--script <name>", "a script name (repeatable; pairs with the next --key)")
      .option("--key <key>", "that script's key (default for the single default script: sg-key)")
      .option("--token-lifetime <s>", "access token lifetime in seconds (default 600)")
      .option("--latency-ms <n>", "latency added to every request")
      .option("--fresh-site", "a schema without any sg_ayon_* field")
      .option("--gap-mode", "event log ids with holes that commit late")
      .option("--demo-project <name>", "seed a demo project (3 episodes, 12 sequences, 300 shots, 60 assets, 5 tasks each)"),
    async (args) => {
      const testkit = await import("@ayon-sg/testkit");
      usage(() => testkit.parseShotgridCliArgs(args));
      await testkit.runShotgridEmulatorCli(args);
    },
  );
};

/** Runs `action` with the command's option tokens in the order given (commander announces each as it reads it). */
function forwarding(command: Command, action: (args: string[]) => Promise<void>): void {
  const tokens: string[] = [];
  for (const option of command.options) {
    command.on(`option:${option.name()}`, (value?: string) => tokens.push(option.long!, ...(value === undefined ? [] : [value])));
  }
  command.action(() => action(tokens));
}

/** The emulator's own parser refusing the options is wrong usage (exit 2), not a failure. */
function usage(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    throw new UserError((error as Error).message, USAGE_EXIT_CODE);
  }
}
