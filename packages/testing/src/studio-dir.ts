import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface FakePackage {
  /** Fields merged into the package's package.json (name and version are filled in). */
  packageJson?: Record<string, unknown>;
  /** Files by path relative to the package root, e.g. `{ "index.js": "export default ..." }`. */
  files: Record<string, string>;
}

export interface StudioDirSpec {
  /** Packages installed under node_modules and listed as dependencies. */
  packages?: Record<string, FakePackage>;
  /** Real packages linked into node_modules and listed as dependencies (name → absolute directory). */
  links?: Record<string, string>;
  /** The `"ayon-sg"` section of the studio's package.json. */
  config?: Record<string, unknown>;
  /** Extra files at the studio root (e.g. `.env`). */
  files?: Record<string, string>;
}

/**
 * Writes a studio directory the way a package manager would leave it: a package.json listing dependencies and
 * a node_modules folder holding them. For tests of plugin discovery and of the real binary.
 */
export function createStudioDir(spec: StudioDirSpec): string {
  const dir = mkdtempSync(join(tmpdir(), "ayon-sg-studio-"));
  const dependencies: Record<string, string> = {};
  for (const [name, pkg] of Object.entries(spec.packages ?? {})) {
    const root = join(dir, "node_modules", name);
    mkdirSync(root, { recursive: true });
    const json = { name, version: "1.0.0", type: "module", main: "index.js", ...pkg.packageJson };
    writeFileSync(join(root, "package.json"), JSON.stringify(json, null, 2));
    for (const [file, content] of Object.entries(pkg.files)) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), content);
    }
    dependencies[name] = "1.0.0";
  }
  for (const [name, target] of Object.entries(spec.links ?? {})) {
    const link = join(dir, "node_modules", name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(target, link, "dir");
    dependencies[name] = `link:${target}`;
  }
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "studio", private: true, type: "module", dependencies, "ayon-sg": spec.config ?? {} }, null, 2));
  for (const [file, content] of Object.entries(spec.files ?? {})) writeFileSync(join(dir, file), content);
  return dir;
}
