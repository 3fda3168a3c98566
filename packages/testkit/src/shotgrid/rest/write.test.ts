import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { link, startTestSite, type TestSite } from "./sg-http.test-helpers.js";

let site: TestSite;
let project: { type: string; id: number };

beforeAll(async () => {
  site = await startTestSite();
  project = link("Project", site.emu.store.create("Project", { name: "Writes" }).id);
});
afterAll(() => site.close());

const post = (type: string, body: unknown) => site.call("POST", `/api/v1/entity/${type}`, { body });
const put = (type: string, id: number, body: unknown) => site.call("PUT", `/api/v1/entity/${type}/${id}`, { body });
const get = (type: string, id: number, fields = "") =>
  site.call("GET", `/api/v1/entity/${type}/${id}${fields ? `?fields=${fields}` : ""}`);
async function newShot(extra: Record<string, unknown> = {}): Promise<number> {
  const r = await post("shots", { project, code: "tmp", ...extra });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body.data.id;
}
const idsOf = (rel: { data: Array<{ id: number }> }) => rel.data.map((d) => d.id);

describe("create", () => {
  it("is 201 with the sent fields, server defaults and every link field", async () => {
    const r = await post("shots", { project, code: "sh010", description: "first" });
    expect(r.status).toBe(201);
    const { attributes, relationships } = r.body.data;
    expect(attributes).toMatchObject({ code: "sh010", description: "first", sg_status_list: "wtg", cached_display_name: "sh010" });
    expect(attributes.created_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    expect(Object.keys(relationships)).toEqual(expect.arrayContaining(["project", "sg_sequence", "assets", "tasks"]));
  });

  it("requires project on project-scoped types", async () => {
    const r = await post("shots", { code: "orphan" });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe(103);
    expect(r.body.errors[0].title).toMatch(/^API create\(\) missing 'project' attribute: /);
  });

  it("the identity field is optional (New Shot <id>) and not unique", async () => {
    const r = await post("shots", { project });
    expect(r.body.data.attributes.code).toBe(`New Shot ${r.body.data.id}`);
    const a = await post("shots", { project, code: "dup" });
    const b = await post("shots", { project, code: "dup" });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.data.id).not.toBe(b.body.data.id);
  });

  it("code: '' is 400 code 104, and so is clearing it on update", async () => {
    const r = await post("shots", { project, code: "" });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ code: 104, title: "Cannot set identifier field to empty. (Shot)" });
    const cleared = await put("shots", await newShot(), { code: null });
    expect(cleared.body.errors[0]).toMatchObject({ code: 104, title: "Cannot set identifier field to empty. (Shot)" });
  });

  it("an unknown field is 400; read-only fields are refused; cached_display_name is accepted and dropped", async () => {
    const unknown = await post("shots", { project, sg_not_a_field: 1 });
    expect(unknown.body.errors[0].title).toBe("API create() Shot.sg_not_a_field doesn't exist.");
    const readOnly = await post("shots", { project, id: 5 });
    expect(readOnly.body.errors[0].title).toBe("API create() Shot.id is read only.");
    const cached = await post("shots", { project, code: "real", cached_display_name: "fake" });
    expect(cached.body.data.attributes.cached_display_name).toBe("real");
  });

  it("create-only fields take a value on create and refuse it on update", async () => {
    const step = await post("steps", { code: "Comp", short_name: "comp", entity_type: "Shot" });
    expect(step.status).toBe(201);
    const r = await put("steps", step.body.data.id, { entity_type: "Asset" });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe("API update() Step.entity_type is editable on create only.");
    const created = await put("shots", await newShot(), { created_at: "2020-01-01T00:00:00Z" });
    expect(created.body.errors[0].title).toBe("API update() Shot.created_at is editable on create only.");
  });
});

