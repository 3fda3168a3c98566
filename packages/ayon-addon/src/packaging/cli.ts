// Entry of `pnpm --filter @ayon-sg/ayon-addon package` (and the root `pnpm addon:package`).
import { relative } from "node:path";
import { packageAddon } from "./package-addon.js";
import { REPO_ROOT } from "./paths.js";

try {
  const result = await packageAddon({ log: (line) => console.log(`package: ${line}`) });
  const size = (result.bytes / 1024 / 1024).toFixed(1);
  console.log(
    `package: ${result.name} ${result.version} → ${relative(REPO_ROOT, result.zipPath)} ` +
      `(${result.files.length} files, ${size} MB). Install it with POST /api/addons/install (raw zip body).`,
  );
} catch (error) {
  console.error(`package: failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
