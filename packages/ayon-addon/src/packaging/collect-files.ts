// What goes into the addon zip, with the path each file gets in it (ayon-backend ayon_server/installer/addons.py
// unpacks it): package.py at the root, the Python server/, and the built page under frontend/dist/. Nothing else: no
// tests, no sources of the page, no node_modules, no source maps, no Python caches.
import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { SETTINGS_DEFAULTS_PATH } from "./settings-defaults.js";
import { withPackagePyVersion } from "./version.js";

export interface AddonFile {
  /** Path inside the zip, with forward slashes. */
  path: string;
  data: Uint8Array;
}

export interface CollectOptions {
  addonDir: string;
  version: string;
  frontendDistDir: string;
  settingsDefaults: string;
}

const SKIPPED_NAMES = new Set(["__pycache__", "node_modules", ".DS_Store"]);

async function walk(dir: string, keep: (file: string) => boolean): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (SKIPPED_NAMES.has(entry.name) || entry.name.startsWith(".")) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full, keep)));
    else if (entry.isFile() && keep(entry.name)) files.push(full);
  }
  return files.sort();
}

const toZipPath = (prefix: string, root: string, file: string) =>
  `${prefix}/${relative(root, file).split(sep).join("/")}`;

export async function collectAddonFiles(options: CollectOptions): Promise<AddonFile[]> {
  const encoder = new TextEncoder();
  const packagePy = await readFile(join(options.addonDir, "package.py"), "utf8");
  const files: AddonFile[] = [
    { path: "package.py", data: encoder.encode(withPackagePyVersion(packagePy, options.version)) },
  ];

  const serverDir = join(options.addonDir, "server");
  for (const file of await walk(serverDir, (name) => name.endsWith(".py"))) {
    files.push({ path: toZipPath("server", serverDir, file), data: await readFile(file) });
  }
  files.push({ path: SETTINGS_DEFAULTS_PATH, data: encoder.encode(options.settingsDefaults) });

  const distFiles = await walk(options.frontendDistDir, (name) => !name.endsWith(".map"));
  if (!distFiles.some((file) => relative(options.frontendDistDir, file) === "index.html")) {
    throw new Error(`${options.frontendDistDir} has no index.html: build the settings page first`);
  }
  for (const file of distFiles) {
    files.push({ path: toZipPath("frontend/dist", options.frontendDistDir, file), data: await readFile(file) });
  }
  return files;
}
