import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { link, startTestSite, type TestSite } from "./sg-http.test-helpers.js";

let site: TestSite;
const ids: Record<string, number> = {};

beforeAll(async () => {
  site = await startTestSite();
  const s = site.emu.store;
  ids.project = s.create("Project", { name: "Reads" }).id;
  const project = link("Project", ids.project);
  ids.seq = s.create("Sequence", { project, code: "sq010" }).id;
  ids.goneSeq = s.create("Sequence", { project, code: "sq999" }).id;
  ids.shot = s.create("Shot", { project, code: "sh010", sg_sequence: link("Sequence", ids.seq), sg_cut_in: 1001 }).id;
  ids.shot2 = s.create("Shot", { project, code: "sh020", sg_sequence: link("Sequence", ids.goneSeq) }).id;
  ids.asset = s.create("Asset", { project, code: "hero", sg_asset_type: "Character", shots: [link("Shot", ids.shot)] }).id;
  ids.shotTask = s.create("Task", { project, content: "comp", entity: link("Shot", ids.shot) }).id;
  ids.assetTask = s.create("Task", { project, content: "model", entity: link("Asset", ids.asset) }).id;
  ids.other = s.create("Project", { name: "Other" }).id;
  s.retire("Sequence", ids.goneSeq);
});
afterAll(() => site.close());

describe("entity type names in URLs", () => {
  it("accepts the snake plural, the snake singular, the CamelCase name and its plural", async () => {
    for (const slug of ["shots", "shot", "Shot", "Shots"]) {
      const r = await site.call("GET", `/api/v1/entity/${slug}/${ids.shot}`);
      expect(r.status).toBe(200);
      expect(r.body.data.links.self).toBe(`/api/v1/entity/shots/${ids.shot}`);
    }
    expect((await site.call("GET", "/api/v1/entity/event_log_entries")).status).toBe(200);
    expect((await site.call("GET", "/api/v1/entity/human_users")).status).toBe(200);
  });

  it("an unknown type is 404 code 103 naming it; matching is not case-folded", async () => {
    for (const slug of ["shotz", "publishedfiles"]) {
      const r = await site.call("GET", `/api/v1/entity/${slug}`);
      expect(r.status).toBe(404);
      expect(r.body.errors[0]).toMatchObject({ code: 103, detail: `Entity type '${slug}' does not exist.` });
    }
  });
});

