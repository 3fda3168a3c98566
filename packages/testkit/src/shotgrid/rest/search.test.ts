import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ARRAY, HASH, link, startTestSite, type TestSite } from "./sg-http.test-helpers.js";

let site: TestSite;
let projectA: number;
let projectB: number;
const shots: number[] = [];

beforeAll(async () => {
  site = await startTestSite();
  const s = site.emu.store;
  projectA = s.create("Project", { name: "A" }).id;
  projectB = s.create("Project", { name: "B" }).id;
  const rows = [
    { project: link("Project", projectA), code: "a_010", sg_status_list: "ip" },
    { project: link("Project", projectA), code: "a_020", sg_status_list: "fin" },
    { project: link("Project", projectA), code: "a_030", sg_status_list: "wtg" },
    { project: link("Project", projectB), code: "b_010", sg_status_list: "ip" },
  ];
  shots.push(...s.seed("Shot", rows));
});
afterAll(() => site.close());

const ids = (r: { body: any }) => r.body.data.map((d: any) => d.id);
const projectIs = (id: number) => ["project", "is", link("Project", id)];

describe("_search content types", () => {
  it("application/json is 415 naming both vendor types", async () => {
    const r = await site.search("shots", { filters: [] }, { contentType: "application/json" });
    expect(r.status).toBe(415);
    expect(r.body.errors[0]).toMatchObject({
      status: 415,
      code: 103,
      title: "Unsupported Content-Type 'application/json'",
      source: {
        content_type:
          "Content-Type must be one of: 'application/vnd+shotgun.api3_array+json', 'application/vnd+shotgun.api3_hash+json'.",
      },
    });
  });

  it("a charset parameter on a vendor type is fine", async () => {
    const r = await site.search("shots", { filters: [] }, { contentType: `${ARRAY}; charset=utf-8` });
    expect(r.status).toBe(200);
  });
});

describe("array filters (api3_array)", () => {
  it("is an implicit AND of triples", async () => {
    const r = await site.search("shots", { filters: [projectIs(projectA), ["sg_status_list", "is_not", "fin"]] }, { contentType: ARRAY });
    expect(ids(r)).toEqual([shots[0], shots[2]]);
  });

  it("filters: [] returns every row across projects", async () => {
    const r = await site.search("shots", { filters: [] }, { contentType: ARRAY });
    expect(ids(r)).toEqual(shots);
  });

  it("an object instead of a list is 400 Query is not an Array", async () => {
    const r = await site.search("shots", { filters: { logical_operator: "and", conditions: [] } }, { contentType: ARRAY });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe("Query is not an Array");
  });

  it("nested lists, group objects and 4-element conditions are 400", async () => {
    const nested = await site.search("shots", { filters: [[projectIs(projectA)]] }, { contentType: ARRAY });
    expect(nested.body.errors[0].title).toMatch(/^Invalid filter\. Expected array of basic condition arrays but received: /);
    const group = await site.search("shots", { filters: [{ logical_operator: "or", conditions: [] }] }, { contentType: ARRAY });
    expect(group.status).toBe(400);
    expect(group.body.errors[0].title).toMatch(/^Invalid filter\./);
    const four = await site.search("shots", { filters: [["code", "is", "a_010", "extra"]] }, { contentType: ARRAY });
    expect(four.status).toBe(400);
    expect(four.body.errors[0].title).toMatch(/^Invalid condition: /);
  });
});

