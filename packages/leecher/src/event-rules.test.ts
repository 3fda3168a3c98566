// The filter rules (the Python leecher's filters, ynput/ayon-shotgrid services/leecher/leecher/listener.py).
import { describe, expect, it } from "@jest/globals";
import { classify, entityIdOf, eventTypesFor, parseEventType, type EventRecord, type RuleContext } from "./event-rules.js";

const OWN = { type: "ApiUser", id: 7 };
const ctx: RuleContext = {
  enabledEntities: new Set(["Project", "Episode", "Sequence", "Shot", "Asset", "Task"]),
  ownUser: OWN,
  linkedProjectIds: new Set([70, 71]),
};
const artist = { type: "HumanUser", id: 3, name: "Ann Artist" };
const p70 = { type: "Project", id: 70, name: "Alpha" };

function ev(fields: Partial<EventRecord>): EventRecord {
  return { id: 1000, event_type: "Shotgun_Shot_Change", attribute_name: "code", meta: {}, entity: { type: "Shot", id: 5 }, user: artist, project: p70, ...fields };
}

describe("parseEventType", () => {
  it.each([
    ["Shotgun_Shot_New", { entityType: "Shot", action: "New" }],
    ["Shotgun_CustomEntity03_Change", { entityType: "CustomEntity03", action: "Change" }],
    ["Shotgun_Asset_Revival", { entityType: "Asset", action: "Revival" }],
    ["Shotgun_Task_Retirement", { entityType: "Task", action: "Retirement" }],
    ["Shotgun_User_Login", null],
    ["Toolkit_App_Startup", null],
    ["Shotgun_Shot_Change_", null],
    [null, null],
    [42, null],
  ])("%p", (input, expected) => {
    expect(parseEventType(input)).toEqual(expected);
  });
});

describe("eventTypesFor", () => {
  it("puts Project events apart and gives Reply no retirement", () => {
    const types = eventTypesFor(["Project", "Shot", "Reply", "Shot"]);
    expect(types.projectTypes).toEqual(["Shotgun_Project_New", "Shotgun_Project_Change", "Shotgun_Project_Retirement", "Shotgun_Project_Revival"]);
    expect(types.otherTypes).toEqual([
      "Shotgun_Shot_New", "Shotgun_Shot_Change", "Shotgun_Shot_Retirement", "Shotgun_Shot_Revival",
      "Shotgun_Reply_New", "Shotgun_Reply_Change", "Shotgun_Reply_Revival",
    ]);
  });
});

describe("classify: back-references of mapped fields", () => {
  const backRef = { id: 1001, event_type: "Shotgun_Sequence_Change", attribute_name: "shots", entity: { type: "Sequence", id: 4 }, user: artist, project: p70,
    meta: { type: "attribute_change", attribute_name: "shots", entity_type: "Shot", entity_id: 5 } };
  it("keeps one whose field the project's attribute map reads, drops it for a project that does not map it", () => {
    const mappedFieldsOf = (sgProjectId: number, sgType: string) => (sgProjectId === 70 && sgType === "Sequence" ? ["tags", "shots"] : ["tags"]);
    expect(classify(backRef, { ...ctx, mappedFieldsOf })).toEqual({ keep: true, sgProjectId: 70, entityType: "Sequence", action: "Change" });
    expect(classify({ ...backRef, project: { type: "Project", id: 71 } }, { ...ctx, mappedFieldsOf })).toEqual({ keep: false, reason: "back-reference" });
  });
  it("keeps every one while the project's map is unknown (its settings could not be read)", () => {
    expect(classify(backRef, { ...ctx, mappedFieldsOf: () => null })).toEqual({ keep: true, sgProjectId: 70, entityType: "Sequence", action: "Change" });
  });
});

