// The right project, always — through the real binary (project-sync, sync and update handlers) against both
// emulators: an import onto an AYON project that exists already (refused; taken over with adopt: true), an event
// that names no project and points at a Shot of another, unlinked ShotGrid project, and a Shot moved to that other
// project while its events wait in the queue (let go of, as a retirement would). Nothing is imported from the other
// project, nothing is written into it, no other update is lost (AYON equals a fresh full sync of the home project), the binary does not restart and
// leaks no secret.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { eventDispatch } from "@ayon-sg/leecher";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import type { SyncEnv } from "@ayon-sg/shotgrid/testing";
import { expectEqualTrees, leechableEvents } from "@ayon-sg/handler-update-from-shotgrid/testing";
import { generateShotgridProject, startAyonEmulator, type GeneratedShotgridProject, type ShotgridUserRef } from "@ayon-sg/testkit";
import { clearFigures, recordFigures } from "./figures.js";
import { freshFullSync } from "./fresh-sync.js";
import { lastEventLogId } from "./live-world.test-helpers.js";
import { scanForSecrets } from "./secret-scan.js";
import { AYON_KEY, logLines, waitUntil, World, type PluginChoice } from "./world.js";
import type { RunningBinary } from "@ayon-sg/testing";

const SCENARIO = "right-project";
const HOME = "home_show";
const PLUGINS: PluginChoice[] = ["project-sync", "sync", "update"];

let world: World;
let home: GeneratedShotgridProject;
let stranger: GeneratedShotgridProject;
let artist: ShotgridUserRef;
let run: RunningBinary;

beforeAll(async () => {
  clearFigures(SCENARIO);
  world = await World.start();
  const spec = { episodes: 1, sequencesPerEpisode: 2, shots: 6, assets: 3, assetCategories: ["Character", "Prop"], tasksPerEntity: 2, autoSync: true };
  home = generateShotgridProject(world.sgEmu.store, { name: HOME, ...spec });
  stranger = generateShotgridProject(world.sgEmu.store, { name: "Stranger Show", ...spec });
  artist = world.sgEmu.humanUser("artist", "Ann Artist");
  run = world.launch(world.studio(PLUGINS, { sweepIntervalSeconds: 1 }), "right-project");
}, 60_000);

afterAll(async () => {
  await world?.close();
});

/** Dispatches `payload` as a finished shotgrid.event of the home project and waits for its job's end. */
async function job(payload: Record<string, unknown>): Promise<{ status: string; description: string }> {
  const id = await world.dispatch({ topic: "shotgrid.event", project: HOME, payload });
  return jobOf(id);
}

async function jobOf(id: string): Promise<{ status: string; description: string }> {
  const find = () => world.ayonEmu.state.events.ofTopic("shotgrid.proc").find((j) => j.dependsOn === id && ["finished", "failed"].includes(j.status));
  await waitUntil(() => find() !== undefined, `the job of event ${id}`, 60_000);
  const found = find()!;
  return { status: found.status, description: found.description ?? "" };
}

/** Equal to a fresh full sync of the home project's ShotGrid state into an empty AYON. */
async function expectEqualToFreshSync(): Promise<number> {
  const fresh = await startAyonEmulator({ apiKey: AYON_KEY });
  try {
    await freshFullSync(world, fresh, HOME, home.projectId);
    return expectEqualTrees(world.ayonEmu, fresh, HOME, world.sgEmu.store).size;
  } finally {
    await fresh.close();
  }
}

const sgAyonId = (type: string, id: number) => world.sgEmu.store.findOne(type, id, { fields: ["sg_ayon_id"] })?.sg_ayon_id ?? null;

