import { describe, expect, it } from "@jest/globals";
import { parseNavchains } from "../hierarchy.js";
import { entityIdOf, intentOf, parseEventType, relevantFields, type EventIntent, type ShotgridEventEntry } from "./event-intent.js";

const options = {
  navchains: parseNavchains({ navchains: { Shot: "Shot.sg_sequence", Sequence: "Sequence.episode", Asset: "Asset.sg_asset_type", Episode: "__flat__" } }),
  enabledTypes: new Set(["Episode", "Sequence", "Shot", "Asset", "Task"]),
  projectCodeField: "code",
};

function entry(eventType: string, fields: Partial<ShotgridEventEntry> = {}): ShotgridEventEntry {
  return { id: 1000, eventType, attributeName: null, meta: {}, entity: null, project: { type: "Project", id: 70 }, ...fields };
}

const shot = { type: "Shot", id: 12 };

describe("event → intent", () => {
  const cases: Array<[string, ShotgridEventEntry, Partial<Extract<EventIntent, { kind: "entity" }>> | { kind: "skip" | "project" }]> = [
    ["New → reconcile alive", entry("Shotgun_Shot_New", { meta: { type: "new_entity", entity_type: "Shot", entity_id: 12 }, entity: shot }), { kind: "entity", ref: shot, expect: "alive", dependents: false }],
    ["Revival → alive, with dependents", entry("Shotgun_Sequence_Revival", { meta: { type: "entity_revival", entity_type: "Sequence", entity_id: 5 } }), { kind: "entity", ref: { type: "Sequence", id: 5 }, expect: "alive", dependents: true }],
    ["Retirement (entity already null) → retired, id from meta", entry("Shotgun_Shot_Retirement", { meta: { type: "entity_retirement", id: 12, entity_id: 12, class_name: "Shot", entity_type: "Shot" } }), { kind: "entity", ref: shot, expect: "retired", dependents: true }],
    ["Task retirement needs no dependents", entry("Shotgun_Task_Retirement", { meta: { type: "entity_retirement", entity_id: 7, entity_type: "Task" } }), { kind: "entity", ref: { type: "Task", id: 7 }, expect: "retired", dependents: false }],
    ["rename (code) → reconcile", entry("Shotgun_Shot_Change", { attributeName: "code", meta: { type: "attribute_change", entity_type: "Shot", entity_id: 12, old_value: "a", new_value: "b" }, entity: shot }), { kind: "entity", ref: shot, expect: "alive" }],
    ["Task content → reconcile", entry("Shotgun_Task_Change", { attributeName: "content", meta: { entity_type: "Task", entity_id: 7 } }), { kind: "entity", ref: { type: "Task", id: 7 } }],
    ["move (navchain field) → reconcile", entry("Shotgun_Shot_Change", { attributeName: "sg_sequence", meta: { entity_type: "Shot", entity_id: 12 } }), { kind: "entity", ref: shot }],
    ["step change → reconcile", entry("Shotgun_Task_Change", { attributeName: "step", meta: { entity_type: "Task", entity_id: 7 } }), { kind: "entity", ref: { type: "Task", id: 7 } }],
    ["asset type → reconcile (category move)", entry("Shotgun_Asset_Change", { attributeName: "sg_asset_type", meta: { entity_type: "Asset", entity_id: 3 } }), { kind: "entity", ref: { type: "Asset", id: 3 } }],
    ["status → reconcile", entry("Shotgun_Shot_Change", { attributeName: "sg_status_list", meta: { entity_type: "Shot", entity_id: 12 } }), { kind: "entity", ref: shot }],
    ["a Task's retirement_date → null is its revival (it gets no Revival row)", entry("Shotgun_Task_Change", { attributeName: "retirement_date", meta: { entity_type: "Task", entity_id: 7, old_value: "2026-01-01", new_value: null } }), { kind: "entity", ref: { type: "Task", id: 7 }, expect: "alive", dependents: false }],
    ["retirement_date → a date comes with the Retirement → skip", entry("Shotgun_Task_Change", { attributeName: "retirement_date", meta: { entity_type: "Task", entity_id: 7, old_value: null, new_value: "2026-01-01" } }), { kind: "skip" }],
    ["an Asset's retirement_date → null: its Revival follows → skip", entry("Shotgun_Asset_Change", { attributeName: "retirement_date", meta: { entity_type: "Asset", entity_id: 3, old_value: "2026-01-01", new_value: null } }), { kind: "skip" }],
    ["back-reference: meta describes the referrer, entity is the Shot", entry("Shotgun_Shot_Change", { attributeName: "sg_sequence", meta: { entity_type: "Sequence", entity_id: 5 }, entity: shot }), { kind: "entity", ref: shot }],
    ["a field the sync does not use → skip", entry("Shotgun_Shot_Change", { attributeName: "description", meta: { entity_type: "Shot", entity_id: 12 } }), { kind: "skip" }],
    ["reverse field (Sequence.shots) → skip", entry("Shotgun_Sequence_Change", { attributeName: "shots", meta: { entity_type: "Sequence", entity_id: 5 } }), { kind: "skip" }],
    ["in_create rows → skip", entry("Shotgun_Shot_Change", { attributeName: "code", meta: { entity_type: "Shot", entity_id: 12, in_create: true } }), { kind: "skip" }],
    ["a Change naming no field → skip", entry("Shotgun_Shot_Change", { meta: { entity_type: "Shot", entity_id: 12 } }), { kind: "skip" }],
    ["types outside the hierarchy → skip", entry("Shotgun_Version_New", { meta: { entity_type: "Version", entity_id: 1 } }), { kind: "skip" }],
    ["Scene not enabled → skip", entry("Shotgun_Scene_New", { meta: { entity_type: "Scene", entity_id: 1 } }), { kind: "skip" }],
    ["no way to tell the entity → skip", entry("Shotgun_Shot_New", { meta: { type: "new_entity" } }), { kind: "skip" }],
    ["Project navchains change → project", entry("Shotgun_Project_Change", { attributeName: "tracking_settings", entity: { type: "Project", id: 70 } }), { kind: "project" }],
    ["Project auto-sync switch → project", entry("Shotgun_Project_Change", { attributeName: "sg_ayon_auto_sync", meta: { entity_type: "Project", entity_id: 70 } }), { kind: "project" }],
    ["Project description → skip", entry("Shotgun_Project_Change", { attributeName: "sg_description", entity: { type: "Project", id: 70 } }), { kind: "skip" }],
    ["Project retirement → skip", entry("Shotgun_Project_Retirement", { meta: { entity_type: "Project", entity_id: 70 } }), { kind: "skip" }],
    ["not an entity event → skip", entry("Shotgun_Shot_View"), { kind: "skip" }],
  ];
  it.each(cases)("%s", (_label, input, expected) => {
    expect(intentOf(input, options)).toMatchObject(expected);
  });

  it("says why it skips", () => {
    const skip = intentOf(entry("Shotgun_Shot_Change", { attributeName: "description", meta: { entity_type: "Shot", entity_id: 12 } }), options);
    expect(skip).toEqual({ kind: "skip", reason: "nothing the sync uses changed (Shot.description)" });
    expect(intentOf(entry("Shotgun_Scene_New", { meta: { entity_type: "Scene", entity_id: 1 } }), options)).toEqual({
      kind: "skip",
      reason: "Scene is not enabled for this project (compatibility_settings.shotgrid_enabled_entities)",
    });
  });

  it("follows the navchains for the parent field", () => {
    const scenes = parseNavchains({ navchains: { Shot: "sg_scene,Scene.sg_sequence" } });
    expect([...relevantFields("Shot", scenes)].sort()).toEqual(["code", "sg_scene", "sg_status_list"]);
    expect([...relevantFields("Task", scenes)].sort()).toEqual(["content", "entity", "sg_status_list", "step"]);
    const moved = intentOf(entry("Shotgun_Shot_Change", { attributeName: "sg_scene", meta: { entity_type: "Shot", entity_id: 12 } }), { ...options, navchains: scenes });
    expect(moved.kind).toBe("entity");
  });
});

