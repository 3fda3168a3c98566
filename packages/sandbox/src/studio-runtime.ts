/**
 * The runtime the sandbox starts must come from the @ayon-sg/core the studio's plugins import: a second copy of
 * core would not share its injection tokens with them ("TypeInfo not known"). For the workspace's own studio
 * directory both are the same file; a studio installed from the release tarballs has its own copy.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startRuntimeService } from "@ayon-sg/core/service";

export type StartRuntimeService = typeof startRuntimeService;

export async function runtimeServiceFor(studioDir: string): Promise<StartRuntimeService> {
  let entry: string;
  try {
    entry = createRequire(join(studioDir, "package.json")).resolve("@ayon-sg/core/service");
  } catch {
    return startRuntimeService; // the studio has no core of its own: its plugins resolve this one
  }
  const module = (await import(pathToFileURL(entry).href)) as { startRuntimeService?: unknown };
  if (typeof module.startRuntimeService !== "function") {
    throw new Error(`the @ayon-sg/core installed in ${studioDir} has no startRuntimeService (${entry}); install the version this sandbox comes with`);
  }
  return module.startRuntimeService as StartRuntimeService;
}