describe("update", () => {
  it("PUT is partial and returns the whole record", async () => {
    const id = await newShot({ description: "keep me" });
    const r = await put("shots", id, { sg_cut_in: 1001 });
    expect(r.status).toBe(200);
    expect(r.body.data.attributes).toMatchObject({ sg_cut_in: 1001, description: "keep me", code: "tmp" });
    expect(r.body.data.relationships.project.data.id).toBe(project.id);
  });

  it("{} is a 200 no-op that leaves updated_at alone", async () => {
    const id = await newShot();
    const before = (await get("shots", id, "updated_at")).body.data.attributes.updated_at;
    const r = await put("shots", id, {});
    expect(r.status).toBe(200);
    expect(r.body.data.attributes.updated_at).toBe(before);
  });

  it("a missing id is 404 code 104 with the write wording", async () => {
    const r = await put("shots", 999999, { description: "x" });
    expect(r.status).toBe(404);
    expect(r.body.errors[0]).toMatchObject({ code: 104, detail: "Entity of type [Shot] with id=999999 does not exist." });
  });

  it("a failing field leaves the row unchanged (no partial write)", async () => {
    const id = await newShot({ description: "before" });
    const r = await put("shots", id, { description: "after", sg_status_list: "bogus" });
    expect(r.status).toBe(400);
    expect((await get("shots", id, "description")).body.data.attributes.description).toBe("before");
  });

  it("there is no PATCH", async () => {
    const r = await site.call("PATCH", `/api/v1/entity/shots/${await newShot()}`, { body: { description: "x" } });
    expect(r.status).toBe(404);
    expect(r.body.errors[0].code).toBe(103);
  });
});

describe("value validation", () => {
  it("text is trimmed and '' stored as null", async () => {
    const id = await newShot({ description: "  padded  " });
    expect((await get("shots", id, "description")).body.data.attributes.description).toBe("padded");
    await put("shots", id, { description: "" });
    expect((await get("shots", id, "description")).body.data.attributes.description).toBeNull();
  });

  it("float accepts strings and non-integers, refuses integers", async () => {
    const id = await newShot();
    expect((await put("shots", id, { sg_fps: "23.976" })).body.data.attributes.sg_fps).toBe("23.976");
    expect((await put("shots", id, { sg_fps: 25.5 })).body.data.attributes.sg_fps).toBe("25.5");
    const r = await put("shots", id, { sg_fps: 24 });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toContain("but got Integer");
  });

  it("number refuses floats, coerces numeric strings, and stays within int32", async () => {
    const id = await newShot();
    expect((await put("shots", id, { sg_cut_in: 10.5 })).body.errors[0].title).toContain("but got Float");
    expect((await put("shots", id, { sg_cut_in: "42" })).body.data.attributes.sg_cut_in).toBe(42);
    const big = await put("shots", id, { sg_cut_in: 2 ** 31 });
    expect(big.body.errors[0]).toMatchObject({ code: 104, title: "integer out of range" });
  });

  it("list and status_list values must be valid (case-sensitive) and the 400 names them", async () => {
    const id = await newShot();
    const status = await put("shots", id, { sg_status_list: "IP" });
    expect(status.body.errors[0].code).toBe(104);
    expect(status.body.errors[0].title).toContain("is not a valid status. Valid statuses: wtg, ip, fin, hld");
    const asset = await post("assets", { project, code: "a", sg_asset_type: "Spaceship" });
    expect(asset.body.errors[0].title).toContain("Valid values: Character, Environment, Prop");
  });

  it("checkbox is never null; 'true' is coerced", async () => {
    const asset = await post("assets", { project, code: "b", sg_outsource: "true" });
    expect(asset.body.data.attributes.sg_outsource).toBe(true);
    const r = await put("assets", asset.body.data.id, { sg_outsource: null });
    expect(r.status).toBe(400);
  });

  it("links must be {type,id} hashes of live rows", async () => {
    const id = await newShot();
    expect((await put("shots", id, { sg_sequence: 5 })).body.errors[0].title).toContain("expected [Hash, NilClass] data type(s) but got Integer");
    expect((await put("shots", id, { sg_sequence: link("Sequence", 999999) })).body.errors[0].title).toContain("Value is not legal.");
  });

  it("valid_types are enforced on Sequence.episode and *.project, advisory elsewhere", async () => {
    const seq = await post("sequences", { project, code: "sq" });
    const wrong = await post("sequences", { project, code: "sq2", episode: link("Sequence", seq.body.data.id) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].title).toBe("Update failed for [Sequence.episode]: Episode expected, got Sequence");
    const badProject = await post("shots", { project: link("Sequence", seq.body.data.id), code: "x" });
    expect(badProject.body.errors[0].title).toContain("Project expected, got Sequence");
    const other = await newShot();
    const advisory = await put("shots", await newShot(), { sg_sequence: link("Shot", other) });
    expect(advisory.status).toBe(200);
  });

  it("dates take YYYY-MM-DD; date_times are normalised to UTC", async () => {
    const task = await post("tasks", { project, content: "t", start_date: "2026-02-03" });
    expect(task.body.data.attributes.start_date).toBe("2026-02-03");
    const bad = await put("tasks", task.body.data.id, { start_date: "03/02/2026" });
    expect(bad.body.errors[0].title).toContain("Correct format is: 2011-01-21");
  });
});

