// The ShotGrid entity an AYON folder or task asks for (pure): names, parent links per navchains, status short codes
// (ShotGrid spells them case-sensitively), Steps, tags, assignees, mapped attributes, and the diff against ShotGrid.
import { describe, expect, it } from "@jest/globals";
import type { Folder, Task } from "@ayon-sg/core";
import { sgFloat, type FieldSchema } from "../client/index.js";
import { FieldMap } from "../mapping/attrib-map.js";
import { parseNavchains } from "../sync/hierarchy.js";
import { sgChanges, wantedSg, type PushMapping } from "./sg-fields.js";

const field = (entityType: string, code: string, dataType: string, properties: Record<string, unknown> = {}): FieldSchema =>
  ({ code, name: code, entityType, dataType, editable: true, mandatory: false, unique: false, visible: true, description: "", properties });
const schemaOf = (type: string): Record<string, FieldSchema> => ({
  code: field(type, "code", "text"),
  sg_status_list: field(type, "sg_status_list", "status_list", { valid_values: ["wtg", "IP", "ip", "fin"] }),
  tags: field(type, "tags", "multi_entity"),
  sg_fps: field(type, "sg_fps", "float"),
  ...(type === "Task" ? { task_assignees: field(type, "task_assignees", "multi_entity") } : {}),
});

const mapping = (overrides: Partial<PushMapping> = {}): PushMapping => ({
  navchains: parseNavchains({ navchains: { Shot: "Shot.sg_sequence" } }),
  enabledTypes: new Set(["Sequence", "Shot", "Asset", "Task"]),
  statuses: [{ name: "In progress", shortName: "ip" }, { name: "Final", shortName: "FIN" }, { name: "Omitted", shortName: "omt" }],
  steps: new Map([[1, { id: 1, code: "Comp", shortName: "comp", entityType: "Asset" }], [2, { id: 2, code: "comp", shortName: "comp", entityType: "Shot" }]]),
  fieldMap: FieldMap.fromRows([{ ayon: "fps", type: "float", sg: "fps", scope: ["Shot"] }]),
  schema: (type) => schemaOf(type),
  tags: new Map([["hero", 7]]),
  sgUserOf: (name) => (name === "ann" ? 42 : null),
  ...overrides,
});

const folder = (over: Partial<Folder>): Folder => ({ id: "f".repeat(32), name: "sh010", label: null, folderType: "Shot", parentId: "p".repeat(32), attrib: {}, data: {}, active: true, ...over });
const task = (over: Partial<Task>): Task => ({ id: "t".repeat(32), name: "comp", label: null, taskType: "Comp", folderId: "f".repeat(32), attrib: {}, data: {}, active: true, ...over });

describe("wantedSg", () => {
  it("a Shot: its label as code, its Sequence through sg_sequence, its status's code as ShotGrid spells it, tags, mapped attributes", () => {
    const wanted = wantedSg("folder", folder({ label: "SH 010", status: "In progress", tags: ["Hero", "new"], attrib: { fps: 24 } }), { kind: "entity", type: "Sequence", id: 5 }, mapping());
    expect(wanted).toMatchObject({ ok: true, sgType: "Shot", missingTags: ["new"], notes: [] });
    if (!wanted.ok) throw new Error("not ok");
    expect(wanted.data).toEqual({ code: "SH 010", sg_sequence: { type: "Sequence", id: 5 }, sg_status_list: "ip", tags: [{ type: "Tag", id: 7 }], sg_fps: sgFloat(24) });
  });

  it("a status whose code ShotGrid has only in another case takes ShotGrid's spelling; one it lacks is left out and said", () => {
    const final = wantedSg("folder", folder({ status: "Final" }), { kind: "project" }, mapping());
    expect(final.ok && final.data.sg_status_list).toBe("fin");
    const omitted = wantedSg("folder", folder({ status: "Omitted" }), { kind: "project" }, mapping());
    expect(omitted.ok && omitted.data.sg_status_list).toBeUndefined();
    expect(omitted.ok && omitted.notes).toEqual(["AYON status 'Omitted' (short name 'omt') is not a status of ShotGrid's Shot"]);
  });

  it("a Task: content, its entity, the Step of its type for that entity type, assignees through the users map", () => {
    const wanted = wantedSg("task", task({ assignees: ["ann", "bob"] }), { kind: "entity", type: "Shot", id: 9 }, mapping());
    if (!wanted.ok) throw new Error(wanted.reason);
    expect(wanted.data).toMatchObject({ content: "comp", entity: { type: "Shot", id: 9 }, step: { type: "Step", id: 2 }, task_assignees: [{ type: "HumanUser", id: 42 }] });
    expect(wanted.notes).toEqual([`AYON user 'bob' has no ShotGrid user (run "Sync users"), so is not assigned in ShotGrid`]);
  });

  it("refuses what ShotGrid cannot hold, in one sentence each", () => {
    expect(wantedSg("task", task({ taskType: "Previz" }), { kind: "entity", type: "Shot", id: 9 }, mapping())).toEqual({ ok: false, reason: "task type 'Previz' has no ShotGrid Pipeline Step" });
    expect(wantedSg("folder", folder({ folderType: "Library" }), { kind: "project" }, mapping())).toEqual({ ok: false, reason: "folder type 'Library' has no ShotGrid entity this project syncs" });
    expect(wantedSg("folder", folder({}), { kind: "unlinked", what: "'sq01'" }, mapping())).toEqual({ ok: false, reason: "its parent 'sq01' is not in ShotGrid yet" });
    expect(wantedSg("task", task({}), { kind: "project" }, mapping())).toMatchObject({ ok: false });
  });

  it("an Asset under an asset category gets sg_asset_type; a Shot under the project gets an empty sg_sequence", () => {
    const asset = wantedSg("folder", folder({ folderType: "Asset", name: "hero" }), { kind: "category", value: "Character" }, mapping());
    expect(asset.ok && asset.data).toMatchObject({ code: "hero", sg_asset_type: "Character" });
    const top = wantedSg("folder", folder({}), { kind: "project" }, mapping());
    expect(top.ok && top.data.sg_sequence).toBeNull();
  });
});

describe("sgChanges", () => {
  it("keeps only what ShotGrid does not hold already: links by id, lists as sets, floats by value", () => {
    const wanted = { code: "SH 010", sg_sequence: { type: "Sequence", id: 5 }, tags: [{ type: "Tag", id: 7 }, { type: "Tag", id: 8 }], sg_fps: sgFloat(24), sg_status_list: "ip" };
    const current = { code: "SH 010", sg_sequence: { type: "Sequence", id: 5, name: "sq01" }, tags: [{ type: "Tag", id: 8, name: "b" }, { type: "Tag", id: 7, name: "a" }], sg_fps: "24.0", sg_status_list: "wtg" };
    expect(sgChanges(wanted, current)).toEqual({ sg_status_list: "ip" });
    expect(sgChanges(wanted, { ...current, sg_sequence: null, sg_fps: 25 })).toEqual({ sg_sequence: { type: "Sequence", id: 5 }, sg_fps: sgFloat(24), sg_status_list: "ip" });
    expect(sgChanges({ sg_sequence: null }, { sg_sequence: null })).toEqual({});
  });
});
