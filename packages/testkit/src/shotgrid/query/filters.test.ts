// Filter semantics (shotgun_api3 docs/reference.rst, Operators and Arguments), checked in-process against the store
// (the HTTP layer only adds the envelope; one test below goes over the wire to check the 400 body).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SgError } from "../errors.js";
import { link, startTestSite, type TestSite } from "../rest/sg-http.test-helpers.js";
import type { ShotgridStore } from "../store/store.js";

const NOW = Date.parse("2026-06-15T12:00:00Z");
let site: TestSite;
let store: ShotgridStore;
const id: Record<string, number> = {};

beforeAll(async () => {
  site = await startTestSite({ now: () => new Date(NOW) });
  store = site.emu.store;
  id.p = store.create("Project", { name: "Filters" }).id;
  const project = link("Project", id.p);
  id.ep = store.create("Episode", { project, code: "ep01" }).id;
  id.s1 = store.create("Sequence", { project, code: "sq010", episode: link("Episode", id.ep) }).id;
  id.s2 = store.create("Sequence", { project, code: "sq020" }).id;
  id.sh1 = store.create("Shot", { project, code: "Alpha_010", sg_sequence: link("Sequence", id.s1), sg_cut_in: 10, description: "Hero shot", sg_status_list: "ip", sg_fps: "24.0" }).id;
  id.sh2 = store.create("Shot", { project, code: "beta_020", sg_sequence: link("Sequence", id.s2), sg_cut_in: 20, sg_status_list: "fin" }).id;
  id.sh3 = store.create("Shot", { project, code: "gamma_030", description: "  trimmed  " }).id;
  id.a1 = store.create("Asset", { project, code: "hero", sg_asset_type: "Character", sg_outsource: true, shots: [link("Shot", id.sh1)] }).id;
  id.a2 = store.create("Asset", { project, code: "rock", sg_asset_type: "Prop", shots: [link("Shot", id.sh1), link("Shot", id.sh2)] }).id;
  id.a3 = store.create("Asset", { project, code: "tree", sg_asset_type: "Environment" }).id;
  id.t1 = store.create("Task", { project, content: "comp", entity: link("Shot", id.sh1), start_date: "2026-06-10" }).id;
  id.t2 = store.create("Task", { project, content: "model", entity: link("Asset", id.a1), start_date: "2026-06-20" }).id;
  id.t3 = store.create("Task", { project, content: "anim", entity: link("Shot", id.sh2) }).id;
  id.u1 = store.create("HumanUser", { name: "Locked", login: "locked", locked_until: "2026-06-15T13:30:00+02:00" }).id;
});
afterAll(() => site.close());

const find = (type: string, filters: unknown[]) => store.find(type, filters, { fields: ["id"] }).map((r) => r.id);
function errorOf(fn: () => unknown): SgError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SgError) return err;
    throw err;
  }
  throw new Error("expected an SgError");
}

describe("valid relations per data type", () => {
  it("an unknown operator is 400 code 103 listing the valid relations (over HTTP)", async () => {
    const r = await site.search("shots", { filters: { logical_operator: "and", conditions: [["code", "greater_than", "a"]] } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ code: 103, title: "API read() Shot.code's 'text' data type doesn't support 'greater_than' 'relation'" });
    expect(r.body.errors[0].source["Shot.code"]).toContain(
      "Valid relations: [is, is_not, contains, not_contains, starts_with, ends_with, in, not_in]",
    );
  });

  it("refuses operators outside each type's list", () => {
    expect(errorOf(() => find("Shot", [["sg_status_list", "contains", "i"]])).title).toContain("'status_list' data type doesn't support 'contains'");
    expect(errorOf(() => find("Shot", [["sg_cut_in", "not_between", [1, 2]]])).source).toEqual({
      "Shot.sg_cut_in": expect.stringContaining("Valid relations: [is, is_not, greater_than, less_than, between, in, not_in]"),
    });
    expect(errorOf(() => find("Asset", [["sg_outsource", "in", [true]]])).status).toBe(400);
    expect(errorOf(() => find("Shot", [["project", "name_starts_with", "F"]])).status).toBe(400);
  });

  it("serializable and url fields cannot be used in a filter", () => {
    expect(errorOf(() => find("Project", [["tracking_settings", "is", null]])).title).toBe(
      "API read() Project.tracking_settings's 'serializable' data type cannot be used in a filter.",
    );
    expect(errorOf(() => find("EventLogEntry", [["meta", "is", null]])).status).toBe(400);
    expect(errorOf(() => find("Version", [["sg_uploaded_movie", "is", null]])).title).toContain("'url' data type cannot be used");
  });
});