describe("multi-entity writes", () => {
  let a: number;
  let b: number;
  let c: number;
  beforeAll(async () => {
    a = await newShot();
    b = await newShot();
    c = await newShot();
  });

  it("a bare list replaces; add/remove/set modes edit in place", async () => {
    const asset = (await post("assets", { project, code: "m", shots: [link("Shot", a)] })).body.data.id;
    const add = await put("assets", asset, { shots: { multi_entity_update_mode: "add", value: [link("Shot", b), link("Shot", a)] } });
    expect(idsOf(add.body.data.relationships.shots)).toEqual([a, b]);
    const remove = await put("assets", asset, { shots: { multi_entity_update_mode: "remove", value: [link("Shot", a)] } });
    expect(idsOf(remove.body.data.relationships.shots)).toEqual([b]);
    const set = await put("assets", asset, { shots: { multi_entity_update_mode: "set", value: [link("Shot", c)] } });
    expect(idsOf(set.body.data.relationships.shots)).toEqual([c]);
    const replace = await put("assets", asset, { shots: [link("Shot", a), link("Shot", b)] });
    expect(idsOf(replace.body.data.relationships.shots)).toEqual([a, b]);
    const clear = await put("assets", asset, { shots: [] });
    expect(clear.body.data.relationships.shots.data).toEqual([]);
  });

  it("null is 400; dead ids and types outside valid_types are 400 Value is not legal", async () => {
    const asset = (await post("assets", { project, code: "n" })).body.data.id;
    expect((await put("assets", asset, { shots: null })).status).toBe(400);
    expect((await put("assets", asset, { shots: [link("Shot", 999999)] })).body.errors[0].title).toContain("Value is not legal.");
    expect((await put("assets", asset, { shots: [link("Asset", asset)] })).body.errors[0].title).toContain("Value is not legal.");
  });
});

describe("reverse links", () => {
  it("Shot.sg_sequence ↔ Sequence.shots, including a move between sequences", async () => {
    const s1 = (await post("sequences", { project, code: "s1" })).body.data.id;
    const s2 = (await post("sequences", { project, code: "s2" })).body.data.id;
    const shot = await newShot({ sg_sequence: link("Sequence", s1) });
    expect(idsOf((await get("sequences", s1, "shots")).body.data.relationships.shots)).toEqual([shot]);
    await put("shots", shot, { sg_sequence: link("Sequence", s2) });
    expect((await get("sequences", s1, "shots")).body.data.relationships.shots.data).toEqual([]);
    expect(idsOf((await get("sequences", s2, "shots")).body.data.relationships.shots)).toEqual([shot]);
  });

  it("adding a Shot to a second Sequence's shots takes it out of the first", async () => {
    const s1 = (await post("sequences", { project, code: "t1" })).body.data.id;
    const s2 = (await post("sequences", { project, code: "t2" })).body.data.id;
    const shot = await newShot({ sg_sequence: link("Sequence", s1) });
    await put("sequences", s2, { shots: { multi_entity_update_mode: "add", value: [link("Shot", shot)] } });
    expect((await get("shots", shot, "sg_sequence")).body.data.relationships.sg_sequence.data.id).toBe(s2);
    expect((await get("sequences", s1, "shots")).body.data.relationships.shots.data).toEqual([]);
    await put("sequences", s2, { shots: [] });
    expect((await get("shots", shot, "sg_sequence")).body.data.relationships.sg_sequence.data).toBeNull();
  });

  it("Sequence.episode ↔ Episode.sequences", async () => {
    const ep = (await post("episodes", { project, code: "ep" })).body.data.id;
    const seq = (await post("sequences", { project, code: "e1", episode: link("Episode", ep) })).body.data.id;
    expect(idsOf((await get("episodes", ep, "sequences")).body.data.relationships.sequences)).toEqual([seq]);
  });

  it("Task.entity ↔ <Entity>.tasks", async () => {
    const shot = await newShot();
    const asset = (await post("assets", { project, code: "tasked" })).body.data.id;
    const task = (await post("tasks", { project, content: "comp", entity: link("Shot", shot) })).body.data.id;
    expect(idsOf((await get("shots", shot, "tasks")).body.data.relationships.tasks)).toEqual([task]);
    await put("tasks", task, { entity: link("Asset", asset) });
    expect((await get("shots", shot, "tasks")).body.data.relationships.tasks.data).toEqual([]);
    expect(idsOf((await get("assets", asset, "tasks")).body.data.relationships.tasks)).toEqual([task]);
  });

  it("Asset.shots ↔ Shot.assets", async () => {
    const shot = await newShot();
    const asset = (await post("assets", { project, code: "paired", shots: [link("Shot", shot)] })).body.data.id;
    expect(idsOf((await get("shots", shot, "assets")).body.data.relationships.assets)).toEqual([asset]);
    await put("shots", shot, { assets: [] });
    expect((await get("assets", asset, "shots")).body.data.relationships.shots.data).toEqual([]);
  });
});