describe("event types and entity ids", () => {
  it.each([
    ["Shotgun_Shot_New", { sgType: "Shot", action: "New" }],
    ["Shotgun_CustomEntity03_Change", { sgType: "CustomEntity03", action: "Change" }],
    ["Shotgun_Shot_Login", null],
    ["Toolkit_Shot_New", null],
    ["", null],
  ])("%s", (eventType, expected) => {
    expect(parseEventType(eventType)).toEqual(expected);
  });

  it("prefers meta, then entity, then a retirement's class_name/id", () => {
    expect(entityIdOf(entry("x", { meta: { entity_type: "Shot", entity_id: 1 }, entity: { type: "Shot", id: 2 } }), "Shot")).toBe(1);
    expect(entityIdOf(entry("x", { meta: { entity_type: "Task", entity_id: 1 }, entity: { type: "Shot", id: 2 } }), "Shot")).toBe(2);
    expect(entityIdOf(entry("x", { meta: { class_name: "Shot", id: 3 } }), "Shot")).toBe(3);
    expect(entityIdOf(entry("x", { meta: { entity_type: "Shot", entity_id: -1 } }), "Shot")).toBeNull();
    expect(entityIdOf(entry("x", { meta: { entity_type: "Shot", entity_id: "12" } }), "Shot")).toBeNull();
  });
});
