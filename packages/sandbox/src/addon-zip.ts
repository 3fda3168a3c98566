/**
 * The addon zip a studio would upload, made by the addon's own packaging code into a temporary folder. The
 * settings page is taken from packages/ayon-addon/frontend/dist when it was built (`pnpm addon:package`),
 * else built once here with Vite (a few seconds; nothing in the source tree is written).
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADDON_DIR, packageAddon } from "@ayon-sg/ayon-addon";

export interface AddonZip {
  name: string;
  version: string;
  zip: Uint8Array;
  /** Where the page came from, for the banner. */
  pageSource: "built" | "existing";
}

export async function makeAddonZip(log: (line: string) => void): Promise<AddonZip> {
  const dir = await mkdtemp(join(tmpdir(), "ayon-sg-sandbox-addon-"));
  try {
    const existingDist = join(ADDON_DIR, "frontend", "dist");
    const reuse = existsSync(join(existingDist, "index.html"));
    if (!reuse) log("building the addon's settings page (vite, once per sandbox start while frontend/dist is absent)");
    const packaged = await packageAddon({
      outDir: dir,
      frontendDistDir: reuse ? existingDist : join(dir, "dist"),
      buildFrontend: !reuse,
      syncSources: false,
    });
    return { name: packaged.name, version: packaged.version, zip: new Uint8Array(await readFile(packaged.zipPath)), pageSource: reuse ? "existing" : "built" };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
