/**
 * Finding a package the runtime does not depend on (the sandbox, the emulators' test package) from a studio
 * directory: core names them, but loads them only when a command needs them and the studio has them installed.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../../config/user-error.js";

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
