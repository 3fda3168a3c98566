import { describe, expect, it } from "@jest/globals";
import type { ShotgridRecord } from "../client/index.js";
import { parseNavchains, type MappingOptions } from "./hierarchy.js";
import { buildShotgridTree, syncedTypes } from "./sg-tree.js";

const link = (type: string, id: number) => ({ type, id, name: null });

function options(overrides: Partial<MappingOptions> = {}): MappingOptions {
  return {
    navchains: new Map(),
    steps: new Map(),
    defaultTaskType: "Generic",
    enabledTypes: new Set(["Episode", "Sequence", "Shot", "Asset", "Task"]),
    ...overrides,
  };
}

function records(byType: Record<string, Array<Omit<ShotgridRecord, "type">>>): Map<string, ShotgridRecord[]> {
  return new Map(Object.entries(byType).map(([type, rows]) => [type, rows.map((r) => ({ ...r, type }) as ShotgridRecord)]));
}

describe("the desired tree", () => {
  it("orders parents before children, siblings by type then id", () => {
    const tree = buildShotgridTree(
      records({
        Episode: [{ id: 2, code: "ep2" }, { id: 1, code: "ep1" }],
        Sequence: [{ id: 5, code: "sq", episode: link("Episode", 1) }],
        Shot: [{ id: 9, code: "sh", sg_sequence: link("Sequence", 5) }, { id: 8, code: "flat" }],
        Asset: [{ id: 20, code: "a", sg_asset_type: "Prop" }],
        Task: [{ id: 30, content: "t", entity: link("Shot", 9) }, { id: 31, content: "u", entity: link("Asset", 20) }],
      }),
      options(),
    );
    expect(tree.entities.map((e) => e.key)).toEqual([
      "AssetCategory:prop", "Episode:1", "Episode:2", "Shot:8", // depth 0
      "Sequence:5", "Asset:20", // depth 1
      "Shot:9", "Task:31", // depth 2
      "Task:30", // depth 3
    ]);
    expect(tree.counts).toEqual({ Episode: 2, Sequence: 1, Shot: 2, Asset: 1, Task: 2 });
    expect(tree.entities.every((e) => e.problem === null)).toBe(true);
  });

  it("makes one category per asset type, case-insensitively, named by its lowercase slug (the Python addon's), labelled by its lowest-id asset", () => {
    const tree = buildShotgridTree(
      records({ Asset: [{ id: 7, code: "b", sg_asset_type: "CHARACTER" }, { id: 3, code: "a", sg_asset_type: "Character" }, { id: 9, code: "c", sg_asset_type: "Prop" }] }),
      options(),
    );
    const categories = tree.entities.filter((e) => e.sgType === "AssetCategory");
    expect(categories.map((c) => [c.key, c.baseName, c.label, c.hasShotgridRow])).toEqual([
      ["AssetCategory:character", "character", "Character", false],
      ["AssetCategory:prop", "prop", "Prop", false],
    ]);
    expect(tree.byKey.get("Asset:7")?.parentKey).toBe("AssetCategory:character");
  });

  it("follows navchain chains through Scenes", () => {
    const navchains = parseNavchains({ navchains: { Shot: "sg_scene,Scene.sg_sequence" } });
    const tree = buildShotgridTree(
      records({
        Sequence: [{ id: 1, code: "sq" }],
        Scene: [{ id: 2, code: "sc", sg_sequence: link("Sequence", 1) }],
        Shot: [{ id: 3, code: "sh", sg_scene: link("Scene", 2) }],
      }),
      options({ navchains, enabledTypes: new Set(["Sequence", "Scene", "Shot"]) }),
    );
    expect(tree.entities.map((e) => [e.key, e.parentKey])).toEqual([
      ["Sequence:1", null],
      ["Scene:2", "Sequence:1"],
      ["Shot:3", "Scene:2"],
    ]);
  });

  it("flags entities whose parent is not in the data, and cycles", () => {
    const tree = buildShotgridTree(
      records({
        Shot: [
          { id: 1, code: "lost", sg_sequence: link("Sequence", 404) },
          { id: 2, code: "a", sg_sequence: link("Shot", 3) },
          { id: 3, code: "b", sg_sequence: link("Shot", 2) },
          { id: 4, code: "child", sg_sequence: link("Shot", 2) },
        ],
      }),
      options({ enabledTypes: new Set(["Shot", "Sequence"]) }),
    );
    expect(tree.byKey.get("Shot:1")?.problem).toMatch(/Sequence 404 is not part/);
    expect(tree.byKey.get("Shot:2")?.problem).toMatch(/cycle/);
    expect(tree.byKey.get("Shot:3")?.problem).toMatch(/cycle/);
    // Not in the cycle itself: it fails later because its parent cannot be synced.
    expect(tree.byKey.get("Shot:4")?.problem).toBeNull();
    const order = tree.entities.map((e) => e.key);
    expect(order.indexOf("Shot:4")).toBeGreaterThan(order.indexOf("Shot:2"));
  });

  it("reads the synced hierarchy types in order", () => {
    expect(syncedTypes(new Set(["Task", "Project", "Shot", "Version", "Episode"]))).toEqual(["Episode", "Shot", "Task"]);
  });
});
