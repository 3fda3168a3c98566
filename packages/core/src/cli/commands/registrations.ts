/** The registrations of the commands that work on a studio directory: run, check, list-plugins. */
import { studioOption, type CliCommand } from "../usage.js";
import { checkCommand } from "./check.js";
import { listPluginsCommand } from "./list-plugins.js";
import { runCommand } from "./run.js";

export const runRegistration: CliCommand = (program, context) => {
  program
    .command("run")
    .description("load the studio's plugins and process AYON events until SIGINT/SIGTERM")
    .addOption(studioOption())
    .action(async (options: { studio?: string }) => {
      context.exitCode = await runCommand({ studioDir: options.studio });
    });
};

export const checkRegistration: CliCommand = (program, context) => {
  program
    .command("check")
    .description("check AYON connectivity, the API key, addon settings, plugins and their services")
    .addOption(studioOption())
    .action(async (options: { studio?: string }) => {
      context.exitCode = await checkCommand({ studioDir: options.studio, out: context.out });
    });
};

export const listPluginsRegistration: CliCommand = (program, context) => {
  program
    .command("list-plugins")
    .description("show the plugins found in the studio directory, what was skipped and why")
    .addOption(studioOption())
    .action(async (options: { studio?: string }) => {
      context.exitCode = await listPluginsCommand({ studioDir: options.studio, out: context.out });
    });
};
