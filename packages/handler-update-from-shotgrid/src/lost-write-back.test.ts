// A run that created an AYON entity but never wrote its `sg_ayon_id` back to ShotGrid (killed in between, or a
// second run racing the first, both under load in the crash-live scenario) must not leave a second entity once the
// ShotGrid entity moves or is renamed: the next run finds the first one at its stable id (stable-id.ts) and updates
// it. Before, an Asset was found only through `sg_ayon_id` or by its name under its current category, so a move to
// another category or a rename in between made a second AYON entity carry the same ShotGrid identity.
// Through the real runtime and AYON's queue against both emulators; the lost write-back is made on purpose.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ayonTree, dispatchEvents, editAndReplay, lastEventId, leechableEvents, sgIdentity, smallProject, startUpdateWorld, type UpdateWorld } from "./update.test-helpers.js";

let world: UpdateWorld;

beforeAll(async () => {
  world = await startUpdateWorld();
}, 30_000);

afterAll(async () => {
  await world?.close();
});

/** The AYON entities carrying this ShotGrid identity, live or not ("two AYON entities carry ..." is the bug). */
function carrying(project: string, type: string, id: number): Array<{ id: string; name: string; parentId: string | null }> {
  const state = world.env.ayonEmulator.state.project(project)!;
  const all = [...state.folders.values(), ...state.tasks.values()];
  return all
    .filter((e) => e.attrib.shotgridType === type && e.attrib.shotgridId === String(id))
    .map((e) => ({ id: e.id, name: e.name, parentId: "parentId" in e ? (e.parentId ?? null) : e.folderId }));
}

describe("a lost sg_ayon_id write-back", () => {
  it("an Asset moved to another category and renamed after it keeps one AYON entity, updated", async () => {
    const { p } = await smallProject(world, "lost_write_back");
    const before = lastEventId(world.store);
    const asset = world.store.create("Asset", { project: { type: "Project", id: p.sgId }, code: "lost_asset", sg_asset_type: "Prop" }, { as: world.artist });
    const created = leechableEvents(world.env, before, p.sgId);
    expect((await dispatchEvents(world, p.ayon, p.sgId, created)).map((r) => r.status)).toEqual(created.map(() => "finished"));
    const [first] = carrying(p.ayon, "Asset", asset.id);
    expect(first).toBeDefined();

    // The run that created it was killed before its write-back: ShotGrid does not know the AYON id.
    world.store.update("Asset", asset.id, { sg_ayon_id: null });
    const reports = await editAndReplay(world, p, (store, as) => {
      store.update("Asset", asset.id, { sg_asset_type: "Vehicle" }, as);
      store.update("Asset", asset.id, { code: "lost_asset_renamed" }, as);
    });
    expect(reports.map((r) => r.status)).toEqual(reports.map(() => "finished"));
    // The New event runs again (its job was never recorded as finished).
    await dispatchEvents(world, p.ayon, p.sgId, created);

    expect(carrying(p.ayon, "Asset", asset.id)).toHaveLength(1);
    const { linked } = ayonTree(world.env.ayonEmulator, p.ayon);
    expect(linked.get(`Asset:${asset.id}`)).toMatchObject({ id: first!.id, parent: "AssetCategory:vehicle", name: "lost_asset_renamed" });
    expect(sgIdentity(world.store, "Asset", asset.id).sg_ayon_id).toBe(first!.id);
  });

  it("a Task moved to another Shot after it keeps one AYON task", async () => {
    const { g, p } = await smallProject(world, "lost_task_write_back");
    const shotA = g.tree.shots[0]!;
    const shotB = g.tree.shots[1]!;
    const before = lastEventId(world.store);
    const task = world.store.create("Task", { project: { type: "Project", id: p.sgId }, content: "lost_task", entity: { type: "Shot", id: shotA.id } }, { as: world.artist });
    await dispatchEvents(world, p.ayon, p.sgId, leechableEvents(world.env, before, p.sgId));
    const [first] = carrying(p.ayon, "Task", task.id);
    expect(first).toBeDefined();

    world.store.update("Task", task.id, { sg_ayon_id: null });
    await editAndReplay(world, p, (store, as) => store.update("Task", task.id, { entity: { type: "Shot", id: shotB.id } }, as));

    expect(carrying(p.ayon, "Task", task.id)).toHaveLength(1);
    expect(ayonTree(world.env.ayonEmulator, p.ayon).linked.get(`Task:${task.id}`)).toMatchObject({ id: first!.id, parent: `Shot:${shotB.id}` });
  });
});
