/**
 * Finding a package the runtime does not depend on (the sandbox, the emulators' test package) from a studio
 * directory: core names them, but loads them only when a command needs them and the studio has them installed.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../../config/user-error.js";
import { studioOption, type CliContext } from "../usage.js";

/**
 * The entry file of `packageName` as Node would resolve `import "<packageName>"` from `dir`: the package itself
 * when `dir` is that package (self-reference), else the nearest node_modules holding it; null when `dir` has no
 * package.json or the package is nowhere above it. Read by hand rather than with createRequire, whose resolution
 * test runners replace.
 */
export function resolvePackageEntry(dir: string, packageName: string): string | null {
  const own = readManifest(join(dir, "package.json"));
  if (!own) return null;
  let pkgDir: string | null = own.name === packageName ? dir : null;
  for (let at = dir; pkgDir === null; at = dirname(at)) {
    const candidate = join(at, "node_modules", ...packageName.split("/"));
    if (existsSync(join(candidate, "package.json"))) pkgDir = candidate;
    else if (dirname(at) === at) return null;
  }
  const manifest = pkgDir === dir ? own : readManifest(join(pkgDir, "package.json"));
  const entry = join(pkgDir, entryOf(manifest ?? {}));
  if (existsSync(entry)) return entry;
  throw new UserError(`${pkgDir} holds ${packageName} but not its built entry ${entry}: run pnpm build in the ayon-sg source tree.`);
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

/**
 * Registers a command that hands its arguments to a package the runtime does not depend on: only `--studio` is
 * core's, the package parses the rest and answers its own `--help`. When the package cannot be found, `--help`
 * still answers, with this command's help and what is missing.
 */
export function registerForwardedCommand(
  program: Command,
  context: CliContext,
  spec: {
    name: string;
    description: string;
    /** Throws a UserError saying what to install when the package is not there. */
    locate: (studioDir: string | undefined) => unknown;
    run: (options: { studioDir: string | undefined; args: string[] }) => Promise<number>;
  },
): void {
  program
    .command(spec.name)
    .description(spec.description)
    .addOption(studioOption())
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (options: { studio?: string }, command: Command) => {
      const args = command.args;
      if (args.includes("--help") || args.includes("-h")) {
        try {
          spec.locate(options.studio);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          context.out.write(`${command.helpInformation()}\n${error.message}\n`);
          return;
        }
      }
      context.exitCode = await spec.run({ studioDir: options.studio, args });
    });
}
