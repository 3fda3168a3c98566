/** The registrations of the commands that work on a studio directory: run, check, list-plugins. */
import { studioOption, type CliCommand, type CliContext } from "../usage.js";
import { checkCommand } from "./check.js";
import { listPluginsCommand } from "./list-plugins.js";
import { runCommand } from "./run.js";

/** A command whose one option is `--studio DIR`; its action's result is the exit code. */
function studioCommand(name: string, description: string, run: (studioDir: string | undefined, context: CliContext) => Promise<number>): CliCommand {
  return (program, context) => {
    program
      .command(name)
      .description(description)
      .addOption(studioOption())
      .action(async (options: { studio?: string }) => {
        context.exitCode = await run(options.studio, context);
      });
  };
}

export const runRegistration = studioCommand("run", "load the studio's plugins and process AYON events until SIGINT/SIGTERM", (studioDir) =>
  runCommand({ studioDir }),
);

export const checkRegistration = studioCommand("check", "check AYON connectivity, the API key, addon settings, plugins and their services", (studioDir, context) =>
  checkCommand({ studioDir, out: context.out }),
);

export const listPluginsRegistration = studioCommand("list-plugins", "show the plugins found in the studio directory, what was skipped and why", (studioDir, context) =>
  listPluginsCommand({ studioDir, out: context.out }),
);
