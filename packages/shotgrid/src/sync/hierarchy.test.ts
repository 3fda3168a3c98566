import { describe, expect, it } from "@jest/globals";
import type { ShotgridRecord } from "../client/index.js";
import {
  assetCategoryOf, fieldsFor, nameFieldFor, parentOf, parentRuleFor, parseNavchains, taskTypeOf, toDesiredEntity,
  type MappingOptions, type ParentRule, type PipelineStep,
} from "./hierarchy.js";

const link = (type: string, id: number, name: string | null = null) => ({ type, id, name });

describe("navchains parsing", () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, ParentRule>]> = [
    ["plain field", { Shot: "Shot.sg_sequence" }, { Shot: { kind: "field", field: "sg_sequence" } }],
    ["flat", { Episode: "__flat__" }, { Episode: { kind: "flat" } }],
    ["asset type means categories", { Asset: "Asset.sg_asset_type" }, { Asset: { kind: "asset-category" } }],
    ["field without type prefix", { Shot: "sg_scene" }, { Shot: { kind: "field", field: "sg_scene" } }],
    [
      "chain: first element for the type, later ones for the intermediate type",
      { Shot: "sg_scene,Scene.sg_sequence" },
      { Shot: { kind: "field", field: "sg_scene" }, Scene: { kind: "field", field: "sg_sequence" } },
    ],
    [
      "an explicit entry wins over a chain's implied one",
      { Shot: "sg_scene,Scene.sg_sequence", Scene: "__flat__" },
      { Shot: { kind: "field", field: "sg_scene" }, Scene: { kind: "flat" } },
    ],
    ["whitespace in chains", { Shot: " sg_scene , Scene.sg_sequence " }, { Shot: { kind: "field", field: "sg_scene" }, Scene: { kind: "field", field: "sg_sequence" } }],
    ["a prefix naming another type is ignored", { Shot: "Asset.sg_sequence" }, {}],
    ["non-string values are ignored", { Shot: 5, Sequence: null }, {}],
    ["empty string is ignored", { Shot: "" }, {}],
    ["bad field characters are ignored", { Shot: "Shot.sg sequence" }, {}],
  ];
  it.each(cases)("%s", (_label, navchains, expected) => {
    expect(Object.fromEntries(parseNavchains({ navchains }))).toEqual(expected);
  });

  it.each([[null], [undefined], ["text"], [{}], [{ navchains: [] }]])("tolerates %j", (value) => {
    expect(parseNavchains(value).size).toBe(0);
  });
});

describe("parent rules", () => {
  const navchains = parseNavchains({ navchains: { Shot: "sg_scene,Scene.sg_sequence", Task: "__flat__" } });
  it.each([
    ["Shot", { kind: "field", field: "sg_scene" }],
    ["Scene", { kind: "field", field: "sg_sequence" }],
    ["Task", { kind: "field", field: "entity" }],
    ["Sequence", { kind: "field", field: "episode" }],
    ["Episode", { kind: "flat" }],
    ["Asset", { kind: "asset-category" }],
    ["CustomEntity01", { kind: "flat" }],
  ] as const)("%s → %j", (type, rule) => {
    expect(parentRuleFor(type, navchains)).toEqual(rule);
  });

  it("reads only the needed fields per type", () => {
    const none = new Map();
    expect(fieldsFor("Shot", none)).toEqual(["code", "sg_status_list", "sg_ayon_id", "sg_ayon_sync_status", "sg_sequence"]);
    expect(fieldsFor("Asset", none)).toEqual(["code", "sg_status_list", "sg_ayon_id", "sg_ayon_sync_status", "sg_asset_type"]);
    expect(fieldsFor("Task", none)).toEqual(["content", "sg_status_list", "sg_ayon_id", "sg_ayon_sync_status", "entity", "step"]);
    expect(fieldsFor("Episode", none)).toEqual(["code", "sg_status_list", "sg_ayon_id", "sg_ayon_sync_status"]);
    expect(nameFieldFor("Task")).toBe("content");
  });
});

describe("parents of records", () => {
  const navchains = new Map<string, ParentRule>();
  it.each([
    ["linked shot", { type: "Shot", id: 1, sg_sequence: link("Sequence", 4) }, { kind: "entity", link: link("Sequence", 4) }],
    ["shot without sequence", { type: "Shot", id: 1, sg_sequence: null }, { kind: "root" }],
    ["asset with type", { type: "Asset", id: 2, sg_asset_type: "Character" }, { kind: "category", slug: "character", label: "Character" }],
    ["asset with nasty type", { type: "Asset", id: 2, sg_asset_type: "Set Dress'n" }, { kind: "category", slug: "set_dressn", label: "Set Dress’n" }],
    ["asset without type", { type: "Asset", id: 2, sg_asset_type: null }, { kind: "root" }],
    ["task on asset", { type: "Task", id: 3, entity: link("Asset", 2) }, { kind: "entity", link: link("Asset", 2) }],
    ["episode", { type: "Episode", id: 9 }, { kind: "root" }],
  ] as const)("%s", (_label, record, expected) => {
    expect(parentOf(record as unknown as ShotgridRecord, navchains)).toEqual(expected);
  });

  it("asset categories with blank types have none", () => {
    expect(assetCategoryOf({ type: "Asset", id: 1, sg_asset_type: "  " })).toBeNull();
  });
});