describe("record envelope", () => {
  it("puts scalars in attributes and every link field in relationships", async () => {
    const r = await site.call("GET", `/api/v1/entity/shots/${ids.shot}?fields=code,project,assets,sg_sequence`);
    const data = r.body.data;
    expect(data).toMatchObject({ type: "Shot", id: ids.shot, attributes: { code: "sh010" } });
    expect(data.attributes).not.toHaveProperty("project");
    expect(data.relationships.project).toEqual({
      data: { id: ids.project, name: "Reads", type: "Project" },
      links: { self: `/api/v1/entity/shots/${ids.shot}/relationships/project`, related: `/api/v1/entity/projects/${ids.project}` },
    });
    expect(data.relationships.assets).toEqual({
      data: [{ id: ids.asset, name: "hero", type: "Asset" }],
      links: { self: `/api/v1/entity/shots/${ids.shot}/relationships/assets` },
    });
    expect(r.body.links.self).toBe(`/api/v1/entity/shots/${ids.shot}`);
  });

  it("relationships is {} when no link field was asked for", async () => {
    const r = await site.call("GET", `/api/v1/entity/shots/${ids.shot}?fields=code`);
    expect(r.body.data.relationships).toEqual({});
    expect(Object.keys(r.body.data.attributes)).toEqual(["code"]);
  });

  it("link names are display names: content for Task, name for Project, code for Shot", async () => {
    const task = await site.call("GET", `/api/v1/entity/tasks/${ids.shotTask}?fields=project,entity`);
    expect(task.body.data.relationships.entity.data).toEqual({ id: ids.shot, name: "sh010", type: "Shot" });
    const shot = await site.call("GET", `/api/v1/entity/shots/${ids.shot}?fields=tasks`);
    expect(shot.body.data.relationships.tasks.data).toEqual([{ id: ids.shotTask, name: "comp", type: "Task" }]);
  });

  it("dotted fields are flat typed attribute keys, dropped through multi-entity links", async () => {
    const r = await site.call(
      "GET",
      `/api/v1/entity/tasks?fields=entity.Shot.code,entity.Asset.code,project.Project.name,entity.Shot.assets.Asset.code&sort=id`,
    );
    const [shotTask, assetTask] = r.body.data;
    expect(shotTask.attributes).toEqual({ "entity.Shot.code": "sh010", "entity.Asset.code": null, "project.Project.name": "Reads" });
    expect(assetTask.attributes).toEqual({ "entity.Shot.code": null, "entity.Asset.code": "hero", "project.Project.name": "Reads" });
  });

  it("retired targets vanish from links", async () => {
    const r = await site.call("GET", `/api/v1/entity/shots/${ids.shot2}?fields=sg_sequence,sg_sequence.Sequence.code`);
    expect(r.body.data.relationships.sg_sequence.data).toBeNull();
    expect(r.body.data.attributes["sg_sequence.Sequence.code"]).toBeNull();
  });

  it("date_time reads as YYYY-MM-DDTHH:MM:SSZ and floats read as strings", async () => {
    const created = await site.call("POST", "/api/v1/entity/projects", { body: { name: "Floaty", sg_fps: "24.0" } });
    const r = await site.call("GET", `/api/v1/entity/projects/${created.body.data.id}?fields=created_at,sg_fps`);
    expect(r.body.data.attributes.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(r.body.data.attributes.sg_fps).toBe("24.0");
  });

  it("a vendor type as Accept on a GET is a bare 406", async () => {
    const r = await site.call("GET", "/api/v1/entity/shots", { headers: { accept: "application/vnd+shotgun.api3_hash+json" } });
    expect(r.status).toBe(406);
    expect(r.body).toBeUndefined();
  });
});

describe("GET list and GET one", () => {
  it("omitted fields means every field", async () => {
    const r = await site.call("GET", `/api/v1/entity/shots/${ids.shot}`);
    expect(r.body.data.attributes).toMatchObject({ code: "sh010", sg_status_list: "wtg", sg_cut_in: 1001, description: null });
    expect(Object.keys(r.body.data.relationships)).toEqual(expect.arrayContaining(["project", "sg_sequence", "assets", "tasks"]));
  });

  it("an unknown name in fields is silently dropped", async () => {
    const r = await site.call("GET", `/api/v1/entity/shots/${ids.shot}?fields=code,sg_not_a_field`);
    expect(r.status).toBe(200);
    expect(r.body.data.attributes).toEqual({ code: "sh010" });
  });

  it("filter[...] is a case-insensitive equality; a comma means in", async () => {
    const eq = await site.call("GET", "/api/v1/entity/shots?filter[code]=SH010&fields=code");
    expect(eq.body.data.map((d: any) => d.id)).toEqual([ids.shot]);
    const anyOf = await site.call("GET", "/api/v1/entity/shots?filter[code]=sh010,sh020&fields=code");
    expect(anyOf.body.data.map((d: any) => d.id)).toEqual([ids.shot, ids.shot2]);
  });

  it("filter[project.Project.id] scopes to a project; filter[project]=N is 400", async () => {
    const scoped = await site.call("GET", `/api/v1/entity/projects?filter[id]=${ids.other}`);
    expect(scoped.body.data.map((d: any) => d.id)).toEqual([ids.other]);
    const tasks = await site.call("GET", `/api/v1/entity/tasks?filter[project.Project.id]=${ids.project}`);
    expect(tasks.body.data).toHaveLength(2);
    const bad = await site.call("GET", `/api/v1/entity/tasks?filter[project]=${ids.project}`);
    expect(bad.status).toBe(400);
  });

  it("a filter on an unknown field is 400 naming it", async () => {
    const r = await site.call("GET", "/api/v1/entity/shots?filter[sg_not_a_field]=x");
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe("API read() Shot.sg_not_a_field doesn't exist.");
  });

  it("sort takes a comma list with - for descending; unknown sort fields are ignored", async () => {
    const desc = await site.call("GET", "/api/v1/entity/shots?sort=-code&fields=code");
    expect(desc.body.data.map((d: any) => d.attributes.code)).toEqual(["sh020", "sh010"]);
    const ignored = await site.call("GET", "/api/v1/entity/shots?sort=sg_nope&fields=code");
    expect(ignored.status).toBe(200);
    expect(ignored.body.data.map((d: any) => d.id)).toEqual([ids.shot, ids.shot2]);
  });

  it("an empty or malformed sort is 400", async () => {
    const empty = await site.call("GET", "/api/v1/entity/shots?sort=");
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].detail).toBe("sort must be filled");
    for (const bad of ["id%20desc", "%2Bid"]) {
      const r = await site.call("GET", `/api/v1/entity/shots?sort=${bad}`);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].detail).toBe("sort list is not valid");
    }
  });

  it("page[size] above 5000 or below 1 is 400", async () => {
    const big = await site.call("GET", "/api/v1/entity/shots?page[size]=5001");
    expect(big.status).toBe(400);
    expect(big.body.errors[0].detail).toBe("size must be less than 5000");
    const zero = await site.call("GET", "/api/v1/entity/shots?page[size]=0");
    expect(zero.body.errors[0].detail).toBe("size must be greater than 0");
    expect((await site.call("GET", "/api/v1/entity/shots?page[size]=5000")).status).toBe(200);
  });

  it("options[return_only]=retired lists only retired rows", async () => {
    const r = await site.call("GET", "/api/v1/entity/sequences?options[return_only]=retired&fields=code");
    expect(r.body.data.map((d: any) => d.id)).toEqual([ids.goneSeq]);
  });

  it("a missing or retired row is 404 code 104, and readable with return_only=retired", async () => {
    const missing = await site.call("GET", "/api/v1/entity/shots/999999");
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({ code: 104, title: "Shot: 999999 not found" });
    const retired = await site.call("GET", `/api/v1/entity/sequences/${ids.goneSeq}`);
    expect(retired.status).toBe(404);
    expect(retired.body.errors[0].code).toBe(104);
    const ok = await site.call("GET", `/api/v1/entity/sequences/${ids.goneSeq}?options[return_only]=retired&fields=code`);
    expect(ok.status).toBe(200);
    expect(ok.body.data.attributes.code).toBe("sq999");
  });

  it("sorts by a link's display name and by dotted paths", async () => {
    const byLink = await site.call("GET", `/api/v1/entity/tasks?filter[project.Project.id]=${ids.project}&sort=-entity&fields=content`);
    expect(byLink.body.data.map((d: any) => d.attributes.content)).toEqual(["comp", "model"]); // sh010 > hero
    const dotted = await site.call("GET", `/api/v1/entity/tasks?filter[project.Project.id]=${ids.project}&sort=entity.Asset.code&fields=content`);
    expect(dotted.body.data.map((d: any) => d.attributes.content)).toEqual(["model", "comp"]); // nulls last
  });

  it("options[include_archived_projects]=false hides rows of archived projects", async () => {
    const s = site.emu.store;
    const archived = s.create("Project", { name: "Archived", archived: true }).id;
    s.create("Shot", { project: link("Project", archived), code: "old" });
    const all = await site.call("GET", "/api/v1/entity/shots?filter[code]=old");
    expect(all.body.data).toHaveLength(1);
    const live = await site.call("GET", "/api/v1/entity/shots?filter[code]=old&options[include_archived_projects]=false");
    expect(live.body.data).toEqual([]);
  });

  it("the relationship link of a record resolves", async () => {
    const r = await site.call("GET", `/api/v1/entity/shots/${ids.shot}/relationships/sg_sequence`);
    expect(r.body.data).toEqual({ id: ids.seq, name: "sq010", type: "Sequence" });
  });
});

