import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { createFolder, createTask, deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("Projects", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon();
  });
  afterAll(() => t.emu.close());

  describe("POST /api/projects (deploy)", () => {
    it("answers 201 null, emits entity.project.created and applies the built-in anatomy", async () => {
      const res = await t.service.post("/api/projects", { name: "Alpha", code: "alp" }, { "x-sender": "deployer" });
      expect(res.status).toBe(201);
      expect(res.text).toBe("null");
      const created = t.emu.state.events.ofTopic("entity.project.created").find((e) => e.project === "Alpha")!;
      expect(created).toMatchObject({ sender: "deployer", user: "service" });
      const project = (await t.service.get("/api/projects/Alpha")).body;
      expect(project.folderTypes.map((f: { name: string }) => f.name)).toEqual(["Folder", "Library", "Asset", "Episode", "Sequence", "Shot"]);
      expect(project.taskTypes.map((f: { name: string }) => f.name)).toEqual([
        "Generic", "Art", "Modeling", "Texture", "Lookdev", "Rigging", "Edit", "Layout", "Setdress", "Animation", "FX",
        "Lighting", "Paint", "Compositing", "Roto", "Matchmove",
      ]);
      expect(project.statuses.map((s: { name: string }) => s.name)).toEqual([
        "Not ready", "Ready to start", "In progress", "Pending review", "Approved", "On hold", "Omitted",
      ]);
      for (const s of project.statuses) {
        expect(["not_started", "in_progress", "done", "blocked"]).toContain(s.state);
        expect(s.scope).toEqual(expect.arrayContaining(["folder", "task"]));
        expect(s.shortName).toBeTruthy();
        expect(s.icon).toBeTruthy();
        expect(s.color).toMatch(/^#/);
      }
      expect(project.attrib).toMatchObject({ fps: 25, resolutionWidth: 1920 });
    });

    it("refuses a name or code clash case-insensitively with 409", async () => {
      await deployProject(t.service, "Clash", "clsh");
      expect((await t.service.post("/api/projects", { name: "clash", code: "other1" })).status).toBe(409);
      expect((await t.service.post("/api/projects", { name: "Different", code: "CLSH" })).status).toBe(409);
    });

    // ayon-backend api/projects/deploy.py checks only the color; the project model refuses the rest (500).
    it("validates the color (400); name, code and label fail in the project model (500); a name with '-' fails at schema creation (500)", async () => {
      expect((await t.service.post("/api/projects", { name: "bad name", code: "x1" })).status).toBe(500);
      expect((await t.service.post("/api/projects", { name: "okname", code: "bad-code" })).status).toBe(500);
      expect((await t.service.post("/api/projects", { name: "okname", code: "ok", label: "Director's cut" })).status).toBe(500);
      expect((await t.service.post("/api/projects", { name: "okname", code: "ok", color: "red" })).status).toBe(400);
      expect((await t.service.post("/api/projects", { name: "with-dash", code: "wd" })).status).toBe(500);
      expect(t.emu.state.project("with-dash")).toBeUndefined();
    });

    it("needs manager rights", async () => {
      expect((await t.user.post("/api/projects", { name: "nope", code: "nope" })).status).toBe(403);
    });

    it("uses anatomy precedence: explicit anatomy, named preset (404 if missing), primary preset, built-in", async () => {
      const custom = { folder_types: [{ name: "Zone", shortName: "z", icon: "map" }], statuses: [{ name: "Open", state: "not_started", scope: ["folder", "task"] }] };
      await t.service.post("/api/projects", { name: "Explicit", code: "expl", anatomy: custom });
      expect((await t.service.get("/api/projects/Explicit")).body.folderTypes.map((f: { name: string }) => f.name)).toEqual(["Zone"]);

      expect((await t.service.post("/api/projects", { name: "NoPreset", code: "nop", anatomyPreset: "missing" })).status).toBe(404);
      expect((await t.service.put("/api/anatomy/presets/studio", { folder_types: [{ name: "Set" }] })).status).toBe(204);
      await t.service.post("/api/projects", { name: "Named", code: "nmd", anatomyPreset: "studio" });
      expect((await t.service.get("/api/projects/Named")).body.folderTypes.map((f: { name: string }) => f.name)).toEqual(["Set"]);

      expect((await t.service.post("/api/anatomy/presets/studio/primary")).status).toBe(204);
      await t.service.post("/api/projects", { name: "Primary", code: "prim" });
      expect((await t.service.get("/api/projects/Primary")).body.folderTypes.map((f: { name: string }) => f.name)).toEqual(["Set"]);
      await t.service.delete("/api/anatomy/presets/studio");
      await t.service.post("/api/projects", { name: "Builtin", code: "bltn" });
      expect((await t.service.get("/api/projects/Builtin")).body.folderTypes).toHaveLength(6);
    });
  });

  describe("GET", () => {
    it("matches the project name case-insensitively and corrects it", async () => {
      await deployProject(t.service, "CaseP", "casep");
      const res = await t.service.get("/api/projects/casep");
      expect(res.status).toBe(200);
      expect(res.body.name).toBe("CaseP");
    });

    it("lists projects with count and filters", async () => {
      const res = await t.service.get("/api/projects");
      expect(res.body.count).toBe(res.body.projects.length);
      expect(res.body.projects[0]).toEqual(expect.objectContaining({ name: expect.any(String), code: expect.any(String), active: true, library: false }));
      const named = await t.service.get("/api/projects?name=Alp%25");
      expect(named.body.projects.map((p: { name: string }) => p.name)).toEqual(["Alpha"]);
      const paged = await t.service.get("/api/projects?length=2&page=1");
      expect(paged.body.projects).toHaveLength(2);
    });

    it("answers unknown projects with 404", async () => {
      expect((await t.service.get("/api/projects/ghost")).status).toBe(404);
    });
  });

  describe("PUT (low-level create)", () => {
    it("creates from a full body, 409 if it exists, 500 on empty type lists, 400 on a bad path name", async () => {
      const body = {
        code: "low",
        folderTypes: [{ name: "Folder" }],
        taskTypes: [{ name: "Generic" }],
        statuses: [{ name: "Todo", scope: ["folder", "task"] }],
      };
      expect((await t.service.put("/api/projects/lowlevel", body)).status).toBe(201);
      expect((await t.service.put("/api/projects/lowlevel", body)).status).toBe(409);
      expect((await t.service.put("/api/projects/lowempty", { ...body, code: "le", taskTypes: [] })).status).toBe(500);
      expect((await t.service.put("/api/projects/bad-name", { ...body, code: "bn" })).status).toBe(400);
    });
  });

  describe("PATCH", () => {
    it("merges attrib per key (null resets), data one level (null deletes), replaces lists, emits events", async () => {
      await deployProject(t.service, "Patchy", "ptch");
      await t.service.patch("/api/projects/Patchy", { attrib: { fps: 24, frameStart: 1 }, data: { a: 1, b: { x: 1 } } });
      const res = await t.service.patch("/api/projects/Patchy", { attrib: { fps: null }, data: { a: null, c: 3 }, tags: [{ name: "hero", color: "#ff0000" }] }, { "x-sender": "patcher" });
      expect(res.status).toBe(204);
      const project = (await t.service.get("/api/projects/Patchy")).body;
      expect(project.attrib.fps).toBeUndefined();
      expect(project.attrib.frameStart).toBe(1);
      expect(project.data).toEqual({ b: { x: 1 }, c: 3 });
      expect(project.tags).toEqual([{ name: "hero", color: "#ff0000" }]);
      const topics = t.emu.state.events.all().filter((e) => e.project === "Patchy" && e.sender === "patcher").map((e) => e.topic);
      expect(topics).toEqual(["entity.project.attrib_changed", "entity.project.data_changed", "entity.project.tags_changed", "entity.project.changed"]);
      const attribEvent = t.emu.state.events.ofTopic("entity.project.attrib_changed").at(-1)!;
      expect(attribEvent.payload).toEqual({ oldValue: { fps: 24 }, newValue: { fps: null } });
    });

    it("renames a status through original_name and cascades it to entities; removing a used type is 409", async () => {
      await deployProject(t.service, "Renamer", "rnm");
      const folder = await createFolder(t.service, "Renamer", { name: "f1", folderType: "Shot" });
      const project = (await t.service.get("/api/projects/Renamer")).body;
      const statuses = project.statuses.map((s: { name: string }) => (s.name === "Not ready" ? { ...s, name: "Waiting", original_name: "Not ready" } : s));
      expect((await t.service.patch("/api/projects/Renamer", { statuses })).status).toBe(204);
      expect((await t.service.get(`/api/projects/Renamer/folders/${folder}`)).body.status).toBe("Waiting");
      const withoutShot = project.folderTypes.filter((f: { name: string }) => f.name !== "Shot");
      expect((await t.service.patch("/api/projects/Renamer", { folderTypes: withoutShot })).status).toBe(409);
      expect((await t.service.get("/api/projects/Renamer")).body.folderTypes).toHaveLength(6);
    });

    it("refuses a code used by another project", async () => {
      await deployProject(t.service, "CodeA", "codea");
      await deployProject(t.service, "CodeB", "codeb");
      expect((await t.service.patch("/api/projects/CodeB", { code: "CODEA" })).status).toBe(409);
    });
  });

  describe("DELETE, anatomy, stats", () => {
    it("deletes (manager only) and emits entity.project.deleted", async () => {
      await deployProject(t.service, "Doomed", "doom");
      expect((await t.user.delete("/api/projects/Doomed")).status).toBe(403);
      expect((await t.service.delete("/api/projects/Doomed")).status).toBe(204);
      expect((await t.service.get("/api/projects/Doomed")).status).toBe(404);
      expect(t.emu.state.events.ofTopic("entity.project.deleted").some((e) => e.project === "Doomed")).toBe(true);
    });

    it("round-trips the anatomy through GET/POST /anatomy", async () => {
      await deployProject(t.service, "Anat", "anat");
      const anatomy = (await t.service.get("/api/projects/Anat/anatomy")).body;
      expect(anatomy.attributes.fps).toBe(25);
      anatomy.task_types.push({ name: "Grooming", shortName: "grm", icon: "brush", color: "#00ff00" });
      anatomy.attributes.fps = 48;
      expect((await t.service.post("/api/projects/Anat/anatomy", anatomy)).status).toBe(204);
      const project = (await t.service.get("/api/projects/Anat")).body;
      expect(project.taskTypes.at(-1)).toEqual({ name: "Grooming", shortName: "grm", icon: "brush", color: "#00ff00" });
      expect(project.attrib.fps).toBe(48);
    });

    it("counts entities in /stats", async () => {
      await deployProject(t.service, "Counted", "cnt");
      const f = await createFolder(t.service, "Counted", { name: "a" });
      await createTask(t.service, "Counted", { name: "t", taskType: "Generic", folderId: f });
      const res = await t.service.get("/api/projects/Counted/stats");
      expect(res.body).toEqual({ counts: { folders: 1, products: 0, versions: 0, representations: 0, tasks: 1 } });
    });

    it("serves presets: __builtin__/_ and __primary__ (built-in fallback)", async () => {
      const list = await t.service.get("/api/anatomy/presets");
      expect(list.body.version).toBe("1.0.0");
      const builtin = (await t.service.get("/api/anatomy/presets/__builtin__")).body;
      expect(builtin.folder_types.map((f: { name: string }) => f.name)).toContain("Shot");
      expect((await t.service.get("/api/anatomy/presets/_")).body).toEqual(builtin);
      expect((await t.service.get("/api/anatomy/presets/__primary__")).body).toEqual(builtin);
      expect((await t.service.get("/api/anatomy/presets/nothing")).status).toBe(404);
    });
  });
});
