// `read` as `find` / `find_one` send it: filters (nested groups), paging, return_only, sorts, return fields,
// dates as the client parses them, and the errors a bad query gets.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestSite, type TestSite } from "../rest/sg-http.test-helpers.js";
import { conditions, fault, findPayload, results } from "./api3.test-helpers.js";

let site: TestSite;
let project: { type: string; id: number };
let archived: { type: string; id: number };
let seq: { type: string; id: number };
const shots: number[] = [];

beforeAll(async () => {
  site = await startTestSite({ now: () => new Date("2026-05-04T10:00:00Z") });
  const store = site.emu.store;
  project = { type: "Project", id: store.create("Project", { name: "Reads" }).id };
  archived = { type: "Project", id: store.create("Project", { name: "Old", archived: true }).id };
  seq = { type: "Sequence", id: store.create("Sequence", { project, code: "sq010" }).id };
  const statuses = ["wtg", "ip", "fin", "ip", "wtg"];
  for (let i = 0; i < 5; i++) {
    shots.push(store.create("Shot", { project, code: `sh0${i + 1}0`, sg_sequence: seq, sg_status_list: statuses[i], sg_cut_in: 1001 + i }).id);
  }
  store.create("Shot", { project: archived, code: "old_shot" });
  store.retire("Shot", shots[4]!);
});
afterAll(() => site.close());

async function codes(filters: unknown, extra: Record<string, unknown> = {}): Promise<string[]> {
  const r = await results(site, "read", findPayload("Shot", filters, ["code"], extra));
  return r.entities.map((e: { code: string }) => e.code);
}

