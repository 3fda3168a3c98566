import { describe, expect, it } from "@jest/globals";
import type { FieldSchema } from "../client/index.js";
import { anatomyWants, planAnatomy } from "./anatomy.js";

const statusField = (values: string[], display: Record<string, string>): FieldSchema => ({
  code: "sg_status_list", name: "Status", entityType: "Shot", dataType: "status_list", editable: true, mandatory: false,
  unique: false, visible: true, description: "", properties: { valid_values: values, display_values: display },
});

const PROJECT = {
  folderTypes: [{ name: "Folder", shortName: "fld" }, { name: "shot", shortName: "sh" }],
  taskTypes: [{ name: "Generic", shortName: "gen" }, { name: "comp", shortName: "cmp" }],
  statuses: [
    { name: "In progress", shortName: "PRG", scope: ["folder", "task"] },
    { name: "Approved", shortName: "fin", scope: ["version"] },
  ],
};

describe("what ShotGrid asks of the anatomy", () => {
  it("folder types from synced types plus AssetCategory; task types from steps plus the default; statuses by code", () => {
    const wants = anatomyWants({
      enabledTypes: new Set(["Episode", "Shot", "Asset", "Task"]),
      steps: [
        { id: 1, code: "Comp", shortName: "COMP", entityType: "Shot" },
        { id: 2, code: "Model", shortName: "mdl", entityType: "Asset" },
        { id: 3, code: "Edit", shortName: "edt", entityType: "Sequence" },
        { id: 4, code: "Layout", shortName: null, entityType: "Sequence" },
      ],
      defaultTaskType: "Generic",
      taskTypesInUse: ["Layout", "Rogue"],
      statusFields: [statusField(["wtg", "ip"], { wtg: "Waiting to Start", ip: "In Progress" }), undefined, statusField(["IP", "fin"], { fin: "Final" })],
    });
    expect(wants.folderTypes).toEqual(["Episode", "Shot", "Asset", "AssetCategory"]);
    expect(wants.taskTypes).toEqual([
      { name: "Generic", shortName: "gene" },
      { name: "Comp", shortName: "comp" },
      { name: "Model", shortName: "mdl" },
      { name: "Layout", shortName: "layo" },
      { name: "Rogue", shortName: "rogu" },
    ]);
    expect(wants.statuses).toEqual([
      { code: "wtg", name: "Waiting to Start" },
      { code: "ip", name: "In Progress" },
      { code: "fin", name: "Final" },
    ]);
  });
});

describe("merging into the project anatomy (ynput/ayon-shotgrid issue #274)", () => {
  const wants = {
    folderTypes: ["Shot", "Episode", "AssetCategory"],
    taskTypes: [{ name: "Comp", shortName: "comp" }, { name: "Anim", shortName: "anm" }],
    statuses: [
      { code: "ip", name: "In Progress" },
      { code: "prg", name: "Whatever" },
      { code: "wtg", name: "Waiting to Start" },
      { code: "fin", name: "Final" },
    ],
  };

  it("appends what is missing and keeps every existing item in place", () => {
    const plan = planAnatomy(PROJECT, wants);
    expect(plan.added).toEqual({
      folderTypes: ["Episode", "AssetCategory"],
      taskTypes: ["Anim"],
      statuses: ["In Progress (from SG)", "Waiting to Start"],
    });
    expect(plan.patch?.folderTypes?.map((t) => t.name)).toEqual(["Folder", "shot", "Episode", "AssetCategory"]);
    expect(plan.patch?.taskTypes?.map((t) => t.name)).toEqual(["Generic", "comp", "Anim"]);
    expect(plan.patch?.statuses?.map((s) => [s.name, s.shortName])).toEqual([
      ["In progress", "PRG"], ["Approved", "fin"], ["In Progress (from SG)", "ip"], ["Waiting to Start", "wtg"],
    ]);
    expect(PROJECT.folderTypes).toHaveLength(2);
  });

  it("maps ShotGrid names onto existing types that differ only in case", () => {
    const { mapping } = planAnatomy(PROJECT, wants);
    expect(mapping.folderType("Shot")).toBe("shot");
    expect(mapping.folderType("Episode")).toBe("Episode");
    expect(mapping.folderType("Sequence")).toBeNull();
    expect(mapping.taskType("COMP")).toBe("comp");
    expect(mapping.taskType("Anim")).toBe("Anim");
  });

  it("maps statuses by short code and honours their scope", () => {
    const { mapping } = planAnatomy(PROJECT, wants);
    expect(mapping.status("prg", "task")).toBe("In progress");
    expect(mapping.status("IP", "folder")).toBe("In Progress (from SG)");
    expect(mapping.status("fin", "task")).toBeNull();
    expect(mapping.status("nope", "task")).toBeNull();
  });

  it("writes nothing when the project holds everything already", () => {
    const first = planAnatomy(PROJECT, wants);
    const merged = { folderTypes: first.patch!.folderTypes!, taskTypes: first.patch!.taskTypes!, statuses: first.patch!.statuses! };
    const second = planAnatomy(merged, wants);
    expect(second.patch).toBeNull();
    expect(second.added).toEqual({ folderTypes: [], taskTypes: [], statuses: [] });
  });

  it("only sends the lists that changed", () => {
    const plan = planAnatomy(PROJECT, { folderTypes: ["Episode"], taskTypes: [], statuses: [] });
    expect(Object.keys(plan.patch ?? {})).toEqual(["folderTypes"]);
  });
});
