// `ayon-sg-runtime emulator ayon|shotgrid …` lands here: core's binary forwards the command to this package when
// the studio directory has it installed (the runtime itself ships no emulator). Each emulator parses its own
// options and answers --help (@ayon-sg/testkit, ayon/cli.ts and shotgrid/cli.ts).
import { parseAyonCliArgs, parseShotgridCliArgs, runAyonEmulatorCli, runShotgridEmulatorCli } from "@ayon-sg/testkit";

export const EMULATOR_USAGE = `Usage: ayon-sg-runtime emulator <ayon|shotgrid> [options]

Starts one emulator on loopback until SIGINT/SIGTERM (from @ayon-sg/testing, a dev dependency).
  emulator ayon --help       the AYON server emulator's options (--api-key, --port, --seed-project, ...)
  emulator shotgrid --help   the ShotGrid emulator's options (--port, --script/--key, --demo-project, ...)
`;

/** Runs the named emulator until a signal stops it; returns the exit code (2: wrong usage, with the usage printed). */
export async function runEmulatorCli(
  args: readonly string[],
  io: { out: (text: string) => void; err: (text: string) => void } = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) },
): Promise<number> {
  const [kind, ...rest] = args;
  const line = (text: string) => io.out(`${text}\n`);
  if (kind === "ayon" || kind === "shotgrid") {
    // Options the emulator's own parser refuses are wrong usage (exit 2), said in its words.
    const usageError = refusal(() => (kind === "ayon" ? parseAyonCliArgs(rest) : parseShotgridCliArgs(rest)));
    if (usageError) {
      io.err(`error: ${usageError}\n`);
      return 2;
    }
    await (kind === "ayon" ? runAyonEmulatorCli(rest, line) : runShotgridEmulatorCli(rest, line));
  } else if (kind === "--help" || kind === "-h" || kind === "help") io.out(EMULATOR_USAGE);
  else {
    io.err(`error: ${kind === undefined ? "which emulator?" : `unknown emulator '${kind}':`} use 'emulator ayon' or 'emulator shotgrid'\n\n${EMULATOR_USAGE}`);
    return 2;
  }
  return 0;
}

function refusal(parse: () => unknown): string | null {
  try {
    parse();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
