/**
 * `emulator ayon|shotgrid [--studio DIR] [...]`: one emulator on its own (for trying things by hand and for other
 * processes). The emulators are not part of the runtime: they come with `@ayon-sg/testing`, the test harness a
 * studio installs as a dev dependency. This command finds that package from the studio directory (else in the
 * ayon-sg source tree this binary was built in, as the sandbox command does) and hands it the arguments; the
 * emulators parse their own options and answer their own `--help`.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "../../config/user-error.js";
import type { CliCommand } from "../usage.js";
import { registerForwardedCommand, resolvePackageEntry } from "./dev-package.js";

export const TESTING_PACKAGE = "@ayon-sg/testing";

/** What the testing package exports for this command. */
export interface EmulatorEntryPoint {
  runEmulatorCli(args: string[], io?: EmulatorIo): Promise<number>;
}

/** Where the emulator writes its help, its errors and the lines it prints while it runs. */
export interface EmulatorIo {
  out(text: string): void;
  err(text: string): void;
}

/** packages/testing next to packages/core in the ayon-sg source tree (src/ or dist/ alike). */
const WORKSPACE_TESTING_DIR = resolve(import.meta.dirname, "..", "..", "..", "..", "testing");

export const emulatorRegistration: CliCommand = (program, context) =>
  registerForwardedCommand(program, context, {
    name: "emulator",
    description: `start an AYON or ShotGrid emulator alone (emulator ayon|shotgrid --help; from ${TESTING_PACKAGE}, a dev dependency)`,
    locate: locateEmulators,
    run: ({ studioDir, args }) => {
      const io = { out: (text: string) => void context.out.write(text), err: (text: string) => void context.err.write(text) };
      return emulatorCommand({ studioDir, args, io });
    },
  });

export async function emulatorCommand(options: { studioDir?: string; args: string[]; io?: EmulatorIo }): Promise<number> {
  const entry = locateEmulators(options.studioDir);
  const module = (await import(pathToFileURL(entry).href)) as Partial<EmulatorEntryPoint>;
  if (typeof module.runEmulatorCli !== "function") {
    throw new UserError(`${entry} does not export runEmulatorCli(args): is it an ${TESTING_PACKAGE} build of another version?`, 1);
  }
  return module.runEmulatorCli(options.args, options.io);
}

/** The testing package's entry: installed in the studio directory (default AYON_SG_STUDIO_DIR, else the current one), else the source tree's. */
export function locateEmulators(studioDir: string | undefined, workspaceDir = WORKSPACE_TESTING_DIR, env: NodeJS.ProcessEnv = process.env): string {
  const dir = resolve(studioDir ?? env.AYON_SG_STUDIO_DIR ?? process.cwd());
  const entry = resolvePackageEntry(dir, TESTING_PACKAGE) ?? resolvePackageEntry(workspaceDir, TESTING_PACKAGE);
  if (!entry) throw new UserError(`the emulators come with ${TESTING_PACKAGE}, which is not installed in ${dir}: add it there as a dev dependency (pnpm add -D ${TESTING_PACKAGE}).`, 1);
  return entry;
}
