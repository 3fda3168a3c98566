import { Option, type Command } from "commander";

/** What every subcommand registration gets: where to write, and where to leave its exit code. */
export interface CliContext {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** The process exit code; a subcommand's action sets it. */
  exitCode: number;
}

/** One subcommand: adds itself (options, help text, action) to the program. */
export type CliCommand = (program: Command, context: CliContext) => void;

/** Exit code for wrong usage (an unknown command or option, a missing value). */
export const USAGE_EXIT_CODE = 2;

export const PROGRAM_DESCRIPTION = "Keeps AYON and ShotGrid in sync: runs the studio's plugins on AYON's event queue.";

/** The `--studio DIR` option of the commands that read a studio directory. */
export function studioOption(): Option {
  return new Option("--studio <dir>", "the studio directory (default: AYON_SG_STUDIO_DIR or the current directory)");
}

/** Shown below the command list of `ayon-sg-runtime --help`. */
export const HELP_FOOTER = `
Run 'ayon-sg-runtime <command> --help' for a command's options.

Environment (also read from <studio>/.env):
  AYON_SERVER_URL, AYON_API_KEY           the AYON server and a service user's API key (required)
  AYON_ADDON_NAME, AYON_ADDON_VERSION     the addon whose settings are read (default: the one the plugins declare)
  AYON_SERVICE_NAME, AYON_SG_INSTANCE     names in logs and worker sender names (instance: <host>-<pid>)
  AYON_SG_CONCURRENCY                     worker slots in this process (default 4)
  AYON_SG_METRICS_PORT, AYON_SG_METRICS_HOST  serve /healthz and /metrics (off unless a port is set)
  AYON_SG_MAX_REPLY_MIB                   the most MiB one AYON or ShotGrid answer may have (default 256)
  LOG_LEVEL (error|warn|info|debug), LOG_FORMAT (auto|pretty|json)

Exit codes: 0 success, 1 failure (a check failed, a plugin did not load), 2 wrong usage,
            3 configuration problem (missing variable, rejected key, unreachable server)
`;
