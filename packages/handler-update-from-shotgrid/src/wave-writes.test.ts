// The in-place updates of a batch's wave write to AYON in one operations transaction (shotgrid
// sync/incremental/wave-writer.ts), through the real runtime against both emulators: events wait in the queue while no
// runtime serves it, then one starts and takes them as one batch. When AYON refuses the combined transaction (a
// name clash), each update is sent again alone and every job ends as it would have by itself.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { JobReport } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import type { GeneratedShotgridProject, ShotgridStore, ShotgridUserRef } from "@ayon-sg/testkit";
import { eventDispatch } from "@ayon-sg/leecher";
import { startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import { ayonTree, importedProject, lastEventId, leechableEvents } from "./update.test-helpers.js";
import plugin from "./index.js";

const P = "waves";
let env: SyncEnv;
let g: GeneratedShotgridProject;
let runtime: TestRuntime | null = null;

beforeAll(async () => {
  env = await startSyncEnv();
  g = await importedProject(env, P, { episodes: 1, sequencesPerEpisode: 1, shots: 6, assets: 0, assetCategories: [], tasksPerEntity: 1 });
}, 30_000);

afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

/** Makes the edits with no runtime serving, queues their events as the leecher would, then serves them in a batch. */
async function editInOneBatch(edit: (store: ShotgridStore, as: { as: ShotgridUserRef }) => void): Promise<JobReport[]> {
  const start = lastEventId(env.sgEmulator.store);
  edit(env.sgEmulator.store, { as: env.sgEmulator.humanUser("ann", "Ann Artist") });
  const linked: LinkedProject = { sgProjectId: g.projectId, sgProjectName: P, projectCode: P, projectCodeField: "code", ayonProjectName: P };
  const ids: string[] = [];
  for (const row of leechableEvents(env, start, g.projectId)) ids.push((await env.ayon.dispatchEvent(eventDispatch(row, linked, env.sgEmulator.url))).id as string);
  env.ayonEmulator.resetStats();
  runtime = await syncEnvRuntime(env, [plugin], { queue: { sweepIntervalMs: 250 } });
  await runtime.start();
  const reports = await Promise.all(ids.map((id) => runtime!.waitForJob(id, 20_000)));
  await runtime.stop();
  runtime = null;
  return reports;
}

const operationsRequests = () => Object.entries(env.ayonEmulator.stats().byRoute).filter(([route]) => /^POST .*\/operations$/.test(route)).reduce((n, [, r]) => n + r.count, 0);
/** A status the Shot does not have yet. */
const newStatus = (id: number) => (env.sgEmulator.store.findOne("Shot", id, { fields: ["sg_status_list"] })?.sg_status_list === "fin" ? "ip" : "fin");
const linked = (key: string) => ayonTree(env.ayonEmulator, P).linked.get(key)!;

describe("a wave's AYON writes in one transaction", () => {
  it("sends the in-place changes of a batch as one operations request", async () => {
    const [a, b, c] = g.tree.shots;
    const reports = await editInOneBatch((store, as) => {
      store.update("Shot", a!.id, { code: "wave_a" }, as);
      store.update("Shot", b!.id, { code: "wave_b" }, as);
      store.update("Shot", c!.id, { sg_status_list: newStatus(c!.id) }, as);
    });
    expect(reports.map((r) => [r.status, r.batch])).toEqual([["finished", 3], ["finished", 3], ["finished", 3]]);
    expect(operationsRequests()).toBe(1);
    expect([linked(`Shot:${a!.id}`).name, linked(`Shot:${b!.id}`).name]).toEqual(["wave_a", "wave_b"]);
  });

  it("when AYON refuses one change of the wave, sends each alone: the others land and the clash is solved as alone", async () => {
    const [, , , d, e, f] = g.tree.shots;
    const sequenceId = linked(`Shot:${d!.id}`).parentId!;
    // A folder made by hand in AYON, not linked, holds the name Shot d is renamed to.
    await env.ayon.createFolder(P, { name: "handmade", folderType: "Shot", parentId: sequenceId });
    const reports = await editInOneBatch((store, as) => {
      store.update("Shot", d!.id, { code: "handmade" }, as);
      store.update("Shot", e!.id, { code: "wave_e" }, as);
      store.update("Shot", f!.id, { sg_status_list: newStatus(f!.id) }, as);
    });
    expect(reports.map((r) => r.status)).toEqual(["finished", "finished", "finished"]);
    // The combined try, each of the three alone, and Shot d again with the next free name.
    expect(operationsRequests()).toBe(1 + 3 + 1);
    expect(linked(`Shot:${d!.id}`).name).toBe(`handmade_${d!.id}`);
    expect(linked(`Shot:${e!.id}`).name).toBe("wave_e");
    expect(reports.map((r) => r.description)).toEqual([
      expect.stringMatching(new RegExp(`Shot ${d!.id} updated in AYON \\(label, name\\)`)),
      expect.stringMatching(new RegExp(`Shot ${e!.id} updated in AYON \\(label, name\\)`)),
      expect.stringMatching(new RegExp(`Shot ${f!.id} updated in AYON \\(status\\)`)),
    ]);
  });
});