describe("hash filters (api3_hash)", () => {
  it("nests and/or groups", async () => {
    const filters = {
      logical_operator: "and",
      conditions: [
        projectIs(projectA),
        { logical_operator: "or", conditions: [["code", "is", "a_010"], ["sg_status_list", "is", "wtg"]] },
      ],
    };
    expect(ids(await site.search("shots", { filters }))).toEqual([shots[0], shots[2]]);
  });

  it("conditions: [] matches every row", async () => {
    expect(ids(await site.search("shots", { filters: { logical_operator: "or", conditions: [] } }))).toEqual(shots);
  });

  it("a bare list is 400 Query is not an Hash", async () => {
    const r = await site.search("shots", { filters: [projectIs(projectA)] });
    expect(r.body.errors[0].title).toBe("Query is not an Hash");
  });

  it("{path, relation, values} leaves are rejected with Missing logical operator", async () => {
    const leaf = { path: "code", relation: "is", values: ["a_010"] };
    const r = await site.search("shots", { filters: { logical_operator: "and", conditions: [leaf] } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe(`Missing logical operator: ${JSON.stringify(leaf)}`);
  });

  it("only lowercase and/or are operators, and both keys are required", async () => {
    const upper = await site.search("shots", { filters: { logical_operator: "AND", conditions: [] } });
    expect(upper.body.errors[0].title).toBe("Invalid logical operator: AND");
    const noOp = await site.search("shots", { filters: { conditions: [] } });
    expect(noOp.body.errors[0].title).toBe("Missing logical operator");
    const noConditions = await site.search("shots", { filters: { logical_operator: "and" } });
    expect(noConditions.body.errors[0].title).toBe("Missing conditions parameter");
  });

  it("nests to depth 265; depth 266 is a 500 Shotgun Server Error", async () => {
    const nest = (depth: number): unknown => {
      let node: any = { logical_operator: "and", conditions: [["code", "is", "a_010"]] };
      for (let i = 1; i < depth; i++) node = { logical_operator: "and", conditions: [node] };
      return node;
    };
    const ok = await site.search("shots", { filters: nest(265) });
    expect(ids(ok)).toEqual([shots[0]]);
    const deep = await site.search("shots", { filters: nest(266) });
    expect(deep.status).toBe(500);
    expect(deep.body.errors[0]).toMatchObject({ title: "Shotgun Server Error", source: null });
  });

  it("5000 sibling conditions are fine", async () => {
    const conditions = Array.from({ length: 5000 }, (_, i) => ["code", "is", `x${i}`]);
    conditions.push(["code", "is", "b_010"]);
    expect(ids(await site.search("shots", { filters: { logical_operator: "or", conditions } }))).toEqual([shots[3]]);
  });
});

describe("body keys and query-string fallbacks", () => {
  // A function: projectA is only known once beforeAll ran.
  const all = () => ({ logical_operator: "and", conditions: [projectIs(projectA)] });

  it("reads fields as a list or a comma string, sort, page and options from the body", async () => {
    const r = await site.search("shots", { filters: all(), fields: "code,sg_status_list", sort: "-code", page: { size: 2, number: 1 } });
    expect(r.body.data.map((d: any) => d.attributes)).toEqual([
      { code: "a_030", sg_status_list: "wtg" },
      { code: "a_020", sg_status_list: "fin" },
    ]);
    const list = await site.search("shots", { filters: all(), fields: ["code"], page: { size: 1, number: 2 } });
    expect(list.body.data.map((d: any) => d.attributes.code)).toEqual(["a_020"]);
  });

  it("falls back to the query string, and the body wins when both are sent", async () => {
    const query = await site.call("POST", "/api/v1/entity/shots/_search?page[size]=1&fields=code", { contentType: HASH, body: { filters: all() } });
    expect(query.body.data).toHaveLength(1);
    const both = await site.call("POST", "/api/v1/entity/shots/_search?page[size]=1", {
      contentType: HASH,
      body: { filters: all(), page: { size: 3 } },
    });
    expect(both.body.data).toHaveLength(3);
  });

  it("ignores query-string filter[...] on _search", async () => {
    const r = await site.call("POST", "/api/v1/entity/shots/_search?filter[code]=nothing&filter[bogus]=1", {
      contentType: HASH,
      body: { filters: all() },
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(3);
  });

  it("the [{field_name, direction}] sort form is 400 sort array is not valid", async () => {
    const r = await site.search("shots", { filters: all(), sort: [{ field_name: "code", direction: "asc" }] });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].detail).toBe("sort array is not valid");
  });

  it("options.return_only=retired searches retired rows", async () => {
    const extra = site.emu.store.create("Shot", { project: link("Project", projectB), code: "gone" });
    site.emu.store.retire("Shot", extra.id);
    const r = await site.search("shots", { filters: { logical_operator: "and", conditions: [] }, options: { return_only: "retired" } });
    expect(ids(r)).toEqual([extra.id]);
  });

  it("id in [...] comes back id-ascending, and links.next points at _search", async () => {
    const r = await site.search("shots", { filters: { logical_operator: "and", conditions: [["id", "in", [shots[2], shots[0], shots[1]]]] } });
    expect(ids(r)).toEqual([shots[0], shots[1], shots[2]]);
    expect(r.body.links.next).toMatch(/^\/api\/v1\/entity\/shots\/_search\?page%5Bnumber%5D=2/);
  });
});

describe("_summarize", () => {
  it("counts the rows a filter selects, optionally grouped by one field", async () => {
    const r = await site.call("POST", "/api/v1/entity/shots/_summarize", {
      contentType: HASH,
      body: {
        filters: { logical_operator: "and", conditions: [projectIs(projectA)] },
        summary_fields: [{ field: "id", type: "record_count" }],
        grouping: [{ field: "sg_status_list", type: "exact", direction: "asc" }],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body.data.summaries).toEqual({ id: 3 });
    expect(r.body.data.groups.map((g: any) => [g.group_name, g.summaries.id])).toEqual([
      ["fin", 1],
      ["ip", 1],
      ["wtg", 1],
    ]);
  });

  it("takes the same vendor content types as _search and refuses unknown summary types", async () => {
    const json = await site.call("POST", "/api/v1/entity/shots/_summarize", { body: { filters: [] } });
    expect(json.status).toBe(415);
    const bad = await site.call("POST", "/api/v1/entity/shots/_summarize", {
      contentType: ARRAY,
      body: { filters: [], summary_fields: [{ field: "id", type: "median" }] },
    });
    expect(bad.status).toBe(400);
  });
});