describe("text", () => {
  it("every operator is case-insensitive, is included", () => {
    expect(find("Shot", [["code", "is", "ALPHA_010"]])).toEqual([id.sh1]);
    expect(find("Shot", [["code", "starts_with", "BETA"]])).toEqual([id.sh2]);
    expect(find("Shot", [["code", "ends_with", "_030"]])).toEqual([id.sh3]);
    expect(find("Shot", [["description", "contains", "HERO"]])).toEqual([id.sh1]);
  });

  it("writes are trimmed and an empty string is null, so is '' matches null rows", () => {
    expect(store.findOne("Shot", id.sh3, { fields: ["description"] })!.description).toBe("trimmed");
    expect(find("Shot", [["description", "is", ""]])).toEqual([id.sh2]);
    expect(find("Shot", [["description", "is", null]])).toEqual([id.sh2]);
  });

  it("contains '' means has any value; in accepts a bare string; in [null] is 400 code 104", () => {
    expect(find("Shot", [["description", "contains", ""]])).toEqual([id.sh1, id.sh3]);
    expect(find("Shot", [["code", "in", "beta_020"]])).toEqual([id.sh2]);
    expect(errorOf(() => find("Shot", [["code", "in", [null]]])).code).toBe(104);
  });

  it("negating operators also match null rows", () => {
    expect(find("Shot", [["description", "is_not", "hero shot"]])).toEqual([id.sh2, id.sh3]);
    expect(find("Shot", [["description", "not_contains", "hero"]])).toEqual([id.sh2, id.sh3]);
    expect(find("Shot", [["description", "not_in", ["trimmed"]]])).toEqual([id.sh1, id.sh2]);
    expect(find("Shot", [["description", "is_not", null]])).toEqual([id.sh1, id.sh3]);
  });
});

describe("numbers and floats", () => {
  it("greater_than/less_than never match null; between is inclusive", () => {
    expect(find("Shot", [["sg_cut_in", "greater_than", 5]])).toEqual([id.sh1, id.sh2]);
    expect(find("Shot", [["sg_cut_in", "less_than", 15]])).toEqual([id.sh1]);
    expect(find("Shot", [["sg_cut_in", "between", [10, 20]]])).toEqual([id.sh1, id.sh2]);
    expect(find("Shot", [["sg_cut_in", "is_not", 10]])).toEqual([id.sh2, id.sh3]);
  });

  it("numeric strings are coerced; a float on a number field is 400", () => {
    expect(find("Shot", [["sg_cut_in", "is", "20"]])).toEqual([id.sh2]);
    expect(errorOf(() => find("Shot", [["sg_cut_in", "is", 10.5]])).title).toContain("but got Float");
  });

  it("a float field rejects an integer filter value and takes strings", () => {
    expect(errorOf(() => find("Shot", [["sg_fps", "is", 24]])).title).toContain("but got Integer");
    expect(find("Shot", [["sg_fps", "is", "24.0"]])).toEqual([id.sh1]);
    expect(find("Shot", [["sg_fps", "greater_than", 23.5]])).toEqual([id.sh1]);
  });

  it("id filters: is, greater_than, less_than, between, in", () => {
    expect(find("Shot", [["id", "is", id.sh2]])).toEqual([id.sh2]);
    expect(find("Shot", [["id", "greater_than", id.sh1]])).toEqual([id.sh2, id.sh3]);
    expect(find("Shot", [["id", "less_than", id.sh2]])).toEqual([id.sh1]);
    expect(find("Shot", [["id", "between", [id.sh2, id.sh3]]])).toEqual([id.sh2, id.sh3]);
    expect(find("Shot", [["id", "in", [id.sh3, id.sh1]]])).toEqual([id.sh1, id.sh3]);
  });
});

