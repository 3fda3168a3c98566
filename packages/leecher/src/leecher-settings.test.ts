// The leecher reads the same addon settings as the handlers: a Python addon's saved folder_parenting loads (the
// leecher computes no AYON parent; the handlers place what it dispatches), and a setting the handlers would refuse
// stops it at start with the path named, like any bad setting.
import { describe, expect, it } from "@jest/globals";
import { ShotgridSettingsError } from "@ayon-sg/shotgrid";
import { parseLeecherConfig } from "./config.js";
import { leecherSettings } from "./leecher.js";

const client = { siteUrl: "https://studio.shotgrid.autodesk.com", scriptName: "ayon" };
const config = parseLeecherConfig({});
const grouping = {
  root_relocate: { enabled: false, presets: [] },
  type_grouping: { enabled: true, presets: [{ filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Folder", folder_name: "shots" }] }] },
};

describe("leecherSettings with folder_parenting", () => {
  it("starts with a Python addon's saved type-grouping preset", () => {
    const settings = leecherSettings({ compatibility_settings: { folder_parenting: grouping }, service_settings: { polling_frequency: 3 } }, config, client);
    expect(settings).toMatchObject({ scriptName: "ayon", pollIntervalMs: 3000 });
  });

  it("refuses both modes on, naming the path", () => {
    const both = { ...grouping, root_relocate: { enabled: true, presets: [] } };
    expect(() => leecherSettings({ compatibility_settings: { folder_parenting: both } }, config, client)).toThrow(ShotgridSettingsError);
    expect(() => leecherSettings({ compatibility_settings: { folder_parenting: both } }, config, client)).toThrow(/folder_parenting\.type_grouping\.enabled/);
  });
});
