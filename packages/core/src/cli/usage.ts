import { parseArgs } from "node:util";

export const USAGE = `Usage: ayon-sg-runtime <command> [options]

Commands:
  run                 load the studio's plugins and process AYON events until SIGINT/SIGTERM
  check               check AYON connectivity, the API key, addon settings, plugins and their services
  list-plugins        show the plugins found in the studio directory, what was skipped and why
  new-plugin NAME     write a studio directory with a plugin, its test against the AYON emulator and a
                      working 'pnpm test' (--dir DIR, default ./NAME; --from DIR: the release tarballs)
  emulator ayon       start an AYON emulator    (--port N --api-key KEY --latency-ms N)
  emulator shotgrid   start a ShotGrid emulator (--port N --script NAME --key KEY --token-lifetime S)
  sandbox             both emulators, a demo project, the runtime and live ShotGrid edits, all in this
                      process (sandbox --help for its options; --once: import, sync, verify, exit)

Options:
  --studio DIR        the studio directory (default: AYON_SG_STUDIO_DIR or the current directory)
  -h, --help          show this help
  -v, --version       show the version

Environment (also read from <studio>/.env):
  AYON_SERVER_URL, AYON_API_KEY           the AYON server and a service user's API key (required)
  AYON_ADDON_NAME, AYON_ADDON_VERSION     the addon whose settings are read (default name: shotgrid)
  AYON_SERVICE_NAME, AYON_SG_INSTANCE     names in logs and worker sender names (instance: <host>-<pid>)
  AYON_SG_CONCURRENCY                     worker slots in this process (default 4)
  AYON_SG_METRICS_PORT, AYON_SG_METRICS_HOST  serve /healthz and /metrics (off unless a port is set)
  LOG_LEVEL (error|warn|info|debug), LOG_FORMAT (auto|pretty|json)

Exit codes: 0 success, 1 failure (a check failed, a plugin did not load), 2 wrong usage,
            3 configuration problem (missing variable, rejected key, unreachable server)
`;

export type ParsedCommandLine =
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "error"; message: string }
  | { kind: "command"; command: "run" | "check" | "list-plugins" | "emulator" | "sandbox"; studioDir?: string; rest: string[] }
  | { kind: "new-plugin"; name: string; dir?: string; from?: string };

const COMMANDS = new Set(["run", "check", "list-plugins", "emulator", "sandbox", "new-plugin"]);

export function parseCommandLine(argv: string[]): ParsedCommandLine {
  const [command, ...rest] = argv;
  if (!command || command === "-h" || command === "--help" || command === "help") return { kind: "help" };
  if (command === "-v" || command === "--version") return { kind: "version" };
  if (!COMMANDS.has(command)) return { kind: "error", message: `unknown command '${command}'` };
  if (command === "emulator") return { kind: "command", command, rest };
  // The sandbox parses its own options; only --studio (where to find it and its plugins) is core's.
  if (command === "sandbox") return sandboxCommandLine(rest);
  if (command === "new-plugin") return newPluginCommandLine(rest);
  try {
    const { values } = parseArgs({ args: rest, options: { studio: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true });
    if (values.help) return { kind: "help" };
    return { kind: "command", command: command as "run" | "check" | "list-plugins", studioDir: values.studio, rest: [] };
  } catch (error) {
    return { kind: "error", message: (error as Error).message };
  }
}

function sandboxCommandLine(args: string[]): ParsedCommandLine {
  const rest: string[] = [];
  let studioDir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--studio") {
      studioDir = args[++i];
      if (studioDir === undefined || studioDir.startsWith("-")) return { kind: "error", message: "option '--studio <value>' argument missing" };
    } else if (arg.startsWith("--studio=")) studioDir = arg.slice("--studio=".length);
    else rest.push(arg);
  }
  return { kind: "command", command: "sandbox", studioDir, rest };
}

function newPluginCommandLine(args: string[]): ParsedCommandLine {
  try {
    const { values, positionals } = parseArgs({ args, options: { dir: { type: "string" }, from: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true, strict: true });
    if (values.help) return { kind: "help" };
    if (positionals.length !== 1) return { kind: "error", message: "new-plugin takes one NAME (e.g. new-plugin approval-flag)" };
    return { kind: "new-plugin", name: positionals[0]!, dir: values.dir, from: values.from };
  } catch (error) {
    return { kind: "error", message: (error as Error).message };
  }
}