describe("the right project, always (real binary)", () => {
  it("refuses an import onto an existing, unlinked AYON project, writing nothing; adopt: true takes it over", async () => {
    await world.ayon.createProject({ name: HOME, code: HOME });
    const request = { action: "create-project", project_name: HOME, project_code: HOME, sg_project_id: home.projectId };
    const refused = await job(request);
    expect(refused).toEqual({
      status: "failed",
      description: expect.stringContaining(`Cannot import: the AYON project '${HOME}' already exists and is not linked to ShotGrid project ${home.projectId}; to take it over, ask again with adopt: true.`),
    });
    expect((await world.ayon.getProject(HOME))?.attrib.shotgridId ?? null).toBeNull();
    expect(world.ayonEmu.state.projects.get(HOME)?.folders.size ?? 0).toBe(0);
    expect(sgAyonId("Project", home.projectId)).toBeNull();

    const adopted = await job({ ...request, adopt: true });
    expect(adopted.status).toBe("finished");
    expect(adopted.description).toMatch(new RegExp(`^Re-imported ShotGrid project ${home.projectId} as ${HOME}\\.`));
    expect(sgAyonId("Project", home.projectId)).toBe(HOME);
    const compared = await expectEqualToFreshSync();
    recordFigures(SCENARIO, { "thrown.importOntoExistingProject": 1, ayonEntitiesComparedAfterAdopt: compared });
  }, 120_000);

  it("an event without project, and a Shot moved to another project, import nothing and write nothing there", async () => {
    const linked: LinkedProject = { sgProjectId: home.projectId, sgProjectName: HOME, projectCode: HOME, projectCodeField: "code", ayonProjectName: HOME };
    const dispatchRow = (row: Record<string, unknown> & { id: number }) => {
      const request = eventDispatch(row, linked, world.sgEmu.url);
      return world.dispatch({ topic: request.topic, project: HOME, payload: request.payload ?? {} });
    };
    const [strangerShot, moved, kept] = [stranger.tree.shots[0]!, home.tree.shots[0]!, home.tree.shots[1]!];
    const store = world.sgEmu.store;

    // An event that lost its project, pointing at a Shot of the unlinked project.
    const before = lastEventLogId(world);
    store.update("Shot", strangerShot.id, { code: "lured_in" }, { as: artist });
    const [lure] = leechableEvents({ sgEmulator: world.sgEmu } as SyncEnv, before, stranger.projectId);
    const lured = await jobOf(await dispatchRow({ ...lure!, project: null }));
    expect(lured.status).toBe("finished"); // skips are stored as finished jobs
    expect(lured.description).toContain(`ShotGrid Shot ${strangerShot.id} belongs to ShotGrid project ${stranger.projectId} (Stranger Show), not to ShotGrid project ${home.projectId} (${HOME}) that AYON project ${HOME} is linked to: nothing imported from it, nothing written to it`);
    expect(sgAyonId("Shot", strangerShot.id)).toBeNull();
    const afterLure = await expectEqualToFreshSync();

    // Two renames queued; one of the Shots moves to the other project before they are handled.
    const mark = lastEventLogId(world);
    store.update("Shot", moved.id, { code: "renamed_then_moved" }, { as: artist });
    store.update("Shot", kept.id, { code: "renamed_and_kept" }, { as: artist });
    const rows = leechableEvents({ sgEmulator: world.sgEmu } as SyncEnv, mark, home.projectId);
    const movedAyonId = sgAyonId("Shot", moved.id);
    // A move takes the Shot's Tasks along (a Task whose Shot is in another project is none of either's tree).
    const elsewhere = { project: { type: "Project", id: stranger.projectId } };
    store.update("Shot", moved.id, { ...elsewhere, sg_sequence: null }, { as: artist });
    for (const task of store.find("Task", [["entity", "is", { type: "Shot", id: moved.id }]], { fields: ["id"] })) store.update("Task", task.id, elsewhere, { as: artist });
    const ids = [];
    for (const row of rows) ids.push(await dispatchRow(row));
    const outcomes = await Promise.all(ids.map(jobOf));
    expect(outcomes.map((o) => o.status)).toEqual(["finished", "finished"]);
    expect(outcomes[0]!.description).toContain(`ShotGrid Shot ${moved.id} belongs to ShotGrid project ${stranger.projectId} (Stranger Show), not to ShotGrid project ${home.projectId}`);
    expect(outcomes[0]!.description).toContain(`Shot ${moved.id} deleted in AYON`);
    expect(outcomes[1]!.description).not.toMatch(/belongs to ShotGrid project/);
    expect(sgAyonId("Shot", moved.id)).toBe(movedAyonId);

    // The live update let go of the moved Shot as a retirement would: AYON equals a fresh full sync, and a full
    // sync of the home project (what a reconcile runs) finds nothing to write in the other project.
    const afterMove = await expectEqualToFreshSync();
    expect((await job({ action: "sync-from-shotgrid", project_name: HOME })).status).toBe("finished");
    expect(await expectEqualToFreshSync()).toBe(afterMove);
    expect(sgAyonId("Shot", moved.id)).toBe(movedAyonId);
    recordFigures(SCENARIO, {
      "thrown.eventWithoutProject": 1,
      "thrown.shotMovedToAnotherProject": 1,
      eventsCheckedRightProject: ids.length + 1,
      lostRightProject: outcomes.filter((o) => o.status !== "finished").length,
      ayonEntitiesComparedAfterLure: afterLure,
      ayonEntitiesComparedAfterMove: afterMove,
    });
  }, 120_000);

  it("the binary never restarted, printed no crash and leaked no secret", async () => {
    expect((await run.stop("SIGTERM")).code).toBe(0);
    expect(logLines(run).filter((l) => l.level === "raw")).toEqual([]);
    expect(scanForSecrets(world.collect(), world.secrets())).toEqual([]);
  });
});
