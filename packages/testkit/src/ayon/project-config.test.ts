// Conformance of the project model with ayon-backend 1.16 (ayon_server/entities/project.py, the
// built-in anatomy of ayon_server/settings/anatomy/*, helpers/deploy_project.py for `config`), read
// through ayon-sg's AyonClient.getProject where the client reads it.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { ayonSgClient } from "./conformance.test-helpers.js";
import { deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

let t: TestAyon;

beforeAll(async () => {
  t = await startTestAyon();
  await deployProject(t.service, "model", "mdl");
});

afterAll(async () => {
  await t.emu.close();
});

describe("GET /api/projects/{name}", () => {
  it("serializes the model's fields in order, without a null label", async () => {
    const res = await t.service.get("/api/projects/model");
    expect(Object.keys(res.body)).toEqual([
      "name", "code", "library", "folderTypes", "taskTypes", "linkTypes", "statuses", "tags", "config", "attrib", "data", "active", "ownAttrib", "createdAt", "updatedAt",
    ]);
  });

  it("folder and task types carry a color; statuses their real scopes; the built-in tags are there", async () => {
    const project = (await ayonSgClient(t.emu.url).getProject("model"))!;
    expect(project.folderTypes?.[0]).toEqual({ name: "Folder", shortName: "", color: "#cccccc", icon: "folder" });
    expect(project.taskTypes?.[0]).toEqual({ name: "Generic", shortName: "gener", color: "#5c6c79", icon: "task_alt" });
    const res = await t.service.get("/api/projects/model");
    expect(res.body.statuses[0]).toEqual({ name: "Not ready", shortName: "NRD", state: "not_started", icon: "fiber_new", color: "#3d444f", scope: ["folder", "product", "task"] });
    expect(res.body.tags).toEqual([{ name: "important", color: "#ff2450" }, { name: "for reel", color: "#5be1c6" }]);
    expect(res.body.linkTypes.map((l: { name: string }) => l.name)).toEqual(["generative|version|version", "breakdown|folder|folder", "reference|version|version", "template|folder|folder"]);
  });

  it("stores config as deploy_project does: roots keyed by name, templates.common, groups keyed by template name", async () => {
    const { config, ownAttrib } = (await t.service.get("/api/projects/model")).body;
    expect(Object.keys(config).sort()).toEqual(["entityNaming", "productBaseTypes", "roots", "templates"]);
    expect(config.roots).toEqual({ work: { windows: "C:/projects", linux: "/mnt/share/projects", darwin: "/Volumes/projects" } });
    expect(config.templates.common).toEqual({ version_padding: 3, version: "v{version:0>{@version_padding}}", frame_padding: 4, frame: "{frame:0>{@frame_padding}}" });
    expect(Object.keys(config.templates.work)).toEqual(["unreal", "default"]); // stored as jsonb: shorter keys first
    expect(config.templates.work.default).not.toHaveProperty("name");
    expect(config.entityNaming).toEqual({});
    expect(config.productBaseTypes.default).toEqual({ color: "#cccccc", icon: "deployed_code" });
    // The stored attrib is jsonb: its keys come shorter first, then by bytes (as recorded on 1.16.0).
    expect(ownAttrib).toEqual([...ownAttrib].sort((a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)));
    expect(ownAttrib[0]).toBe("fps");
  });

  it("the anatomy view keeps the settings shape (lists, snake_case) for the same project", async () => {
    const anatomy = (await t.service.get("/api/projects/model/anatomy")).body;
    expect(anatomy.roots).toEqual([{ name: "work", windows: "C:/projects", linux: "/mnt/share/projects", darwin: "/Volumes/projects" }]);
    expect(anatomy.entity_naming).toEqual({ capitalization: "lower", separator: "_" });
    expect(anatomy.folder_types[0]).toMatchObject({ name: "Folder", color: "#cccccc", original_name: "Folder" });
  });
});

describe("GET /api/projects", () => {
  it("says how many of how many it shows, or 'No projects' (count 0) for an empty page; ayon-sg's client lists the same", async () => {
    expect((await t.service.get("/api/projects")).body).toMatchObject({ detail: "Showing 1 of 1 projects", count: 1 });
    expect((await t.service.get("/api/projects?length=1&page=5")).body).toEqual({ detail: "No projects", count: 0, projects: [] });
    expect((await ayonSgClient(t.emu.url).listProjects()).map((p) => p.name)).toEqual(["model"]);
  });
});
