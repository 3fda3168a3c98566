// folder_parenting's pure rules (folder-layout.ts), from the Python addon's utils.py re-parenting functions.
import { describe, expect, it } from "@jest/globals";
import { anchorOf, folderLayoutOf, layoutChainFor, layoutKey, sitsInPlace, type AncestorFolder } from "./folder-layout.js";
import { readIdentity } from "./identity.js";

const shots = { folder_type: "Folder", folder_name: "shots" };
const settings = (mode: "root_relocate" | "type_grouping", presets: Array<{ filter_by_sg_entity_type: "Episode" | "Sequence" | "Shot" | "Asset"; parents: Array<typeof shots> }>) => ({
  root_relocate: { enabled: mode === "root_relocate", presets: mode === "root_relocate" ? presets : [] },
  type_grouping: { enabled: mode === "type_grouping", presets: mode === "type_grouping" ? presets : [] },
});

describe("folderLayoutOf / layoutChainFor", () => {
  it("takes the first preset of a type and drops empty ones", () => {
    const layout = folderLayoutOf(settings("type_grouping", [
      { filter_by_sg_entity_type: "Shot", parents: [shots] },
      { filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Folder", folder_name: "other" }] },
      { filter_by_sg_entity_type: "Sequence", parents: [] },
    ]));
    expect(layout.mode).toBe("type_grouping");
    expect(layoutChainFor("Shot", false, layout)).toEqual([{ name: "shots", folderType: "Folder" }]);
    expect(layoutChainFor("Sequence", false, layout)).toBeNull();
  });

  it("ignores presets of a mode that is off", () => {
    const layout = folderLayoutOf({ root_relocate: { enabled: false, presets: [{ filter_by_sg_entity_type: "Shot", parents: [shots] }] }, type_grouping: { enabled: false, presets: [] } });
    expect(layoutChainFor("Shot", false, layout)).toBeNull();
  });

  it("places categories by the Asset preset and leaves Assets in their category; Tasks and Scenes never move", () => {
    const layout = folderLayoutOf(settings("root_relocate", [{ filter_by_sg_entity_type: "Asset", parents: [shots] }]));
    expect(layoutChainFor("AssetCategory", false, layout)).toHaveLength(1);
    expect(layoutChainFor("Asset", true, layout)).toBeNull();
    expect(layoutChainFor("Asset", false, layout)).toHaveLength(1);
    expect(layoutChainFor("Task", false, layout)).toBeNull();
    expect(layoutChainFor("Scene", false, layout)).toBeNull();
  });

  it("names layout folders by path", () => {
    expect(layoutKey([{ name: "lib", folderType: "Folder" }, { name: "assets", folderType: "Folder" }])).toBe("Layout:lib/assets");
  });
});

describe("sitsInPlace", () => {
  const folders = new Map<string, AncestorFolder>([
    ["seq", { parentId: null, identity: readIdentity({ shotgridType: "Sequence", shotgridId: "2" }) }],
    ["shots", { parentId: null, identity: readIdentity({ shotgridType: "Folder" }) }],
    ["sub", { parentId: "shots", identity: readIdentity({}) }],
    ["misc", { parentId: "seq", identity: readIdentity({}) }],
  ]);
  const at = (parentId: string | null) => anchorOf(parentId, (id) => folders.get(id));

  it.each([
    ["under its ShotGrid parent", "seq", "seq", true],
    ["in a root layout, any depth", "sub", "seq", true],
    ["under a grouping inside its ShotGrid parent", "misc", "seq", true],
    ["at the root when its ShotGrid parent is the root", null, null, true],
    ["under another ShotGrid entity", "seq", "other", false],
    ["at the root when its ShotGrid parent is a sequence", null, "seq", false],
    ["under an unknown folder", "gone", "seq", false],
  ])("%s", (_what, parentId, sgParentId, expected) => {
    expect(sitsInPlace(at(parentId), sgParentId)).toBe(expected);
  });
});