describe("date and date_time", () => {
  it("date takes only YYYY-MM-DD; between is inclusive and order-insensitive", () => {
    expect(find("Task", [["start_date", "between", ["2026-06-20", "2026-06-10"]]])).toEqual([id.t1, id.t2]);
    expect(find("Task", [["start_date", "greater_than", "2026-06-10"]])).toEqual([id.t2]);
    expect(errorOf(() => find("Task", [["start_date", "is", "2026-06-10T00:00:00Z"]])).title).toContain("Correct format is: 2011-01-21");
  });

  it("relative operators follow the clock: in_last / in_next / not_in_last / in_calendar_month", () => {
    expect(find("Task", [["start_date", "in_last", [7, "DAY"]]])).toEqual([id.t1]);
    expect(find("Task", [["start_date", "in_next", [1, "WEEK"]]])).toEqual([id.t2]);
    expect(find("Task", [["start_date", "not_in_last", [7, "DAY"]]])).toEqual([id.t2, id.t3]);
    expect(find("Task", [["start_date", "in_calendar_month", 0]])).toEqual([id.t1, id.t2]);
    expect(find("Task", [["start_date", "in_calendar_month", -1]])).toEqual([]);
    expect(errorOf(() => find("Task", [["start_date", "in_last", [7, "day"]]])).status).toBe(400);
  });

  it("date_time values are normalised to UTC; a date-only value means midnight; a space separator is 400", () => {
    expect(store.findOne("HumanUser", id.u1, { fields: ["locked_until"] })!.locked_until).toBe("2026-06-15T11:30:00Z");
    expect(find("HumanUser", [["locked_until", "is", "2026-06-15T11:30:00Z"]])).toEqual([id.u1]);
    expect(find("HumanUser", [["locked_until", "greater_than", "2026-06-15"]])).toEqual([id.u1]);
    expect(find("HumanUser", [["locked_until", "in_last", [1, "HOUR"]]])).toEqual([id.u1]);
    expect(errorOf(() => find("HumanUser", [["locked_until", "is", "2026-06-15 11:30:00"]])).status).toBe(400);
  });
});

describe("entity links", () => {
  it("is takes one full hash or null; a list there is 400", () => {
    expect(find("Shot", [["sg_sequence", "is", link("Sequence", id.s1)]])).toEqual([id.sh1]);
    expect(find("Shot", [["sg_sequence", "is", null]])).toEqual([id.sh3]);
    expect(errorOf(() => find("Shot", [["sg_sequence", "is", [link("Sequence", id.s1)]]])).title).toContain(
      "'is' 'relation' expects a 1-element array",
    );
  });

  it("in needs full hashes: [] / missing type / bare ints are 400", () => {
    expect(find("Shot", [["sg_sequence", "in", [link("Sequence", id.s1), link("Sequence", id.s2)]]])).toEqual([id.sh1, id.sh2]);
    expect(errorOf(() => find("Shot", [["sg_sequence", "in", []]])).title).toContain("expects at least a 1-element array");
    expect(errorOf(() => find("Shot", [["sg_sequence", "in", [{ id: id.s1 }]]])).title).toContain("invalid/missing entity hash string 'type'");
    expect(errorOf(() => find("Shot", [["sg_sequence", "is", id.s1]])).title).toContain("expected [Hash, NilClass] data type(s) but got Integer");
  });

  it("not_in and is_not match null links", () => {
    expect(find("Shot", [["sg_sequence", "not_in", [link("Sequence", id.s1)]]])).toEqual([id.sh2, id.sh3]);
    expect(find("Shot", [["sg_sequence", "is_not", link("Sequence", id.s2)]])).toEqual([id.sh1, id.sh3]);
  });

  it("type_is, name_is and name_contains look at the target", () => {
    expect(find("Task", [["entity", "type_is", "Asset"]])).toEqual([id.t2]);
    expect(find("Task", [["entity", "type_is_not", "Asset"]])).toEqual([id.t1, id.t3]);
    expect(find("Task", [["entity", "name_is", "ALPHA_010"]])).toEqual([id.t1]);
    expect(find("Task", [["entity", "name_contains", "_0"]])).toEqual([id.t1, id.t3]);
    expect(find("Task", [["entity", "name_not_contains", "alpha"]])).toEqual([id.t2, id.t3]);
  });
});