describe("task types from Pipeline Steps", () => {
  const steps = new Map<number, PipelineStep>([
    [1, { id: 1, code: "Comp", shortName: "comp", entityType: "Shot" }],
    [2, { id: 2, code: "  ", shortName: null, entityType: "Shot" }],
  ]);
  const opts = { steps, defaultTaskType: "Generic" };
  it.each([
    ["step code", { step: link("Step", 1, "Comp") }, "Comp"],
    ["no step → default", { step: null }, "Generic"],
    ["blank step code → default", { step: link("Step", 2, "  ") }, "Generic"],
    ["unknown step → its link name", { step: link("Step", 99, "Roto") }, "Roto"],
  ] as const)("%s", (_label, fields, expected) => {
    expect(taskTypeOf({ type: "Task", id: 1, ...fields } as ShotgridRecord, opts)).toBe(expected);
  });
});

describe("mapping a record to its desired AYON entity", () => {
  const options: MappingOptions = {
    navchains: new Map(),
    steps: new Map([[7, { id: 7, code: "Anim", shortName: "anm", entityType: "Shot" }]]),
    defaultTaskType: "Generic",
    enabledTypes: new Set(["Episode", "Sequence", "Shot", "Asset", "Task"]),
  };

  it("maps a shot", () => {
    const entity = toDesiredEntity(
      { type: "Shot", id: 10, code: "sh 010", sg_sequence: link("Sequence", 4), sg_status_list: "ip", sg_ayon_id: "  ", sg_ayon_sync_status: "Synced" },
      options,
    );
    expect(entity).toEqual({
      key: "Shot:10", sgType: "Shot", sgId: 10, kind: "folder", type: "Shot", baseName: "sh_010", label: "sh 010",
      parentKey: "Sequence:4", status: "ip", sgAyonId: null, sgSyncStatus: "Synced", hasShotgridRow: true, problem: null, skip: null,
    });
  });

  it("maps a task under its entity with its step", () => {
    const entity = toDesiredEntity({ type: "Task", id: 11, content: "anim; final", entity: link("Shot", 10), step: link("Step", 7) }, options);
    expect(entity).toMatchObject({ key: "Task:11", kind: "task", type: "Anim", baseName: "anim_final", label: "anim, final", parentKey: "Shot:10", problem: null });
  });

  it("puts an asset under its category", () => {
    expect(toDesiredEntity({ type: "Asset", id: 5, code: "hero", sg_asset_type: "Prop" }, options).parentKey).toBe("AssetCategory:prop");
  });

  it("sends a folder whose parent type is not synced to the root", () => {
    const noEpisodes = { ...options, enabledTypes: new Set(["Sequence", "Shot", "Task"]) };
    expect(toDesiredEntity({ type: "Sequence", id: 3, code: "sq1", episode: link("Episode", 1) }, noEpisodes).parentKey).toBeNull();
  });

  it("skips a task without an entity, or on a type that is not synced", () => {
    const orphan = toDesiredEntity({ type: "Task", id: 12, content: "x", entity: null }, options);
    expect(orphan).toMatchObject({ problem: null, skip: expect.stringMatching(/not linked to any entity/) });
    expect(toDesiredEntity({ type: "Task", id: 13, content: "x", entity: link("Version", 1) }, options).skip).toMatch(/Version/);
  });

  it("falls back to <type>_<id> for an empty name", () => {
    expect(toDesiredEntity({ type: "Shot", id: 44, code: "" }, options)).toMatchObject({ baseName: "shot_44", label: null });
  });

  it("names folders and tasks as the Python addon (utils.py _sg_to_ay_dict): folders keep empty words, tasks drop them", () => {
    expect(toDesiredEntity({ type: "Shot", id: 45, code: "Comp - Final" }, options)).toMatchObject({ baseName: "Comp___Final", label: "Comp - Final" });
    const t = toDesiredEntity({ type: "Task", id: 46, content: "Comp - Final", entity: link("Shot", 10), step: link("Step", 7) }, options);
    expect(t).toMatchObject({ baseName: "Comp_Final", label: "Comp - Final" });
  });

  it("names a task without content after its task type (the Step code, else the default)", () => {
    expect(toDesiredEntity({ type: "Task", id: 47, content: "", entity: link("Shot", 10), step: link("Step", 7) }, options)).toMatchObject({ type: "Anim", baseName: "Anim", label: null });
    const noStep = toDesiredEntity({ type: "Task", id: 48, content: null, entity: link("Shot", 10), step: null }, options);
    expect(noStep).toMatchObject({ type: options.defaultTaskType, baseName: options.defaultTaskType });
  });

  it("puts an asset under the Python addon's category: slugify(sg_asset_type).lower()", () => {
    expect(toDesiredEntity({ type: "Asset", id: 6, code: "jet", sg_asset_type: "Vehicle - Air" }, options).parentKey).toBe("AssetCategory:vehicle_air");
  });
});
