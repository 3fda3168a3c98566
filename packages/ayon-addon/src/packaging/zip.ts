import { zipSync, type Zippable } from "fflate";
import type { AddonFile } from "./collect-files.js";

// A fixed timestamp keeps the zip's bytes a function of its contents only.
const FIXED_MTIME = new Date(2000, 0, 1);
// Fonts and images are compressed already; deflating them again costs time and saves nothing.
const STORED = /\.(woff2?|png|jpe?g|gif|webp|zip)$/i;

export function zipAddonFiles(files: readonly AddonFile[]): Uint8Array {
  const zippable: Zippable = {};
  for (const file of files) {
    if (file.path in zippable) throw new Error(`two files for ${file.path} in the addon zip`);
    zippable[file.path] = [file.data, { level: STORED.test(file.path) ? 0 : 6, mtime: FIXED_MTIME }];
  }
  return zipSync(zippable);
}
