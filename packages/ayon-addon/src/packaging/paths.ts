import { resolve } from "node:path";

/** packages/ayon-addon: two levels up from src/packaging (tests) and from dist/packaging (the CLI) alike. */
export const ADDON_DIR = resolve(import.meta.dirname, "..", "..");
/** The workspace root; the packaged zip goes to its package/ folder. */
export const REPO_ROOT = resolve(ADDON_DIR, "..", "..");
/** The addon's name on the AYON server (package.py `name`). */
export const ADDON_NAME = "shotgrid";

export function addonZipName(version: string): string {
  return `${ADDON_NAME}-${version}.zip`;
}
