// schema_* and summarize with the payloads shotgun_api3 sends.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestSite, type TestSite } from "../rest/sg-http.test-helpers.js";
import { conditions, createPayload, fault, findPayload, results } from "./api3.test-helpers.js";

let site: TestSite;
let project: { type: string; id: number };

beforeAll(async () => {
  site = await startTestSite();
  project = { type: "Project", id: site.emu.store.create("Project", { name: "Schema" }).id };
});
afterAll(() => site.close());

describe("schema reads", () => {
  it("schema_entity_read and schema_read send no payload (params [auth]) and list every type", async () => {
    const entities = await results(site, "schema_entity_read");
    expect(Object.keys(entities)).toHaveLength(site.emu.store.schema.types.size);
    expect(entities.Shot).toEqual({ name: { value: "Shot", editable: false }, visible: { value: true, editable: false } });
    const all = await results(site, "schema_read");
    expect(all.Shot.code.data_type).toEqual({ value: "text", editable: false });
    // `_add_project_param`: a project is accepted (per-project visibility is not modelled).
    expect(Object.keys(await results(site, "schema_entity_read", { project }))).toHaveLength(Object.keys(entities).length);
  });

  it("schema_field_read: every field of a type, or the one named; unknown ones are Faults", async () => {
    const all = await results(site, "schema_field_read", { type: "Shot" });
    expect(Object.keys(all)).toEqual(site.emu.store.schema.type("Shot")!.liveFields().map((f) => f.name));
    const one = await results(site, "schema_field_read", { type: "Asset", field_name: "shots" });
    expect(Object.keys(one)).toEqual(["shots"]);
    expect(one.shots.properties.valid_types.value).toEqual(["Shot"]);
    expect((await fault(site, "schema_field_read", { type: "Shot", field_name: "nope" })).message).toBe("API schema_field_read() Shot.nope doesn't exist");
    expect((await fault(site, "schema_field_read", { type: "Nope" })).message).toMatch(/Nope/);
  });
});

describe("schema_field_create / _update / _delete", () => {
  it("creates sg_<name> (a clash gets _1), usable at once; update and delete answer true", async () => {
    // Captured: schema_field_create("Shot", "text", "Api3 Note", {"description": "d"}).
    const payload = { type: "Shot", data_type: "text", properties: [{ property_name: "name", value: "Api3 Note" }, { property_name: "description", value: "d" }] };
    expect(await results(site, "schema_field_create", payload)).toBe("sg_api3_note");
    expect(await results(site, "schema_field_create", payload)).toBe("sg_api3_note_1");
    const [shot] = await results(site, "create", createPayload("Shot", { project, code: "noted", sg_api3_note: "hello" }, ["sg_api3_note"]));
    expect(shot.sg_api3_note).toBe("hello");
    const found = await results(site, "read", findPayload("Shot", conditions([["sg_api3_note", "is", "hello"]]), ["code"]));
    expect(found.entities).toEqual([{ type: "Shot", id: shot.id, code: "noted" }]);

    const update = { type: "Shot", field_name: "sg_api3_note", properties: [{ property_name: "description", value: "e" }] };
    expect(await results(site, "schema_field_update", update)).toBe(true);
    expect((await results(site, "schema_field_read", { type: "Shot", field_name: "sg_api3_note" })).sg_api3_note.description.value).toBe("e");
    expect(await results(site, "schema_field_delete", { type: "Shot", field_name: "sg_api3_note_1" })).toBe(true);
    expect((await fault(site, "schema_field_read", { type: "Shot", field_name: "sg_api3_note_1" })).error_code).toBe(103);
  });

  it("Faults: a bad data type, no display name, a stock field delete, a missing field update", async () => {
    expect((await fault(site, "schema_field_create", { type: "Shot", data_type: "blob", properties: [{ property_name: "name", value: "X" }] })).message).toMatch(/data_type/);
    expect((await fault(site, "schema_field_create", { type: "Shot", data_type: "text", properties: [] })).message).toMatch(/name/);
    expect((await fault(site, "schema_field_delete", { type: "Shot", field_name: "code" })).message).toMatch(/built-in/);
    expect((await fault(site, "schema_field_update", { type: "Shot", field_name: "nope", properties: [] })).error_code).toBe(103);
  });
});

describe("summarize", () => {
  beforeAll(() => {
    const store = site.emu.store;
    for (const [code, type, cut] of [["a1", "Prop", 10], ["a2", "Prop", 30], ["a3", "Character", 5]] as const) {
      store.create("Shot", { project, code, description: type, sg_cut_in: cut });
    }
  });

  it("summaries over the filtered rows, groups [] without a grouping; maximum/minimum are the api3 names", async () => {
    // Captured shape: {"type", "summaries": [{"field", "type"}], "filters": {...}, "grouping"?}.
    const filters = conditions([["code", "starts_with", "a"]]);
    const out = await results(site, "summarize", {
      type: "Shot",
      summaries: [{ field: "id", type: "record_count" }, { field: "sg_cut_in", type: "maximum" }, { field: "sg_cut_in", type: "sum" }],
      filters,
    });
    expect(out).toEqual({ summaries: { id: 3, sg_cut_in: 45 }, groups: [] });
    const max = await results(site, "summarize", { type: "Shot", summaries: [{ field: "sg_cut_in", type: "minimum" }], filters });
    expect(max.summaries).toEqual({ sg_cut_in: 5 });
  });

  it("one grouping level by exact value, with per-group summaries", async () => {
    const out = await results(site, "summarize", {
      type: "Shot",
      summaries: [{ field: "id", type: "count" }],
      filters: conditions([["code", "starts_with", "a"]]),
      grouping: [{ field: "description", type: "exact", direction: "desc" }],
    });
    expect(out.groups).toEqual([
      { group_name: "Prop", group_value: "Prop", summaries: { id: 2 } },
      { group_name: "Character", group_value: "Character", summaries: { id: 1 } },
    ]);
  });

  it("Faults: an unknown summary type, an unknown field", async () => {
    expect((await fault(site, "summarize", { type: "Shot", summaries: [{ field: "id", type: "status_percentage" }], filters: conditions([]) })).message).toMatch(/summary/);
    expect((await fault(site, "summarize", { type: "Shot", summaries: [{ field: "nope", type: "sum" }], filters: conditions([]) })).message).toMatch(/nope/);
  });
});
