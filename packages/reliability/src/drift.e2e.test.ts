// Drift: ten ShotGrid edits (creates, moves, a rename, a retirement...) whose `shotgrid.event` events are deleted from AYON's queue before any worker runs
// them (DELETE /api/events/{id}, admin only: ayon-backend api/events/events.py delete_event). Nothing replays
// them; the next scheduled reconcile (the plugin config's short schedule, so the test does not wait a night)
// must find and mend all ten — AYON equal to a fresh full sync — and the reconcile after it must write nothing
// to AYON (counted in the emulator's request log).
//
// Three runs of the real binary: (1) leecher + handlers, until the first-start full sync is done; (2) the leecher
// alone, which leeches the ten edits into AYON's queue, where the test deletes them; (3) the handlers with the
// reconcile scheduler on a 3-second slot and no leecher (whose restart re-read would dispatch them anew), twice.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { expectEqualTrees, leechableEvents } from "@ayon-sg/handler-update-from-shotgrid/testing";
import { ayonWrites, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import { generateShotgridProject, startAyonEmulator, type AyonEmulator, type GeneratedShotgridProject } from "@ayon-sg/testkit";
import { clearFigures, recordFigures } from "./figures.js";
import { freshFullSync } from "./fresh-sync.js";
import { timeoutFor } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { AYON_KEY, logLines, waitUntil, World } from "./world.js";

const SCENARIO = "drift";
const P = "drift";
const EDITS = 10;

let world: World;
let fresh: AyonEmulator;
let generated: GeneratedShotgridProject;

beforeAll(async () => {
  clearFigures(SCENARIO);
  world = await World.start({ settings: { sync_settings: { leecher_settle_seconds: 1 } } });
  generated = generateShotgridProject(world.sgEmu.store, {
    name: P, episodes: 1, sequencesPerEpisode: 3, shots: 12, assets: 4, assetCategories: ["Character", "Prop"], tasksPerEntity: 2, autoSync: true, seed: 15,
  });
  await world.ayon.createProject({ name: P, code: P });
  await world.ayon.updateProject(P, { attrib: { shotgridId: String(generated.projectId), shotgridType: "Project" } });
  fresh = await startAyonEmulator({ apiKey: AYON_KEY });
}, 60_000);

afterAll(async () => {
  await world?.close();
  await fresh?.close();
});

const jobs = () => world.ayonEmu.state.events.ofTopic("shotgrid.proc");
const leeched = () => world.ayonEmu.state.events.ofTopic("shotgrid.event").filter((e) => e.payload.action === "shotgrid-event");
const reconcileJobs = () => jobs().filter((j) => j.status === "finished" && /^Reconcile: /.test(String(j.description)));

/** Ten edits of every kind a lost event leaves undone: creates, moves between parents, a category change, a Step
 * change, a rename and a retirement. */
function tenEdits(): { log: string[]; renamed: number; retired: number } {
  const store = world.sgEmu.store;
  const as = { as: world.sgEmu.humanUser("ann", "Ann Artist") };
  const project = { type: "Project", id: generated.projectId };
  const [seqA, seqB] = generated.ids.Sequence;
  const shotStep = generated.tree.steps.find((s) => s.entity_type === "Shot" && s.id !== generated.tree.tasks[0]?.step)?.id;
  const task = generated.tree.tasks[0]!;
  const log: string[] = [];
  for (let i = 0; i < 2; i++) log.push(`create Shot ${store.create("Shot", { project, code: `drift_sh${i}`, sg_sequence: { type: "Sequence", id: seqA } }, as).id}`);
  const asset = store.create("Asset", { project, code: "drift_asset", sg_asset_type: "Prop" }, as);
  log.push(`create Asset ${asset.id}`);
  log.push(`create Task ${store.create("Task", { project, content: "drift task", entity: { type: "Shot", id: generated.ids.Shot[0]! } }, as).id}`);
  for (const shot of generated.ids.Shot.slice(-2)) {
    store.update("Shot", shot, { sg_sequence: { type: "Sequence", id: seqB } }, as);
    log.push(`move Shot ${shot}`);
  }
  store.update("Asset", generated.ids.Asset[0]!, { sg_asset_type: generated.tree.assets[0]?.category === "Character" ? "Prop" : "Character" }, as);
  log.push(`move Asset ${generated.ids.Asset[0]}`);
  store.update("Task", task.id, { step: { type: "Step", id: shotStep } }, as);
  log.push(`step Task ${task.id}`);
  // Two Shots none of the edits above touch (the stepped Task's own Shot is kept).
  const [renamed, retired] = generated.ids.Shot.slice(1, -2).filter((id) => !(task.entity.type === "Shot" && task.entity.id === id));
  store.update("Shot", renamed!, { code: "drift_renamed" }, as);
  log.push(`rename Shot ${renamed}`);
  store.retire("Shot", retired!, as);
  log.push(`retire Shot ${retired}`);
  return { log, renamed: renamed!, retired: retired! };
}

describe("drift: events lost from the queue are found by the scheduled reconcile", () => {
  it(`mends ${EDITS} edits whose events were deleted, and the next reconcile writes nothing`, async () => {
    const noScheduler = { "sync-from-shotgrid": { reconcile: { enabled: false } } };
    const first = world.launch(world.studio(["leecher", "sync", "update"], { config: noScheduler }), "drift-setup");
    await waitUntil(() => jobs().some((j) => j.status === "finished" && /^Synced drift/.test(String(j.description))), "the first-start full sync", 60_000);
    expect((await first.stop("SIGTERM")).code).toBe(0);

    const leecher = world.launch(world.studio(["leecher"]), "drift-leecher");
    await leecher.waitFor("leeching", 30_000);
    const start = Number(world.sgEmu.store.find("EventLogEntry", [], { fields: ["id"], sort: "-id", limit: 1 })[0]?.id ?? 0);
    const { log: edits, renamed, retired } = tenEdits();
    expect(edits).toHaveLength(EDITS);
    const expected = leechableEvents({ sgEmulator: world.sgEmu } as SyncEnv, start, generated.projectId).map((row) => row.id);
    expect(expected.length).toBeGreaterThanOrEqual(EDITS);
    const ofEdits = () => leeched().filter((e) => expected.includes(Number(e.summary.sg_event_id)));
    await waitUntil(() => ofEdits().length === expected.length, `the ${expected.length} events of the edits leeched`, timeoutFor(30_000));
    // No worker runs in this studio (the leecher alone): the events wait in the queue, and are deleted there.
    const lost = ofEdits();
    for (const event of lost) {
      const deleted = await fetch(`${world.ayonEmu.url}/api/events/${event.id}`, { method: "DELETE", headers: { "x-api-key": AYON_KEY } });
      expect(deleted.status).toBe(204);
    }
    expect((await leecher.stop("SIGTERM")).code).toBe(0);
    expect(ofEdits()).toEqual([]);
    // The drift is real: none of the new Shots is in AYON, the renamed one keeps its old name, the retired one is there.
    const folders = () => [...world.ayonEmu.state.project(P)!.folders.values()];
    const synced = () => new Set(folders().map((f) => String(f.attrib?.shotgridId ?? "")));
    const shotFolder = (id: number) => folders().find((f) => f.attrib?.shotgridType === "Shot" && f.attrib?.shotgridId === String(id));
    const newShots = edits.filter((e) => e.startsWith("create Shot ")).map((e) => e.slice("create Shot ".length));
    expect(newShots.filter((id) => synced().has(id))).toEqual([]);
    expect(shotFolder(renamed)?.name).not.toBe("drift_renamed");
    expect(shotFolder(retired)).toBeDefined();

    const handlers = world.studio(["sync", "update"], { config: { "sync-from-shotgrid": { reconcile: { checkSeconds: 0.5, everySeconds: 3 } } } });
    // Two processes run the scheduler, as a studio running several may: each slot is still asked for once.
    const run = world.launch(handlers, "drift-handlers");
    const twin = world.launch(handlers, "drift-handlers-twin");
    await waitUntil(() => reconcileJobs().length >= 1, "the next scheduled reconcile", timeoutFor(60_000));
    const mend = reconcileJobs()[0]!;
    const outcome = (mend.payload.result as { reconcile: { mended: number; renamed: number; retired: number } }).reconcile;
    const mended = outcome.mended;
    expect(mend.description).toMatch(/^Reconcile: \d+ mended: \d+ created, \d+ updated, 1 renamed, \d+ retired\./);
    expect(mended).toBeGreaterThanOrEqual(EDITS);
    expect(outcome.renamed).toBe(1);
    expect(outcome.retired).toBeGreaterThanOrEqual(1);
    expect(newShots.filter((id) => synced().has(id))).toEqual(newShots);
    // As the live update would have left them: the renamed Shot takes the new name, the retired one is gone.
    expect(shotFolder(renamed)).toMatchObject({ name: "drift_renamed", label: "drift_renamed" });
    expect(shotFolder(retired)).toBeUndefined();

    world.ayonEmu.resetStats();
    await waitUntil(() => reconcileJobs().length >= 2, "the reconcile after it", timeoutFor(30_000));
    const second = reconcileJobs()[1]!;
    const writes = ayonWrites(world.ayonEmu.stats(), { excludeEvents: true });
    expect(second.description).toMatch(/^Reconcile: in sync, nothing written\./);
    expect(writes).toEqual({});
    for (const process of [run, twin]) {
      expect((await process.stop("SIGTERM")).code).toBe(0);
      expect(logLines(process).filter((l) => l.level === "raw")).toEqual([]);
    }
    // AYON (unchanged by the second reconcile) equals a fresh full sync of ShotGrid into an empty AYON.
    await freshFullSync(world, fresh, P, generated.projectId);
    const { size } = expectEqualTrees(world.ayonEmu, fresh, P, world.sgEmu.store);
    // One request per slot although two processes asked: every stored reconcile request names a different slot.
    const slots = world.ayonEmu.state.events.ofTopic("shotgrid.event").filter((e) => e.payload.reason === "reconcile").map((e) => e.payload.slot);
    expect(new Set(slots).size).toBe(slots.length);
    recordFigures(SCENARIO, { edits: EDITS, eventsDeleted: lost.length, ayonEntitiesCompared: size, mendedByFirstReconcile: mended, renamedByFirstReconcile: outcome.renamed, retiredByFirstReconcile: outcome.retired, ayonWritesBySecondReconcile: Object.keys(writes).length, reconcileRequests: slots.length });
  }, timeoutFor(180_000));

  it("leaks no secret into the binaries' output or any AYON event", () => {
    expect(scanForSecrets(world.collect(), world.secrets())).toEqual([]);
  });
});