describe("paging", () => {
  let pagingProject: number;
  beforeAll(() => {
    const s = site.emu.store;
    pagingProject = s.create("Project", { name: "Paging" }).id;
    s.seed("Asset", Array.from({ length: 1203 }, (_, i) => ({ project: link("Project", pagingProject), code: `a${i}` })));
  });

  it("defaults to 500 rows; next is always present; prev only after page 1", async () => {
    const p1 = await site.call("GET", `/api/v1/entity/assets?filter[project.Project.id]=${pagingProject}&fields=code`);
    expect(p1.body.data).toHaveLength(500);
    expect(p1.body.links.next).toContain("page%5Bnumber%5D=2");
    expect(p1.body.links).not.toHaveProperty("prev");
    const p2 = await site.call("GET", `/api/v1/entity/assets?filter[project.Project.id]=${pagingProject}&fields=code&page[number]=2`);
    expect(p2.body.links.prev).toContain("page%5Bnumber%5D=1");
    expect(p2.body.links.next).toContain(`filter%5Bproject.Project.id%5D=${pagingProject}`);
  });

  it("pages are id-ascending with no duplicates or gaps, and a page past the end is empty with next", async () => {
    const seen: number[] = [];
    for (let n = 1; n <= 4; n++) {
      const r = await site.call("GET", `/api/v1/entity/assets?filter[project.Project.id]=${pagingProject}&fields=code&page[size]=400&page[number]=${n}`);
      seen.push(...r.body.data.map((d: any) => d.id));
      expect(r.body.links.next).toBeDefined();
      if (n === 4) expect(r.body.data).toHaveLength(3);
    }
    expect(seen).toHaveLength(1203);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen).size).toBe(1203);
    const past = await site.call("GET", `/api/v1/entity/assets?filter[project.Project.id]=${pagingProject}&page[size]=400&page[number]=9`);
    expect(past.body.data).toEqual([]);
    expect(past.body.links.next).toContain("page%5Bnumber%5D=10");
  });
});