describe("delete and revive", () => {
  it("delete is 204; a second delete and a read are 404; return_only=retired still reads it", async () => {
    const id = await newShot();
    const del = await site.call("DELETE", `/api/v1/entity/shots/${id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    expect((await site.call("DELETE", `/api/v1/entity/shots/${id}`)).status).toBe(404);
    expect((await get("shots", id)).status).toBe(404);
    expect((await site.call("GET", `/api/v1/entity/shots/${id}?options[return_only]=retired`)).status).toBe(200);
  });

  it("revive is 200 with meta.did_revive, false when alive; links come back", async () => {
    const seq = (await post("sequences", { project, code: "rv" })).body.data.id;
    const id = await newShot({ sg_sequence: link("Sequence", seq) });
    await site.call("DELETE", `/api/v1/entity/shots/${id}`);
    expect((await get("sequences", seq, "shots")).body.data.relationships.shots.data).toEqual([]);
    const r = await site.call("POST", `/api/v1/entity/shots/${id}?revive=true`, { body: { code: "ignored" } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ data: { type: "Shot", id }, links: { self: `/api/v1/entity/shots/${id}` }, meta: { did_revive: true } });
    expect(idsOf((await get("sequences", seq, "shots")).body.data.relationships.shots)).toEqual([id]);
    expect((await get("shots", id, "code")).body.data.attributes.code).toBe("tmp");
    const again = await site.call("POST", `/api/v1/entity/shots/${id}?revive=1`);
    expect(again.body.meta.did_revive).toBe(false);
  });

  it("revive without the parameter is 400 revive is missing; revive=0 is 400", async () => {
    const id = await newShot();
    const missing = await site.call("POST", `/api/v1/entity/shots/${id}`);
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].source).toEqual({ revive: ["revive is missing"] });
    const zero = await site.call("POST", `/api/v1/entity/shots/${id}?revive=0`);
    expect(zero.body.errors[0].source).toEqual({ revive: ["revive must be true"] });
  });

  it("retiring a Shot retires its live Tasks; reviving brings back exactly those", async () => {
    const shot = await newShot();
    const keep = (await post("tasks", { project, content: "keep", entity: link("Shot", shot) })).body.data.id;
    const earlier = (await post("tasks", { project, content: "earlier", entity: link("Shot", shot) })).body.data.id;
    await site.call("DELETE", `/api/v1/entity/tasks/${earlier}`);
    await site.call("DELETE", `/api/v1/entity/shots/${shot}`);
    expect((await get("tasks", keep)).status).toBe(404);
    await site.call("POST", `/api/v1/entity/shots/${shot}?revive=true`);
    expect((await get("tasks", keep)).status).toBe(200);
    expect((await get("tasks", earlier)).status).toBe(404);
  });
});
