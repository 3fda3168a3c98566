import { describe, expect, it } from "@jest/globals";
import { FieldMap, writableSgField } from "./attrib-map.js";
import { fieldChanges, mapRecordFields, type CurrentFields } from "./fields.js";

const rows = [
  { ayon: "fps", type: "float", sg: "fps", scope: ["Shot", "Task"] },
  { ayon: "frameStart", type: "integer", sg: "cut_in", scope: ["Shot"] },
  { ayon: "startDate", type: "datetime", sg: "start_date", scope: ["Task"] },
  { ayon: "description", type: "string", sg: "description", scope: ["Shot", "Task"] },
  { ayon: "priority", type: "string", sg: "", scope: ["Shot"] },
];
const AYON_ATTRIBUTES = [
  { name: "fps", scope: ["project", "folder", "task"] },
  { name: "frameStart", scope: ["project", "folder", "task"] },
  { name: "startDate", scope: ["project", "folder", "task"] },
  { name: "description", scope: ["folder", "task"] },
];
const map = FieldMap.fromRows(rows).withAyonAttributes(AYON_ATTRIBUTES).map;
const users = new Map([[7, "ann"], [8, "bob"]]);
const resolve = (id: number) => users.get(id) ?? null;

/** What AYON holds after a write of `data` on top of `current`. */
function afterWrite(current: CurrentFields, data: ReturnType<typeof fieldChanges>["data"]): CurrentFields {
  return { attrib: { ...current.attrib, ...(data.attrib ?? {}) }, tags: data.tags ?? current.tags, assignees: data.assignees ?? current.assignees };
}

describe("mapped fields of one record", () => {
  it("reads sg_<field> first, then the built-in field, only the rows in scope, and the fields to request", () => {
    expect(map.readFields("Shot")).toEqual(["tags", "sg_fps", "fps", "sg_cut_in", "cut_in", "sg_description", "description"]);
    expect(map.readFields("Task")).toEqual(["tags", "task_assignees", "sg_fps", "fps", "sg_start_date", "start_date", "sg_description", "description"]);
    const shot = mapRecordFields({ type: "Shot", id: 1, sg_fps: "24.0", cut_in: 1001, description: "wide", tags: [{ type: "Tag", id: 1, name: "hero" }] }, map);
    expect(shot).toEqual({
      attrib: [{ name: "fps", type: "float", value: 24 }, { name: "frameStart", type: "integer", value: 1001 }, { name: "description", type: "string", value: "wide" }],
      tags: ["hero"],
      assignees: null,
      problems: [],
    });
  });

  it("a new entity gets every value; written back and read again, nothing differs (idempotent)", () => {
    const task = mapRecordFields({
      type: "Task", id: 2, start_date: "2024-05-02", sg_fps: null, description: null, tags: [],
      task_assignees: [{ type: "HumanUser", id: 7, name: "Ann" }, { type: "Group", id: 3, name: "Comp" }, { type: "HumanUser", id: 8, name: "Bob" }],
    }, map);
    const created = fieldChanges(task, null, resolve);
    expect(created.data).toEqual({ attrib: { startDate: "2024-05-02T00:00:00+00:00" }, assignees: ["ann", "bob"] });
    const inAyon = afterWrite({ attrib: { fps: 25 }, tags: [], assignees: [] }, created.data);
    expect(fieldChanges(task, inAyon, resolve)).toEqual({ data: {}, unknownUsers: [], changed: [] });
  });

  it("only what changed is written", () => {
    const before = mapRecordFields({ type: "Shot", id: 1, sg_fps: "24.0", cut_in: 1001, tags: [{ type: "Tag", id: 1, name: "a" }] }, map);
    const inAyon = afterWrite({ attrib: {}, tags: [] }, fieldChanges(before, null, resolve).data);
    const edited = mapRecordFields({ type: "Shot", id: 1, sg_fps: "24.0", cut_in: 1009, tags: [{ type: "Tag", id: 1, name: "a" }, { type: "Tag", id: 2, name: "b" }] }, map);
    expect(fieldChanges(edited, inAyon, resolve)).toEqual({ data: { attrib: { frameStart: 1009 }, tags: ["a", "b"] }, unknownUsers: [], changed: ["frameStart", "tags"] });
  });

  it("an unknown assignee is returned for the report; the known ones are still assigned", () => {
    const task = mapRecordFields({ type: "Task", id: 3, task_assignees: [{ type: "HumanUser", id: 7 }, { type: "HumanUser", id: 99 }] }, map);
    const changes = fieldChanges(task, { attrib: {}, tags: [], assignees: [] }, resolve);
    expect(changes.unknownUsers).toEqual([99]);
    expect(changes.data.assignees).toEqual(["ann"]);
  });

  it("a value that does not convert is a problem, not a write", () => {
    const shot = mapRecordFields({ type: "Shot", id: 1, sg_fps: "fast" }, map);
    expect(shot.problems).toEqual(['sg_fps: "fast" is not a number (AYON fps is float)']);
    expect(fieldChanges(shot, { attrib: {}, tags: [] }, resolve).data).toEqual({});
  });

  it("mapped attributes AYON lacks, or not on that kind, are left out and named", () => {
    const { map: restricted, unknown } = FieldMap.fromRows([...rows, { ayon: "cameraLens", type: "string", sg: "lens", scope: ["Shot"] }]).withAyonAttributes(AYON_ATTRIBUTES);
    expect(unknown).toEqual(["cameraLens"]);
    expect(restricted.readFields("Project")).toEqual(["tags"]);
    expect(restricted.ayonAttributes("task")).toEqual(["fps", "frameStart", "startDate", "description"]);
  });

  it("takes the attribute's own type from AYON over the row's", () => {
    const { map: typed } = FieldMap.fromRows([{ ayon: "fps", type: "string", sg: "fps", scope: ["Shot"] }]).withAyonAttributes([{ name: "fps", scope: ["folder"], data: { type: "float" } }]);
    expect(mapRecordFields({ type: "Shot", id: 1, sg_fps: "25.0" }, typed).attrib).toEqual([{ name: "fps", type: "float", value: 25 }]);
  });

  it("AYON → ShotGrid: writes the built-in field first, else sg_<field>, editable ones only", () => {
    const [fps, start] = FieldMap.fromRows([{ ayon: "fps", type: "float", sg: "fps", scope: ["Shot"] }, { ayon: "startDate", type: "datetime", sg: "start_date", scope: ["Shot"] }]).forType("Shot") as [never, never];
    const schema = {
      sg_fps: { dataType: "float", editable: true },
      start_date: { dataType: "date", editable: false },
      sg_start_date: { dataType: "date", editable: true },
    };
    expect(writableSgField(fps, schema)).toEqual({ field: "sg_fps", dataType: "float" });
    expect(writableSgField(start, schema)).toEqual({ field: "sg_start_date", dataType: "date" });
    expect(writableSgField(fps, {})).toBeNull();
  });
});
