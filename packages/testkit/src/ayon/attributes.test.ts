import { describe, it, expect, beforeEach, afterEach } from "@jest/globals";
import { createFolder, createTask, deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

const SHOTGRID_ID = { position: 100, scope: ["project", "folder", "task", "version"], data: { type: "string", title: "ShotGrid ID", inherit: false } };

describe("Attributes", () => {
  let t: TestAyon;
  beforeEach(async () => {
    t = await startTestAyon();
    await deployProject(t.service, "attrs");
  });
  afterEach(() => t.emu.close());

  it("lists built-in attributes like a real server", async () => {
    const res = await t.service.get("/api/attributes");
    const names = res.body.attributes.map((a: { name: string }) => a.name);
    for (const n of ["fps", "resolutionWidth", "resolutionHeight", "pixelAspect", "clipIn", "clipOut", "frameStart", "frameEnd", "handleStart", "handleEnd", "description", "startDate", "endDate"]) {
      expect(names).toContain(n);
    }
    const fps = (await t.service.get("/api/attributes/fps")).body;
    expect(fps).toMatchObject({ name: "fps", builtin: true, data: { type: "float" } });
    expect(fps.scope).toEqual(expect.arrayContaining(["project", "folder", "task"]));
    expect((await t.service.get("/api/attributes/nothere")).status).toBe(404);
  });

  it("serializes every field of the real AttributeModel, nulls included, with the built-ins' real order and defaults", async () => {
    // Recorded from ayon-backend 1.16.0 (attributes/models.py, setup/attributes.py) on a fresh server.
    const res = await t.service.get("/api/attributes");
    expect(res.body.attributes.map((a: { name: string }) => a.name)).toEqual([
      "priority", "fps", "resolutionWidth", "resolutionHeight", "pixelAspect", "clipIn", "clipOut", "frameStart", "frameEnd",
      "handleStart", "handleEnd", "fullName", "email", "avatarUrl", "developerMode", "productGroup", "intent", "machine", "source",
      "comment", "site", "families", "colorSpace", "path", "template", "extension", "startDate", "endDate", "description",
      "entityListCategory",
    ]);
    const priority = res.body.attributes[0];
    expect(Object.keys(priority)).toEqual(["name", "position", "scope", "data", "builtin"]);
    expect(priority.data).toEqual({
      type: "string", title: "Priority", description: null, example: null, default: "normal", gt: null, ge: null, lt: null, le: null,
      minLength: null, maxLength: null, minItems: null, maxItems: null, regex: null, enum: expect.any(Array), enumResolver: null,
      enumResolverSettings: null, inherit: true, widget: null, widgetSettings: null,
    });
    expect(Object.keys(priority.data)[0]).toBe("type");
    expect(priority.data.enum[0]).toEqual({
      value: "urgent", label: "Urgent", description: null, fulltext: ["urgent"], group: null, icon: "keyboard_double_arrow_up",
      color: "#FF8585", shortName: null, disabled: false, disabledMessage: null,
    });
    const byName = (name: string) => res.body.attributes.find((a: { name: string }) => a.name === name);
    expect(byName("resolutionWidth").data).toMatchObject({ default: 1920, example: 1920, gt: 0, lt: 50000 });
    expect(byName("resolutionHeight").data.default).toBe(1080);
    expect(byName("developerMode").data).toMatchObject({ default: null, example: true });
    expect(byName("entityListCategory")).toMatchObject({ position: 29, scope: ["list"], builtin: true, data: { enum: null, inherit: false, title: "List category" } });
    expect(byName("fps").scope).toEqual(["project", "folder", "version", "representation", "task"]);
    expect((await t.service.get("/api/attributes/fps")).body).toEqual(byName("fps"));
  });

  it("takes its own GET reply back on PUT: nulls are not stored as constraints (save_attribute excludes none)", async () => {
    const clipIn = (await t.service.get("/api/attributes/clipIn")).body;
    expect(clipIn.data.gt).toBeNull();
    expect((await t.service.put("/api/attributes/clipIn", { position: clipIn.position, scope: clipIn.scope, data: clipIn.data })).status).toBe(204);
    await t.service.post("/api/system/restart");
    const id = await createFolder(t.service, "attrs", { name: "negative", attrib: { clipIn: -5 } });
    expect((await t.service.get(`/api/projects/attrs/folders/${id}`)).body.attrib.clipIn).toBe(-5);
    expect((await t.service.get("/api/attributes/clipIn")).body).toEqual(clipIn);
  });

  it("stores a PUT at once (204, admin only) but only applies it after a restart", async () => {
    expect((await t.manager.put("/api/attributes/shotgridId", SHOTGRID_ID)).status).toBe(403);
    expect((await t.service.put("/api/attributes/shotgridId", SHOTGRID_ID)).status).toBe(204);
    expect((await t.service.get("/api/attributes/shotgridId")).body.data.type).toBe("string");
    expect((await t.service.get("/api/system/restartRequired")).body).toEqual({ required: true, reason: "Attribute shotgridId changed" });
    expect(t.emu.state.events.getByHash("server.restart_required")?.topic).toBe("server.restart_required");

    // Before the restart: unknown to the models (silently dropped) and to GraphQL.
    const before = await createFolder(t.service, "attrs", { name: "before", attrib: { shotgridId: "11" } });
    expect((await t.service.get(`/api/projects/attrs/folders/${before}`)).body.attrib.shotgridId).toBeUndefined();
    const gqlBefore = await t.service.graphql(`{ project(name: "attrs") { folders { edges { node { attrib { shotgridId } } } } } }`);
    expect(gqlBefore.body.errors[0].message).toMatch(/Cannot query field "shotgridId"/);

    expect((await t.service.post("/api/system/restart")).status).toBe(204);
    expect((await t.service.get("/api/system/restartRequired")).body.required).toBe(false);
    const after = await createFolder(t.service, "attrs", { name: "after", attrib: { shotgridId: 12 } });
    expect((await t.service.get(`/api/projects/attrs/folders/${after}`)).body.attrib.shotgridId).toBe("12");
    const gqlAfter = await t.service.graphql(`{ project(name: "attrs") { folders(names: ["after"]) { edges { node { attrib { shotgridId } } } } } }`);
    expect(gqlAfter.body.data.project.folders.edges[0].node.attrib.shotgridId).toBe("12");
  });

  it("accepts attributes at start that are active at once (no restart needed)", async () => {
    const other = await startTestAyon({ attributes: [{ name: "shotgridId", scope: ["project", "folder", "task"], data: { type: "string", inherit: false } }] });
    try {
      await deployProject(other.service, "pre");
      const id = await createFolder(other.service, "pre", { name: "f", attrib: { shotgridId: "42" } });
      expect((await other.service.get(`/api/projects/pre/folders/${id}`)).body.attrib.shotgridId).toBe("42");
      expect((await other.service.get("/api/system/restartRequired")).body.required).toBe(false);
    } finally {
      await other.emu.close();
    }
  });

  it("emulator.restart() does what POST /api/system/restart does", async () => {
    await t.service.put("/api/attributes/shotgridType", { ...SHOTGRID_ID, data: { type: "string", inherit: false } });
    t.emu.restart();
    const id = await createFolder(t.service, "attrs", { name: "x", attrib: { shotgridType: "Shot" } });
    expect((await t.service.get(`/api/projects/attrs/folders/${id}`)).body.attrib.shotgridType).toBe("Shot");
  });

  it("inherits only inherit:true attributes down project → folder → task, and reports ownAttrib", async () => {
    await t.service.put("/api/attributes/shotgridId", SHOTGRID_ID);
    await t.service.put("/api/attributes/studioCode", { position: 101, scope: ["project", "folder", "task"], data: { type: "string", inherit: true } });
    t.emu.restart();
    await t.service.patch("/api/projects/attrs", { attrib: { shotgridId: "p1", studioCode: "S", fps: 50 } });
    const folder = await createFolder(t.service, "attrs", { name: "inh", attrib: { frameStart: 1 } });
    const task = await createTask(t.service, "attrs", { name: "t", taskType: "Generic", folderId: folder });
    const read = (await t.service.get(`/api/projects/attrs/tasks/${task}`)).body;
    expect(read.attrib).toMatchObject({ fps: 50, studioCode: "S", frameStart: 1 });
    expect(read.attrib.shotgridId).toBeUndefined();
    expect(read.ownAttrib).toEqual([]);
    // description is not inheritable either.
    await t.service.patch(`/api/projects/attrs/folders/${folder}`, { attrib: { description: "folder text" } });
    expect((await t.service.get(`/api/projects/attrs/tasks/${task}`)).body.attrib.description).toBeUndefined();
  });

  it("keeps only attributes whose scope includes the entity", async () => {
    await t.service.put("/api/attributes/taskOnly", { position: 102, scope: ["task"], data: { type: "integer" } });
    t.emu.restart();
    const folder = await createFolder(t.service, "attrs", { name: "scoped", attrib: { taskOnly: 3 } });
    expect((await t.service.get(`/api/projects/attrs/folders/${folder}`)).body.attrib.taskOnly).toBeUndefined();
    const task = await createTask(t.service, "attrs", { name: "t", taskType: "Generic", folderId: folder, attrib: { taskOnly: "4" } });
    expect((await t.service.get(`/api/projects/attrs/tasks/${task}`)).body.attrib.taskOnly).toBe(4);
  });

  it("PATCHes, DELETEs and PUTs all attributes; each change needs a restart", async () => {
    await t.service.put("/api/attributes/temp", { position: 103, scope: ["folder"], data: { type: "string" } });
    expect((await t.service.patch("/api/attributes/temp", { scope: ["folder", "task"] })).status).toBe(204);
    expect((await t.service.get("/api/attributes/temp")).body.scope).toEqual(["folder", "task"]);
    expect((await t.service.patch("/api/attributes/missing", { scope: ["task"] })).status).toBe(404);
    expect((await t.service.delete("/api/attributes/temp")).status).toBe(204);
    expect((await t.service.get("/api/attributes/temp")).status).toBe(404);
    const all = (await t.service.get("/api/attributes")).body.attributes;
    const res = await t.service.put("/api/attributes", { attributes: [...all, { name: "bulkOne", ...SHOTGRID_ID }], deleteMissing: false });
    expect(res.status).toBe(204);
    expect((await t.service.get("/api/attributes/bulkOne")).status).toBe(200);
    expect(t.emu.state.restart.required).toBe(true);
  });

  it("validates names, types and scopes with 400", async () => {
    expect((await t.service.put("/api/attributes/bad_name", SHOTGRID_ID)).status).toBe(400);
    expect((await t.service.put("/api/attributes/okName", { ...SHOTGRID_ID, data: { type: "text" } })).status).toBe(400);
    expect((await t.service.put("/api/attributes/okName", { ...SHOTGRID_ID, scope: ["planet"] })).status).toBe(400);
  });
});
