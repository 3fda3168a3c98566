// The reference the scenarios compare AYON with: a fresh full sync of the current ShotGrid state of one project
// into an empty second AYON emulator (its own clients, the binary's settings), as the handler's must-show does.
import { expect } from "@jest/globals";
import { AddonSettings, AyonClient, SilentLogger } from "@ayon-sg/core";
import { ensureAyonAttributes, loadProjectContext, runFullSync, ShotgridClient } from "@ayon-sg/shotgrid";
import type { AyonEmulator } from "@ayon-sg/testkit";
import { AYON_KEY, SCRIPT, SCRIPT_KEY_SECRET, type World } from "./world.js";

/** Syncs ShotGrid project `sgProjectId` into `fresh` as AYON project `project` (the emulator holds nothing of it yet). */
export async function freshFullSync(world: World, fresh: AyonEmulator, project: string, sgProjectId: number): Promise<void> {
  const ayon = new AyonClient({ serverUrl: fresh.url, apiKey: AYON_KEY, sender: "fresh-sync", senderType: "shotgrid" });
  await ensureAyonAttributes(ayon);
  fresh.restart();
  await ayon.createProject({ name: project, code: project });
  await ayon.updateProject(project, { attrib: { shotgridId: String(sgProjectId), shotgridType: "Project" } });
  const sg = new ShotgridClient({ siteUrl: world.sgEmu.url, scriptName: SCRIPT.name, scriptKey: SCRIPT.key });
  const settings = { shotgrid_server: world.sgEmu.url, service_settings: { script_name: SCRIPT.name, script_key: SCRIPT_KEY_SECRET } };
  const loaded = await loadProjectContext({ ayon, sg, settings: new AddonSettings("shotgrid", null, settings, null) }, project);
  if (!loaded.ok) throw new Error(loaded.reason);
  expect((await runFullSync({ ayon, sg, logger: new SilentLogger() }, loaded.context)).failed).toBe(0);
}
