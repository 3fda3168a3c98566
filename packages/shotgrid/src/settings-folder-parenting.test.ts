// compatibility_settings.folder_parenting as the Python addon stores it (ayon-shotgrid 0.6.19
// server/settings/main.py FolderReparentingModel): its saved values load unchanged, its defaults fill gaps.
import { describe, expect, it } from "@jest/globals";
import { parseShotgridSettings, ShotgridSettingsError } from "./settings.js";

const saved = {
  root_relocate: { enabled: false, presets: [] },
  type_grouping: {
    enabled: true,
    presets: [
      { filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Folder", folder_name: "shots" }] },
      { filter_by_sg_entity_type: "Asset", parents: [{ folder_type: "Folder", folder_name: "library" }, { folder_type: "Folder", folder_name: "assets" }] },
    ],
  },
};

function refused(folderParenting: unknown): string[] {
  try {
    parseShotgridSettings({ compatibility_settings: { folder_parenting: folderParenting } });
  } catch (error) {
    expect(error).toBeInstanceOf(ShotgridSettingsError);
    return (error as ShotgridSettingsError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error("expected a refusal");
}

describe("folder_parenting settings", () => {
  it("loads a Python addon's saved settings unchanged", () => {
    expect(parseShotgridSettings({ compatibility_settings: { folder_parenting: saved } }).compatibility_settings.folder_parenting).toEqual(saved);
  });

  it("fills the Python defaults: a preset is Asset, a parent is {asset, assets}", () => {
    const parsed = parseShotgridSettings({ compatibility_settings: { folder_parenting: { root_relocate: { enabled: true, presets: [{ parents: [{}] }] } } } });
    expect(parsed.compatibility_settings.folder_parenting).toEqual({
      root_relocate: { enabled: true, presets: [{ filter_by_sg_entity_type: "Asset", parents: [{ folder_type: "asset", folder_name: "assets" }] }] },
      type_grouping: { enabled: false, presets: [] },
    });
  });

  it("refuses both modes on at once, as the Python services do at run time", () => {
    expect(refused({ root_relocate: { enabled: true }, type_grouping: { enabled: true } })).toEqual([
      "compatibility_settings.folder_parenting.type_grouping.enabled: root relocation and type grouping cannot both be enabled; disable one",
    ]);
  });

  it.each([
    [{ type_grouping: { presets: [{ filter_by_sg_entity_type: "Task" }] } }, /type_grouping\.presets\.0\.filter_by_sg_entity_type: must be one of Episode, Sequence, Shot, Asset/],
    [{ type_grouping: { presets: [{ parents: [{ folder_name: "my shots" }] }] } }, /parents\.0\.folder_name: must be a valid AYON folder name/],
    [{ root_relocate: { presets: [{ parents: [{ folder_type: "" }] }] } }, /parents\.0\.folder_type: must name an AYON folder type/],
    [{ root_relocate: { enabled: "yes" } }, /root_relocate\.enabled/],
  ])("refuses %j", (value, message) => {
    expect(refused(value).join("\n")).toMatch(message);
  });
});
