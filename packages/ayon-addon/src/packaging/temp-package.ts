// Packages the addon into a temporary folder exactly as the package script does (page built by Vite),
// without touching the source tree or the repo's package/ folder, and reads the zip back. For tests, and
// for a sandbox that installs the addon into an emulator.
import { unzipSync } from "fflate";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageAddon, type PackagedAddon } from "./package-addon.js";

export interface TempPackage {
  dir: string;
  packaged: PackagedAddon;
  zip: Uint8Array;
  /** Zip entries by path. */
  entries: Record<string, Uint8Array>;
  cleanup(): Promise<void>;
}

export async function packageIntoTempDir(): Promise<TempPackage> {
  const dir = await mkdtemp(join(tmpdir(), "ayon-addon-package-"));
  const packaged = await packageAddon({ outDir: dir, frontendDistDir: join(dir, "dist"), syncSources: false });
  const zip = new Uint8Array(await readFile(packaged.zipPath));
  return { dir, packaged, zip, entries: unzipSync(zip), cleanup: () => rm(dir, { recursive: true, force: true }) };
}
