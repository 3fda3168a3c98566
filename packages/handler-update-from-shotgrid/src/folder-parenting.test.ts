// folder_parenting in live updates, through the real runtime against both emulators: the project was synced with
// no preset, the runtime now runs with a type-grouping preset (a preset change on a synced project). Nothing that
// exists moves unless its ShotGrid parent changes, new entities follow the preset, no folder is made twice, and a
// full sync afterwards writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, SilentLogger } from "@ayon-sg/core";
import { loadProjectContext, runFullSync } from "@ayon-sg/shotgrid";
import { ayonTree, editAndReplay, smallProject, startUpdateWorld, type UpdateWorld } from "./update.test-helpers.js";

const folderParenting = {
  root_relocate: { enabled: false, presets: [] },
  type_grouping: {
    enabled: true,
    presets: [
      { filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Folder", folder_name: "shots" }] },
      { filter_by_sg_entity_type: "Asset", parents: [{ folder_type: "Folder", folder_name: "lib" }, { folder_type: "Folder", folder_name: "assets" }] },
    ],
  },
};

let world: UpdateWorld;

beforeAll(async () => {
  world = await startUpdateWorld({ settings: { compatibility_settings: { folder_parenting: folderParenting } } });
}, 30_000);

afterAll(async () => {
  await world?.close();
});

const tree = (name: string) => ayonTree(world.env.ayonEmulator, name);
/** The identity-less folders (layout folders) as `parent path/name`. */
const layoutFolders = (name: string) => {
  const { other } = tree(name);
  const byId = new Map(other.map((f) => [f.id, f]));
  const path = (f: (typeof other)[number]): string => (f.parentId && byId.has(f.parentId) ? `${path(byId.get(f.parentId)!)}/${f.name}` : f.name);
  return other.map((f) => ({ path: path(f), type: f.type, shotgridType: f.shotgridType, shotgridId: f.shotgridId })).sort((a, b) => a.path.localeCompare(b.path));
};

describe("folder_parenting in live updates (type grouping switched on after the import)", () => {
  it("moves nothing that exists, places new entities by the preset, makes each layout folder once", async () => {
    const { g, p, ref } = await smallProject(world, "layout_live");
    const before = tree(p.ayon).linked;
    const shot = g.tree.shots[0]!;
    const asset = g.tree.assets[0]!;

    // An edit of existing entities: nothing moves, no layout folder is made.
    await editAndReplay(world, p, (store, as) => {
      store.update("Shot", shot.id, { sg_status_list: "fin" }, as);
      store.update("Asset", asset.id, { sg_status_list: "fin" }, as);
    });
    const afterEdit = tree(p.ayon).linked;
    for (const [key, entity] of before) expect([key, afterEdit.get(key)!.parentId]).toEqual([key, entity.parentId]);
    expect(layoutFolders(p.ayon)).toEqual([]);

    // New shots go under one `shots` folder; a new asset of a known category joins that category where it is.
    const seq = g.tree.sequences[1]!;
    let shotIds: number[] = [];
    let newAsset = 0;
    const reports = await editAndReplay(world, p, (store, as) => {
      shotIds = [1, 2].map((n) => store.create("Shot", { project: ref, code: `new_${n}`, sg_sequence: { type: "Sequence", id: seq.id } }, as).id);
      newAsset = store.create("Asset", { project: ref, code: "new_prop", sg_asset_type: asset.category }, as).id;
    });
    expect(reports.map((r) => [r.status, r.description]).filter(([s]) => s !== "finished" && s !== "skipped")).toEqual([]);
    expect(layoutFolders(p.ayon)).toEqual([{ path: "shots", type: "Folder", shotgridType: "Folder", shotgridId: null }]);
    const shotsFolder = tree(p.ayon).other[0]!.id;
    const linked = tree(p.ayon).linked;
    for (const id of shotIds) expect(linked.get(`Shot:${id}`)).toMatchObject({ parentId: shotsFolder });
    const category = `AssetCategory:${asset.category.toLowerCase()}`;
    expect(linked.get(`Asset:${newAsset}`)).toMatchObject({ parent: category });
    expect(linked.get(category)!.parentId).toBe(before.get(category)!.parentId);

    // A new category goes under the Asset preset's folders.
    let vehicle = 0;
    await editAndReplay(world, p, (store, as) => {
      vehicle = store.create("Asset", { project: ref, code: "car", sg_asset_type: "Vehicle" }, as).id;
    });
    expect(layoutFolders(p.ayon).map((f) => f.path)).toEqual(["lib", "lib/assets", "shots"]);
    const libAssets = tree(p.ayon).other.find((f) => f.name === "assets")!.id;
    expect(tree(p.ayon).linked.get("AssetCategory:vehicle")).toMatchObject({ parentId: libAssets });
    expect(tree(p.ayon).linked.get(`Asset:${vehicle}`)).toMatchObject({ parent: "AssetCategory:vehicle" });

    // A shot whose ShotGrid parent really changes goes where the preset puts shots.
    const other = g.tree.sequences.find((s) => s.id !== shot.sequence)!;
    await editAndReplay(world, p, (store, as) => store.update("Shot", shot.id, { sg_sequence: { type: "Sequence", id: other.id } }, as));
    expect(tree(p.ayon).linked.get(`Shot:${shot.id}`)).toMatchObject({ parentId: shotsFolder });

    // A full sync with the same settings agrees: it writes nothing to AYON.
    const settings = new AddonSettings("shotgrid", null, { ...world.env.studioSettings, compatibility_settings: { folder_parenting: folderParenting } }, null);
    const loaded = await loadProjectContext({ ayon: world.env.ayon, sg: world.env.sg, settings }, p.ayon);
    if (!loaded.ok) throw new Error(loaded.reason);
    const summary = await runFullSync({ ayon: world.env.ayon, sg: world.env.sg, logger: new SilentLogger() }, loaded.context);
    expect(summary).toMatchObject({ failed: 0, ayonOperations: 0, folders: { created: 0, updated: 0 } });
    expect(layoutFolders(p.ayon)).toHaveLength(3);
  }, 60_000);
});
