// folder_parenting in the full-sync planner (folder-layout.ts): new entities go under their layout folders,
// existing ones move only when their ShotGrid parent changed, and a preset change plans nothing.
import { describe, expect, it } from "@jest/globals";
import type { ShotgridRecord } from "../client/index.js";
import type { FolderParentingSettings } from "../settings-folder-parenting.js";
import { planAnatomy } from "./anatomy.js";
import { AyonTree, type AyonFolder } from "./ayon-tree.js";
import { folderLayoutOf } from "./folder-layout.js";
import type { MappingOptions } from "./hierarchy.js";
import { readIdentity } from "./identity.js";
import { planSync, type SyncPlan } from "./plan.js";
import { buildShotgridTree } from "./sg-tree.js";

const hex = (n: number) => n.toString(16).padStart(32, "0");
const link = (type: string, id: number) => ({ type, id, name: null });
const ANATOMY = planAnatomy(
  { folderTypes: ["Folder", "Episode", "Sequence", "Shot", "Asset", "AssetCategory"].map((name) => ({ name })), taskTypes: [{ name: "Generic" }], statuses: [] },
  { folderTypes: [], taskTypes: [], statuses: [] },
).mapping;

type Preset = { filter_by_sg_entity_type: "Episode" | "Sequence" | "Shot" | "Asset"; parents: Array<{ folder_type: string; folder_name: string }> };
const off = { enabled: false, presets: [] as Preset[] };
const grouping = (...presets: Preset[]): FolderParentingSettings => ({ root_relocate: off, type_grouping: { enabled: true, presets } });
const relocation = (...presets: Preset[]): FolderParentingSettings => ({ root_relocate: { enabled: true, presets }, type_grouping: off });
const NONE: FolderParentingSettings = { root_relocate: off, type_grouping: off };
const SHOTS: Preset = { filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Folder", folder_name: "shots" }] };
const ASSETS: Preset = { filter_by_sg_entity_type: "Asset", parents: [{ folder_type: "Folder", folder_name: "lib" }, { folder_type: "folder", folder_name: "assets" }] };

const SG = {
  Episode: [{ id: 1, code: "ep01" }],
  Sequence: [{ id: 2, code: "sq01", episode: link("Episode", 1) }, { id: 3, code: "sq02", episode: link("Episode", 1) }],
  Shot: [{ id: 4, code: "sh010", sg_sequence: link("Sequence", 2) }, { id: 5, code: "sh020", sg_sequence: link("Sequence", 2) }],
  Asset: [{ id: 6, code: "hero", sg_asset_type: "Character" }],
};

function plan(settings: FolderParentingSettings, existing: AyonFolder[] = [], sg: Record<string, Array<Record<string, unknown>>> = SG): SyncPlan {
  const options: MappingOptions = {
    navchains: new Map(), steps: new Map(), defaultTaskType: "Generic",
    enabledTypes: new Set(["Episode", "Sequence", "Shot", "Asset"]), folderLayout: folderLayoutOf(settings),
  };
  const records = new Map(Object.entries(sg).map(([type, rows]) => [type, rows.map((r) => ({ ...r, type }) as ShotgridRecord)]));
  let n = 1000;
  return planSync({ desired: buildShotgridTree(records, options).entities, existing: new AyonTree(existing, []), anatomy: ANATOMY, newId: () => hex(n++) });
}

/** An AYON folder; `sg` = [shotgridType, shotgridId] or a layout folder's [shotgridType] only. */
const folder = (id: number, name: string, parent: number | null, sg: [string, string?], folderType = sg[0]): AyonFolder => ({
  id: hex(id), kind: "folder", name, label: name, parentId: parent === null ? null : hex(parent),
  identity: readIdentity({ shotgridType: sg[0], shotgridId: sg[1] }), folderType, status: null, hasVersions: false,
});

/** The project as synced with no preset: shots under sq01, the category at the root. */
const PLAIN = [
  folder(1, "ep01", null, ["Episode", "1"]), folder(2, "sq01", 1, ["Sequence", "2"]), folder(3, "sq02", 1, ["Sequence", "3"]),
  folder(4, "sh010", 2, ["Shot", "4"]), folder(5, "sh020", 2, ["Shot", "5"]),
  { ...folder(7, "character", null, ["AssetCategory", "character"]), label: "Character" }, folder(6, "hero", 7, ["Asset", "6"]),
];
/** The same project as the Python addon lays it out with type grouping (SHOTS, ASSETS). */
const GROUPED = [
  folder(1, "ep01", null, ["Episode", "1"]), folder(2, "sq01", 1, ["Sequence", "2"]), folder(3, "sq02", 1, ["Sequence", "3"]),
  folder(20, "shots", null, ["Folder"]), folder(4, "sh010", 20, ["Shot", "4"]), folder(5, "sh020", 20, ["Shot", "5"]),
  folder(21, "lib", null, ["Folder"]), folder(22, "assets", 21, ["folder"], "Folder"),
  { ...folder(7, "character", 22, ["AssetCategory", "character"]), label: "Character" }, folder(6, "hero", 7, ["Asset", "6"]),
];

describe("folder_parenting: a first import", () => {
  const result = plan(grouping(SHOTS, ASSETS));
  const op = (key: string) => result.operations.find((o) => o.key === key)!.operation;

  it("creates each layout folder once, as the Python addon does, parents first", () => {
    expect(result.operations.filter((o) => o.key.startsWith("Layout:")).map((o) => o.key)).toEqual(["Layout:lib", "Layout:lib/assets", "Layout:shots"]);
    expect(op("Layout:shots").data).toEqual({ name: "shots", label: "shots", folderType: "Folder", parentId: null, attrib: { shotgridType: "Folder" } });
    expect(op("Layout:lib/assets").data).toMatchObject({ name: "assets", parentId: op("Layout:lib").entityId });
    expect(result.failures.size).toBe(0);
  });

  it("puts shots and the asset category under their layout, the rest under their ShotGrid parent", () => {
    expect(op("Shot:4").data?.parentId).toBe(op("Layout:shots").entityId);
    expect(op("Shot:5").data?.parentId).toBe(op("Layout:shots").entityId);
    expect(op("AssetCategory:character").data?.parentId).toBe(op("Layout:lib/assets").entityId);
    expect(op("Asset:6").data?.parentId).toBe(result.links.get("AssetCategory:character"));
    expect(op("Sequence:2").data?.parentId).toBe(result.links.get("Episode:1"));
    const shotOp = result.operations.find((o) => o.key === "Shot:4")!;
    expect(shotOp.dependsOn).toBe(op("Layout:shots").entityId);
  });
});

describe("folder_parenting: changing the preset of a synced project moves and creates nothing", () => {
  it.each([
    ["plain → type grouping", PLAIN, grouping(SHOTS, ASSETS)],
    ["plain → root relocation", PLAIN, relocation({ filter_by_sg_entity_type: "Episode", parents: [{ folder_type: "Folder", folder_name: "episodes" }] })],
    ["grouped → none", GROUPED, NONE],
    ["grouped → the same grouping", GROUPED, grouping(SHOTS, ASSETS)],
    ["grouped → other folders", GROUPED, grouping({ filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Folder", folder_name: "all_shots" }] })],
    ["grouped → root relocation", GROUPED, relocation({ filter_by_sg_entity_type: "Sequence", parents: [{ folder_type: "Folder", folder_name: "seqs" }] })],
  ])("%s", (_name, existing, settings) => {
    const result = plan(settings, existing);
    expect(result.operations).toEqual([]);
    expect(result.failures.size).toBe(0);
    expect(result.counts.folders).toEqual({ created: 0, updated: 0, unchanged: 7 });
  });
});

describe("folder_parenting: what does move or get created", () => {
  it("a new shot goes under the existing layout folder; no second one is made", () => {
    const result = plan(grouping(SHOTS, ASSETS), GROUPED, { ...SG, Shot: [...SG.Shot, { id: 8, code: "sh030", sg_sequence: link("Sequence", 3) }] });
    expect(result.operations.map((o) => [o.key, o.operation.type, o.operation.data?.parentId])).toEqual([["Shot:8", "create", hex(20)]]);
  });

  it("a shot whose ShotGrid parent really changed moves to its computed place", () => {
    const moved = { ...SG, Shot: [{ id: 4, code: "sh010", sg_sequence: link("Sequence", 3) }, SG.Shot[1]!] };
    expect(plan(NONE, PLAIN, moved).operations.map((o) => [o.key, o.operation.data])).toEqual([["Shot:4", { parentId: hex(3) }]]);
    const grouped = plan(grouping(SHOTS), PLAIN, moved);
    const shotsFolder = grouped.operations[0]!.operation.entityId;
    expect(grouped.operations.map((o) => [o.key, o.operation.data?.parentId])).toEqual([["Layout:shots", null], ["Shot:4", shotsFolder]]);
  });

  it("an asset whose category changed moves to the new category, wherever the layout put it", () => {
    const recat = { ...SG, Asset: [{ id: 6, code: "hero", sg_asset_type: "Prop" }] };
    const result = plan(grouping(SHOTS, ASSETS), GROUPED, recat);
    const category = result.operations.find((o) => o.key === "AssetCategory:prop")!;
    expect(category.operation.data?.parentId).toBe(hex(22));
    expect(result.operations.find((o) => o.key === "Asset:6")!.operation.data).toEqual({ parentId: category.operation.entityId });
  });

  it("an entity named like a layout folder never adopts it", () => {
    const result = plan(grouping(SHOTS), GROUPED, { ...SG, Episode: [...SG.Episode, { id: 9, code: "shots" }] });
    const episode = result.operations.find((o) => o.key === "Episode:9")!.operation;
    expect(episode).toMatchObject({ type: "create", data: { parentId: null } });
    expect(episode.data?.name).not.toBe("shots");
  });

  it("a layout folder name held by a ShotGrid entity, or an unknown folder type, fails the entities that need it", () => {
    const taken = plan(grouping(SHOTS), [folder(30, "shots", null, ["Episode", "77"], "Episode")], { Shot: [{ id: 4, code: "sh010" }] });
    expect(taken.failures.get("Shot:4")).toMatch(/folder_parenting folder 'shots' is taken by the AYON folder of ShotGrid Episode 77/);
    const untyped = plan(grouping({ filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Library", folder_name: "shots" }] }), [], { Shot: [{ id: 4, code: "sh010" }] });
    expect(untyped.failures.get("Shot:4")).toMatch(/no folder type 'Library'/);
    expect(untyped.operations).toEqual([]);
  });
});
