// `pnpm --filter @ayon-sg/ayon-addon package`: builds the settings page and writes
// package/shotgrid-<version>.zip at the repo root, ready for AYON's POST /api/addons/install.
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { collectAddonFiles } from "./collect-files.js";
import { buildFrontend } from "./frontend-build.js";
import { ADDON_DIR, ADDON_NAME, addonZipName, REPO_ROOT } from "./paths.js";
import { SETTINGS_DEFAULTS_PATH, settingsDefaultsJson } from "./settings-defaults.js";
import { readAddonVersion, withPackagePyVersion } from "./version.js";
import { zipAddonFiles } from "./zip.js";

export interface PackageAddonOptions {
  /** Default: packages/ayon-addon. */
  addonDir?: string;
  /** Where the zip goes. Default: <repo>/package. */
  outDir?: string;
  /** Where the page is built (and read from). Default: <addonDir>/frontend/dist. */
  frontendDistDir?: string;
  /** false: use an existing build in frontendDistDir. Default true. */
  buildFrontend?: boolean;
  /** Also bring package.py's version and server/settings_defaults.json up to date in the source tree
   *  (written only when they differ). Default true; tests turn it off to leave the tree alone. */
  syncSources?: boolean;
  log?: (line: string) => void;
}

export interface PackagedAddon {
  name: string;
  version: string;
  zipPath: string;
  /** Paths inside the zip. */
  files: string[];
  bytes: number;
}

async function writeIfChanged(path: string, content: string): Promise<boolean> {
  const current = await readFile(path, "utf8").catch(() => null);
  if (current === content) return false;
  await writeFile(path, content);
  return true;
}

export async function packageAddon(options: PackageAddonOptions = {}): Promise<PackagedAddon> {
  const addonDir = options.addonDir ?? ADDON_DIR;
  const outDir = options.outDir ?? join(REPO_ROOT, "package");
  const frontendDistDir = options.frontendDistDir ?? join(addonDir, "frontend", "dist");
  const log = options.log ?? (() => {});

  const version = await readAddonVersion(addonDir);
  const settingsDefaults = settingsDefaultsJson();
  if (options.syncSources ?? true) {
    const packagePyPath = join(addonDir, "package.py");
    const packagePy = withPackagePyVersion(await readFile(packagePyPath, "utf8"), version);
    if (await writeIfChanged(packagePyPath, packagePy)) log(`package.py: version set to ${version}`);
    if (await writeIfChanged(join(addonDir, SETTINGS_DEFAULTS_PATH), settingsDefaults)) {
      log(`${SETTINGS_DEFAULTS_PATH}: rewritten from the TypeScript settings defaults`);
    }
  }
  if (options.buildFrontend ?? true) {
    log("building the settings page (vite)");
    await buildFrontend(addonDir, frontendDistDir);
  }

  const files = await collectAddonFiles({ addonDir, version, frontendDistDir, settingsDefaults });
  const zip = zipAddonFiles(files);
  await mkdir(outDir, { recursive: true });
  const zipPath = join(outDir, addonZipName(version));
  // Write then rename, so nobody ever reads a half-written zip.
  const partial = `${zipPath}.${process.pid}.partial`;
  await writeFile(partial, zip);
  await rename(partial, zipPath);
  return { name: ADDON_NAME, version, zipPath, files: files.map((f) => f.path), bytes: zip.byteLength };
}