describe("classify", () => {
  it.each<[string, Partial<EventRecord>, ReturnType<typeof classify>]>([
    ["a Shot change by an artist is kept", {}, { keep: true, sgProjectId: 70, entityType: "Shot", action: "Change" }],
    ["a create's per-field changes are noise", { meta: { in_create: true } }, { keep: false, reason: "in-create" }],
    ["in_create only counts when true", { meta: { in_create: false } }, { keep: true, sgProjectId: 70, entityType: "Shot", action: "Change" }],
    ["a New row is kept even if meta says in_create", { event_type: "Shotgun_Shot_New", meta: { in_create: true } }, { keep: true, sgProjectId: 70, entityType: "Shot", action: "New" }],
    ["the leecher's own ApiUser is an echo", { user: { ...OWN, name: "ayon-sg" } }, { keep: false, reason: "own-user" }],
    ["another script is not us", { user: { type: "ApiUser", id: 8, name: "other" } }, { keep: true, sgProjectId: 70, entityType: "Shot", action: "Change" }],
    ["a HumanUser with our id is not us", { user: { type: "HumanUser", id: 7, name: "h" } }, { keep: true, sgProjectId: 70, entityType: "Shot", action: "Change" }],
    ["a type that is not enabled", { event_type: "Shotgun_Version_New" }, { keep: false, reason: "type-not-enabled" }],
    // The failure notifier's Notes (shotgrid notify/) are written by the same ApiUser: never synced back.
    ["our failure Note", { event_type: "Shotgun_Note_New", entity: { type: "Note", id: 9 }, user: OWN }, { keep: false, reason: "type-not-enabled" }],
    ["our Note's link on the Shot", { event_type: "Shotgun_Shot_Change", attribute_name: "notes", user: OWN }, { keep: false, reason: "own-user" }],
    ["not an entity event", { event_type: "Shotgun_User_Login" }, { keep: false, reason: "not-an-entity-event" }],
    // Back-references: a Shot's sg_sequence set logs Sequence.shots with the Shot in its meta.
    [
      "a back-reference row is a job with nothing to do",
      { event_type: "Shotgun_Sequence_Change", attribute_name: "shots", entity: { type: "Sequence", id: 4 }, meta: { type: "attribute_change", attribute_name: "shots", entity_type: "Shot", entity_id: 5, added: [{ type: "Shot", id: 5 }] } },
      { keep: false, reason: "back-reference" },
    ],
    [
      "a back-reference between two rows of one type (Shot.parent_shots)",
      { attribute_name: "shots", entity: { type: "Shot", id: 6 }, meta: { type: "attribute_change", attribute_name: "shots", entity_type: "Shot", entity_id: 5 } },
      { keep: false, reason: "back-reference" },
    ],
    [
      "a row whose meta describes its own entity is a change of its own",
      { attribute_name: "sg_sequence", meta: { type: "attribute_change", attribute_name: "sg_sequence", entity_type: "Shot", entity_id: 5 } },
      { keep: true, sgProjectId: 70, entityType: "Shot", action: "Change" },
    ],
    ["an unlinked project", { project: { type: "Project", id: 99 } }, { keep: false, reason: "project-not-linked" }],
    ["no project at all", { project: null }, { keep: false, reason: "no-project" }],
    ["a retired target (entity null) is kept", { entity: null, event_type: "Shotgun_Shot_Retirement", meta: { entity_id: 5 } }, { keep: true, sgProjectId: 70, entityType: "Shot", action: "Retirement" }],
    ["a Project event takes its project from entity (project null)", { event_type: "Shotgun_Project_Change", entity: p70, project: null }, { keep: true, sgProjectId: 70, entityType: "Project", action: "Change" }],
    ["a retired Project's event falls back to meta.entity_id", { event_type: "Shotgun_Project_Retirement", entity: null, project: null, meta: { entity_id: 71 } }, { keep: true, sgProjectId: 71, entityType: "Project", action: "Retirement" }],
    ["an unlinked Project's event is dropped", { event_type: "Shotgun_Project_Change", entity: { type: "Project", id: 5 }, project: null }, { keep: false, reason: "project-not-linked" }],
    ["a Project event with nothing to go on", { event_type: "Shotgun_Project_Change", entity: null, project: null, meta: null }, { keep: false, reason: "no-project" }],
    ["a null user is fine", { user: null }, { keep: true, sgProjectId: 70, entityType: "Shot", action: "Change" }],
  ])("%s", (_name, fields, expected) => {
    expect(classify(ev(fields), ctx)).toEqual(expected);
  });

  it("drops nothing as an echo when the own ApiUser is unknown", () => {
    expect(classify(ev({ user: OWN }), { ...ctx, ownUser: null }).keep).toBe(true);
  });
});

describe("entityIdOf", () => {
  it("reads entity, else meta.entity_id", () => {
    expect(entityIdOf(ev({}))).toBe(5);
    expect(entityIdOf(ev({ entity: null, meta: { entity_id: 9 } }))).toBe(9);
    expect(entityIdOf(ev({ entity: null, meta: "garbage" }))).toBeNull();
  });
});
