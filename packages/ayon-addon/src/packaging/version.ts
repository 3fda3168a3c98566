// The addon's version is the workspace package's (package.json). package.py carries a copy, which the
// packaging script rewrites; a test fails when the copy in the source tree falls behind.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

// AYON requires a semver version (ayon-backend ayon_server/addons/definition.py parses it with semver).
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const VERSION_LINE = /^version\s*=\s*"([^"\n]*)"[ \t]*$/gm;

export async function readAddonVersion(addonDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(addonDir, "package.json"), "utf8")) as { version?: unknown };
  const version = manifest.version;
  if (typeof version !== "string" || !SEMVER.test(version)) {
    throw new Error(`${join(addonDir, "package.json")}: "version" must be a semver version, got ${JSON.stringify(version)}`);
  }
  return version;
}

/** The version package.py declares, or null when it has no `version = "..."` line. */
export function packagePyVersion(source: string): string | null {
  const matches = [...source.matchAll(VERSION_LINE)];
  return matches.length === 1 ? (matches[0]![1] ?? null) : null;
}

/** package.py with its `version = "..."` line set to `version`; everything else is kept byte for byte. */
export function withPackagePyVersion(source: string, version: string): string {
  if (!SEMVER.test(version)) throw new Error(`not a semver version: ${JSON.stringify(version)}`);
  const count = [...source.matchAll(VERSION_LINE)].length;
  if (count !== 1) {
    throw new Error(`package.py must have exactly one top-level line version = "...", found ${count}`);
  }
  return source.replace(VERSION_LINE, `version = "${version}"`);
}
