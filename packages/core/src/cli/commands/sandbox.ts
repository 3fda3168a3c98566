/**
 * `sandbox [--studio DIR] [...]`: hands over to the `@ayon-sg/sandbox` package, which starts both emulators,
 * seeds a demo project and runs this runtime with the studio directory's plugins. Core names no plugin: the
 * sandbox is found like a plugin is, from the studio directory, and brings its own plugin list as a studio.
 */
import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { UserError } from "../../config/user-error.js";
import { studioOption, type CliCommand } from "../usage.js";

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
export const sandboxRegistration: CliCommand = (program, context) => {
  program
    .command("sandbox")
    .description(
      "both emulators, a demo project, the runtime and live ShotGrid edits, all in this process " +
        "(--once: import, sync, verify, exit; the sandbox's --help lists its options)",
    )
    .addOption(studioOption())
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (options: { studio?: string }, command: Command) => {
      const args = command.args;
      if (args.includes("--help") || args.includes("-h")) {
        try {
          locateSandbox(options.studio);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          context.out.write(`${command.helpInformation()}\n${error.message}\n`);
          return;
        }
      }
      context.exitCode = await sandboxCommand({ studioDir: options.studio, args });
    });
};

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

/**
 * The sandbox's entry file as Node would resolve `import "@ayon-sg/sandbox"` from `dir`: the package itself when
 * `dir` is the sandbox (self-reference), else the nearest node_modules holding it. Read by hand rather than with
 * createRequire, whose resolution test runners replace.
 */
function resolveFrom(dir: string): string | null {
  const own = readManifest(join(dir, "package.json"));
  if (!own) return null;
  let pkgDir: string | null = own.name === SANDBOX_PACKAGE ? dir : null;
  for (let at = dir; pkgDir === null; at = dirname(at)) {
    const candidate = join(at, "node_modules", ...SANDBOX_PACKAGE.split("/"));
    if (existsSync(join(candidate, "package.json"))) pkgDir = candidate;
    else if (dirname(at) === at) return null;
  }
  const manifest = pkgDir === dir ? own : readManifest(join(pkgDir, "package.json"));
  const entry = join(pkgDir, entryOf(manifest ?? {}));
  if (existsSync(entry)) return entry;
  throw new UserError(`${pkgDir} holds ${SANDBOX_PACKAGE} but not its built entry ${entry}: run pnpm build in the ayon-sg source tree.`);
}

function readManifest(path: string): { name?: string; exports?: unknown; main?: string } | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as { name?: string; exports?: unknown; main?: string };
  } catch {
    return null;
  }
}

/** `exports["."]` (a path, or its import/default condition), else `main`, else index.js. */
function entryOf(manifest: { exports?: unknown; main?: string }): string {
  const exported = manifest.exports;
  const dot = typeof exported === "string" ? exported : (exported as Record<string, unknown> | undefined)?.["."];
  if (typeof dot === "string") return dot;
  if (dot && typeof dot === "object") {
    const conditions = dot as Record<string, unknown>;
    const target = conditions.import ?? conditions.default;
    if (typeof target === "string") return target;
  }
  return manifest.main ?? "index.js";
}
