/**
 * `sandbox [--studio DIR] [...]`: hands over to the `@ayon-sg/sandbox` package, which starts both emulators,
 * seeds a demo project and runs this runtime with the studio directory's plugins. Core names no plugin: the
 * sandbox is found like a plugin is, from the studio directory, and brings its own plugin list as a studio.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "../../config/user-error.js";
import type { CliCommand } from "../usage.js";
import { registerForwardedCommand, resolvePackageEntry } from "./dev-package.js";

export const SANDBOX_PACKAGE = "@ayon-sg/sandbox";

/** What the sandbox package exports for this command. */
export interface SandboxEntryPoint {
  runSandbox(args: string[], context: { studioDir: string }): Promise<number>;
}

/** packages/sandbox next to packages/core in the ayon-sg source tree (src/ or dist/ alike). */
const WORKSPACE_SANDBOX_DIR = resolve(import.meta.dirname, "..", "..", "..", "..", "sandbox");

/**
 * The sandbox parses its own options (and answers its own `--help`); only `--studio` is core's. Without a sandbox
 * to hand over to, `--help` still answers, with this command's help and what is missing.
 */
export const sandboxRegistration: CliCommand = (program, context) =>
  registerForwardedCommand(program, context, {
    name: "sandbox",
    description:
      "both emulators, a demo project, the runtime and live ShotGrid edits, all in this process " +
      "(--once: import, sync, verify, exit; the sandbox's --help lists its options)",
    locate: locateSandbox,
    run: sandboxCommand,
  });

export async function sandboxCommand(options: { studioDir?: string; args: string[] }): Promise<number> {
  const located = locateSandbox(options.studioDir);
  const module = (await import(pathToFileURL(located.entry).href)) as Partial<SandboxEntryPoint>;
  if (typeof module.runSandbox !== "function") {
    throw new UserError(`${located.entry} does not export runSandbox(args, context): is it an ${SANDBOX_PACKAGE} build of another version?`, 1);
  }
  return module.runSandbox(options.args, { studioDir: located.studioDir });
}

/**
 * The sandbox entry and the studio whose plugins it runs: `--studio DIR` (the sandbox resolved from DIR, else
 * the workspace's), or by default the workspace's sandbox package, which is itself a studio directory.
 */
export function locateSandbox(studioDir: string | undefined, workspaceDir = WORKSPACE_SANDBOX_DIR): { entry: string; studioDir: string } {
  if (studioDir !== undefined) {
    const dir = resolve(studioDir);
    if (!existsSync(join(dir, "package.json"))) throw new UserError(`--studio ${dir}: there is no package.json (a studio directory lists its plugins in one).`, 2);
    const entry = resolveFrom(dir) ?? resolveFrom(workspaceDir);
    if (!entry) throw new UserError(`${SANDBOX_PACKAGE} is neither installed in ${dir} nor built in the ayon-sg source tree (run pnpm build there).`);
    return { entry, studioDir: dir };
  }
  const entry = resolveFrom(workspaceDir);
  if (!entry) {
    throw new UserError(
      `the sandbox comes with the ayon-sg source tree (packages/sandbox), which is not here: run it from a clone ` +
        `(sh scripts/setup.sh && pnpm sandbox), or pass --studio DIR with ${SANDBOX_PACKAGE} installed in DIR.`,
    );
  }
  return { entry, studioDir: workspaceDir };
}

function resolveFrom(dir: string): string | null {
  return resolvePackageEntry(dir, SANDBOX_PACKAGE);
}