describe("multi-entity links", () => {
  it("is X means contains X; is null means empty", () => {
    expect(find("Asset", [["shots", "is", link("Shot", id.sh1)]])).toEqual([id.a1, id.a2]);
    expect(find("Asset", [["shots", "is", null]])).toEqual([id.a3]);
    expect(find("Asset", [["shots", "is_not", null]])).toEqual([id.a1, id.a2]);
  });

  it("in means links any; not_in means links none and matches empty lists", () => {
    expect(find("Asset", [["shots", "in", [link("Shot", id.sh2), link("Shot", id.sh3)]]])).toEqual([id.a2]);
    expect(find("Asset", [["shots", "not_in", [link("Shot", id.sh2)]]])).toEqual([id.a1, id.a3]);
    expect(find("Asset", [["shots", "type_is", "Shot"]])).toEqual([id.a1, id.a2]);
  });

  it("links all needs repeated is rows", () => {
    expect(find("Asset", [["shots", "is", link("Shot", id.sh1)], ["shots", "is", link("Shot", id.sh2)]])).toEqual([id.a2]);
  });
});

describe("dotted paths", () => {
  it("follow entity links, including two hops", () => {
    expect(find("Task", [["entity.Shot.code", "is", "beta_020"]])).toEqual([id.t3]);
    expect(find("Shot", [["sg_sequence.Sequence.episode.Episode.code", "is", "ep01"]])).toEqual([id.sh1]);
    expect(find("Task", [["entity.Shot.sg_sequence.Sequence.code", "is", "sq010"]])).toEqual([id.t1]);
  });

  it("are typed: entity.Shot.code is null on an Asset link", () => {
    expect(find("Task", [["entity.Shot.code", "is", null]])).toEqual([id.t2]);
  });

  it("work through multi-entity links", () => {
    expect(find("Shot", [["assets.Asset.sg_asset_type", "is", "Prop"]])).toEqual([id.sh1, id.sh2]);
    expect(find("Shot", [["assets.Asset.sg_asset_type", "is", "Character"]])).toEqual([id.sh1]);
  });

  it("an unknown segment is 400", () => {
    expect(errorOf(() => find("Task", [["entity.Shot.sg_nope", "is", 1]])).title).toBe("API read() Task.entity.Shot.sg_nope doesn't exist.");
    expect(errorOf(() => find("Task", [["entity.Nope.code", "is", 1]])).status).toBe(400);
  });
});

describe("lists, checkboxes, entity types", () => {
  it("list and status filters are case-insensitive; values outside valid_values match nothing", () => {
    expect(find("Shot", [["sg_status_list", "is", "IP"]])).toEqual([id.sh1]);
    expect(find("Asset", [["sg_asset_type", "in", ["prop", "environment"]]])).toEqual([id.a2, id.a3]);
    expect(find("Shot", [["sg_status_list", "is", "no_such_status"]])).toEqual([]);
  });

  it("checkboxes are never null: an unset one is false; 'true' strings are coerced", () => {
    expect(find("Asset", [["sg_outsource", "is", false]])).toEqual([id.a2, id.a3]);
    expect(find("Asset", [["sg_outsource", "is", "true"]])).toEqual([id.a1]);
    expect(find("Asset", [["sg_outsource", "is_not", true]])).toEqual([id.a2, id.a3]);
  });

  it("entity_type fields take CamelCase names", () => {
    const step = store.create("Step", { code: "Comp", short_name: "comp", entity_type: "Shot" }).id;
    expect(find("Step", [["entity_type", "is", "Shot"], ["id", "is", step]])).toEqual([step]);
    expect(find("Step", [["entity_type", "in", ["Asset"]], ["id", "is", step]])).toEqual([]);
  });
});