describe("filters", () => {
  it("entity `is` with the {type,id} the client strips a link to, `in`, `between`", async () => {
    // Captured from find("Shot", [["project", "is", project]]).
    expect(await codes({ logical_operator: "and", conditions: [{ path: "project", relation: "is", values: [project] }] })).toEqual(["sh010", "sh020", "sh030", "sh040"]);
    expect(await codes(conditions([["sg_status_list", "in", ["ip", "fin"]]]))).toEqual(["sh020", "sh030", "sh040"]);
    expect(await codes(conditions([["sg_cut_in", "between", 1002, 1003]]))).toEqual(["sh020", "sh030"]);
    expect(await codes(conditions([["sg_cut_in", "between", [1002, 1003]]]))).toEqual(["sh020", "sh030"]);
  });

  it("nested {filter_operator, filters} groups arrive as nested logical_operator groups", async () => {
    // Captured: find("Shot", [["project","is",p], {"filter_operator":"any","filters":[[...],[...]]}]).
    const filters = {
      logical_operator: "and",
      conditions: [
        { path: "project", relation: "is", values: [project] },
        {
          logical_operator: "or",
          conditions: [
            { path: "code", relation: "ends_with", values: ["10"] },
            { logical_operator: "and", conditions: [{ path: "sg_status_list", relation: "is", values: ["ip"] }, { path: "sg_cut_in", relation: "greater_than", values: [1002] }] },
          ],
        },
      ],
    };
    expect(await codes(filters)).toEqual(["sh010", "sh040"]);
    // find(..., filter_operator="any") makes the top group an "or".
    expect(await codes(conditions([["code", "is", "sh010"], ["code", "is", "sh030"]], "or"))).toEqual(["sh010", "sh030"]);
  });

  it("`is` null, dotted paths, and relative dates against the site clock", async () => {
    expect(await codes(conditions([["sg_sequence", "is", null], ["project", "is", project]]))).toEqual([]);
    expect(await codes(conditions([["sg_sequence.Sequence.code", "is", "sq010"]]))).toEqual(["sh010", "sh020", "sh030", "sh040"]);
    expect(await codes(conditions([["created_at", "in_last", 1, "DAY"], ["project", "is", project]]))).toHaveLength(4);
    expect(await codes(conditions([["created_at", "greater_than", "2026-05-04T10:00:01Z"]]))).toEqual([]);
    expect(await codes(conditions([["created_at", "in_last", 1, "HOUR"], ["sg_cut_in", "less_than", 1002]]))).toEqual(["sh010"]);
  });

  it("an empty filter list reads every live row; include_archived_projects false hides the archived project's", async () => {
    expect(await codes(conditions([]))).toEqual(["sh010", "sh020", "sh030", "sh040", "old_shot"]);
    expect(await codes(conditions([]), { include_archived_projects: false })).toEqual(["sh010", "sh020", "sh030", "sh040"]);
  });

  it("bad filters are Faults naming the problem", async () => {
    expect(await fault(site, "read", findPayload("Shot", conditions([["nope", "is", 1]])))).toMatchObject({ message: "API read() Shot.nope doesn't exist.", error_code: 103 });
    expect((await fault(site, "read", findPayload("Shot", conditions([["code", "in_last", 1, "DAY"]])))).message).toMatch(/doesn't support 'in_last'/);
    expect((await fault(site, "read", findPayload("Shot", { logical_operator: "xor", conditions: [] }))).message).toMatch(/logical_operator/);
    expect((await fault(site, "read", findPayload("Shot", { logical_operator: "and", conditions: [["code", "is", "x"]] }))).message).toMatch(/invalid condition/);
    // shotgun_api3's own tests: filtering on a password or a serializable field is a Fault.
    expect((await fault(site, "read", findPayload("EventLogEntry", conditions([["meta", "is_not", [null]]])))).message).toMatch(/cannot be used in a filter/);
    expect((await fault(site, "read", findPayload("Shot", conditions([]), ["id"], { additional_filter_presets: [{ preset_name: "LATEST" }] }))).message).toMatch(/additional_filter_presets/);
  });
});

describe("paging", () => {
  it("return_paging_info_without_counts gives has_next_page, the loop `find` runs on servers >= 7.4", async () => {
    const page = (n: number) => findPayload("Shot", conditions([["project", "is", project]]), ["code"], { paging: { entities_per_page: 3, current_page: n } });
    const first = await results(site, "read", page(1));
    expect(first.entities.map((e: any) => e.code)).toEqual(["sh010", "sh020", "sh030"]);
    expect(first.paging_info).toEqual({ has_next_page: true });
    const second = await results(site, "read", page(2));
    expect(second.entities.map((e: any) => e.code)).toEqual(["sh040"]);
    expect(second.paging_info).toEqual({ has_next_page: false });
  });

  it("return_paging_info (older servers) gives entity_count; neither flag gives no paging_info (`find` with a limit)", async () => {
    const counted = await results(site, "read", findPayload("Shot", conditions([]), ["id"], { return_paging_info_without_counts: undefined, return_paging_info: true }));
    expect(counted.paging_info.entity_count).toBe(5);
    // Captured: find_one sends entities_per_page 1 and return_paging_info_without_counts false.
    const one = await results(site, "read", findPayload("Shot", conditions([]), ["code"], { paging: { entities_per_page: 1, current_page: 1 }, return_paging_info_without_counts: false }));
    expect(one).toEqual({ entities: [{ type: "Shot", id: shots[0], code: "sh010" }] });
    expect((await fault(site, "read", findPayload("Shot", conditions([]), ["id"], { paging: { entities_per_page: 0, current_page: 1 } }))).message).toMatch(/entities_per_page/);
  });
});

describe("what comes back", () => {
  it("return_only retired reads the retired rows only", async () => {
    expect(await codes(conditions([]), { return_only: "retired" })).toEqual(["sh050"]);
    expect((await fault(site, "read", findPayload("Shot", conditions([]), ["id"], { return_only: "both" }))).message).toMatch(/return_only/);
  });

  it("sorts [{field_name, direction}], id ascending otherwise", async () => {
    const sorts = [{ field_name: "sg_status_list", direction: "desc" }, { field_name: "code", direction: "asc" }];
    expect(await codes(conditions([["project", "is", project]]), { sorts })).toEqual(["sh010", "sh020", "sh040", "sh030"]);
    expect((await fault(site, "read", findPayload("Shot", conditions([]), ["id"], { sorts: [{ field_name: "code", direction: "up" }] }))).message).toMatch(/sort/);
  });

  it("flat records: type and id always, links {id,name,type}, dotted fields, date_time as the 20-character UTC string the client converts", async () => {
    const r = await results(site, "read", findPayload("Shot", conditions([["id", "is", shots[0]]]), ["code", "sg_sequence", "sg_sequence.Sequence.code", "created_at", "sg_cut_in", "no_such_field"]));
    expect(r.entities).toEqual([
      {
        type: "Shot",
        id: shots[0],
        code: "sh010",
        sg_sequence: { type: "Sequence", id: seq.id, name: "sq010" },
        "sg_sequence.Sequence.code": "sq010",
        created_at: "2026-05-04T10:00:00Z",
        sg_cut_in: 1001,
      },
    ]);
    // shotgun_api3 `_transform_inbound` only converts a 20-character "%Y-%m-%dT%H:%M:%SZ" string.
    expect(r.entities[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
