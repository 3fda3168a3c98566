// The live path's shared pieces for the ShotGrid-outage and live-crash scenarios: linked projects, the
// leecher's test helpers (an independent statement of which EventLogEntry rows must reach AYON, and a
// deterministic write stream) adapted to this package's World, and whether the live-update handler is
// available as a plugin yet.
import { isPluginDeclaration } from "@ayon-sg/core";
import {
  allLeeched, deliveryProblems, expectedEventIds, leechedCounts, writeStream, type World as LeecherWorld,
} from "@ayon-sg/leecher/testing";
import { SCRIPT, type World } from "./world.js";

export { deliveryProblems };

export function leecherView(world: World): LeecherWorld {
  return {
    sgEmu: world.sgEmu,
    ayonEmu: world.ayonEmu,
    sg: world.sg,
    ayon: world.ayon,
    script: world.sgEmu.script(SCRIPT.name) as { type: "ApiUser"; id: number },
    artist: world.sgEmu.humanUser("artist", "Ann Artist"),
    close: () => world.close(),
  };
}

/** A ShotGrid project with auto-sync on and the AYON project linked to it (by attrib.shotgridId). */
export async function linkedLiveProject(world: World, code: string): Promise<number> {
  const project = world.sgEmu.store.create("Project", { name: `Project ${code}`, code, sg_ayon_auto_sync: true });
  await world.ayon.createProject({ name: code, code });
  await world.ayon.updateProject(code, { attrib: { shotgridId: String(project.id), shotgridType: "Project" } });
  return project.id;
}

export function relevantEventIds(world: World, after: number, projectIds: number[]): number[] {
  return expectedEventIds(leecherView(world), { after, projectIds });
}

export function deliveredCounts(world: World): Map<number, number> {
  return leechedCounts(leecherView(world));
}

/** Whether every id of `expected` has reached AYON (counted once, not once per id). */
export function allDelivered(world: World, expected: readonly number[]): boolean {
  return allLeeched(leecherView(world), expected);
}

export function streamWrites(world: World, projectIds: number[], total: number, opts: { chunk: number; pauseMs: number; tag: string; onProgress?: (n: number) => void }) {
  return writeStream(leecherView(world), projectIds, total, opts);
}

/** The newest EventLogEntry id (the leecher starts after it on a first start). */
export function lastEventLogId(world: World): number {
  const rows = world.sgEmu.store.find("EventLogEntry", [], { fields: ["id"], sort: "-id", limit: 1 });
  return rows[0]?.id ?? 0;
}

/** True once the live-update handler package exports its plugin (it is being written in parallel). */
export async function updateHandlerAvailable(): Promise<boolean> {
  try {
    const module = (await import("@ayon-sg/handler-update-from-shotgrid")) as { default?: unknown };
    return isPluginDeclaration(module.default);
  } catch {
    return false;
  }
}
