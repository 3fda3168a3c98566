/**
 * The ayon-sg-runtime command line, parsed with commander: each subcommand is one registration (a `CliCommand`)
 * in `COMMANDS`, and answers `--help`. Wrong usage prints the message and the command's help, exit code 2.
 */
import { Command, CommanderError } from "commander";
import { UserError } from "../config/user-error.js";
import { CORE_VERSION } from "../version.js";
import { emulatorRegistration } from "./commands/emulator.js";
import { jobsRegistration } from "./commands/jobs.js";
import { newPluginRegistration } from "./commands/new-plugin.js";
import { checkRegistration, listPluginsRegistration, runRegistration } from "./commands/registrations.js";
import { sandboxRegistration } from "./commands/sandbox.js";
import { HELP_FOOTER, PROGRAM_DESCRIPTION, USAGE_EXIT_CODE, type CliCommand, type CliContext } from "./usage.js";

export const COMMANDS: readonly CliCommand[] = [
  runRegistration, checkRegistration, listPluginsRegistration, jobsRegistration, newPluginRegistration, emulatorRegistration, sandboxRegistration,
];

/** Commander writes help in pieces (the footer is a piece of its own); they go out in one write, at the end. */
type ProgramContext = CliContext & { helpText: string[] };

function buildProgram(context: ProgramContext, commands: readonly CliCommand[]): Command {
  const program = new Command("ayon-sg-runtime")
    .description(PROGRAM_DESCRIPTION)
    .version(CORE_VERSION, "-v, --version", "show the version")
    .helpOption("-h, --help", "show this help")
    .addHelpText("after", HELP_FOOTER)
    // Set before the subcommands are added: they inherit these.
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => context.helpText.push(text), writeErr: (text) => context.err.write(text) });
  for (const register of commands) register(program, context);
  return program;
}

/** Parses `argv` (without node and the script), runs the subcommand, and returns the exit code. */
export async function runCli(argv: string[], io: Pick<CliContext, "out" | "err">, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const context: ProgramContext = { ...io, exitCode: 0, helpText: [] };
  const program = buildProgram(context, commands);
  // One write: a reader that stops early (`--help | head`) then costs nothing but the rest of the text.
  const flushHelp = () => context.helpText.length > 0 && io.out.write(context.helpText.splice(0).join(""));
  try {
    if (argv.length === 0) program.outputHelp();
    else await program.parseAsync(argv, { from: "user" });
    flushHelp();
    return context.exitCode;
  } catch (error) {
    flushHelp();
    // Help and version exit 0; every other commander exit is wrong usage (it has printed the message).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    if (error instanceof UserError) {
      io.err.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
