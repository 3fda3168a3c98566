import { describe, it, expect, beforeAll, afterAll } from "@jest/globals";
import { createFolder, createTask, deployProject, hexId, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";
import { pgValue } from "./ids.js";

describe("Folders and tasks (REST)", () => {
  let t: TestAyon;
  const P = "ents";
  const base = `/api/projects/${P}`;
  beforeAll(async () => {
    t = await startTestAyon();
    await deployProject(t.service, P);
  });
  afterAll(() => t.emu.close());

  describe("single-entity CRUD", () => {
    it("creates a folder (201 {id}), reads it with a leading-slash path, own + inherited attrib and ownAttrib", async () => {
      const seq = await createFolder(t.service, P, { name: "sq010", folderType: "Sequence", attrib: { fps: 24 } });
      const res = await t.service.post(`${base}/folders`, { name: "sh010", folderType: "Shot", parentId: seq, label: "Shot 10", data: { a: 1 } });
      expect(res.status).toBe(201);
      expect(Object.keys(res.body)).toEqual(["id"]);
      const folder = (await t.service.get(`${base}/folders/${res.body.id}`)).body;
      expect(folder).toMatchObject({
        id: res.body.id, name: "sh010", label: "Shot 10", folderType: "Shot", parentId: seq, path: "/sq010/sh010",
        active: true, status: "Not ready", data: { a: 1 }, tags: [], hasVersions: false, ownAttrib: [],
      });
      expect(folder.attrib).toMatchObject({ fps: 24, resolutionWidth: 1920 });
      const root = (await t.service.get(`${base}/folders/${seq}`)).body;
      expect(root.ownAttrib).toEqual(["fps"]);
      expect(root).not.toHaveProperty("parentId"); // exclude-none
    });

    it("accepts a client-supplied id", async () => {
      const id = hexId(0xabc);
      expect(await createFolder(t.service, P, { id, name: "given" })).toBe(id);
    });

    it("answers 404 'Entity <id> not found'", async () => {
      const id = hexId(0xdead);
      const res = await t.service.get(`${base}/folders/${id}`);
      expect(res.body).toEqual({ code: 404, detail: `Entity ${id} not found` });
      expect((await t.service.get(`${base}/tasks/${id}`)).status).toBe(404);
      expect((await t.service.patch(`${base}/tasks/${id}`, { name: "x" })).status).toBe(404);
    });

    it("defaults folderType to the first type and status to the first status whose scope has the entity", async () => {
      const id = await createFolder(t.service, P, { name: "plain" });
      expect((await t.service.get(`${base}/folders/${id}`)).body).toMatchObject({ folderType: "Folder", status: "Not ready" });
    });

    it("patches (204): attrib and data merge key by key, null removes, tags replace", async () => {
      const id = await createFolder(t.service, P, { name: "merge", attrib: { fps: 30, frameStart: 1 }, data: { a: 1, b: 2 }, tags: ["x"] });
      const res = await t.service.patch(`${base}/folders/${id}`, { attrib: { fps: null, frameEnd: 100 }, data: { a: null, c: 3 }, tags: ["y"] });
      expect(res.status).toBe(204);
      const folder = (await t.service.get(`${base}/folders/${id}`)).body;
      expect(folder.attrib).toMatchObject({ fps: 25, frameStart: 1, frameEnd: 100 }); // fps back to the project's
      expect(folder.ownAttrib.sort()).toEqual(["frameEnd", "frameStart"]);
      expect(folder.data).toEqual({ b: 2, c: 3 });
      expect(folder.tags).toEqual(["y"]);
    });

    it("drops unknown attrib keys silently and rejects a badly typed value (400)", async () => {
      const id = await createFolder(t.service, P, { name: "unknownattr", attrib: { shotgridId: "123", fps: "50" } });
      const folder = (await t.service.get(`${base}/folders/${id}`)).body;
      expect(folder.attrib.shotgridId).toBeUndefined();
      expect(folder.attrib.fps).toBe(50);
      const bad = await t.service.patch(`${base}/folders/${id}`, { attrib: { frameStart: "soon" } });
      expect(bad.status).toBe(400);
    });

    it("creates a task (taskType required; folderId required), reads it with assignees and path", async () => {
      const folder = await createFolder(t.service, P, { name: "taskhost", attrib: { frameStart: 1001 } });
      const id = await createTask(t.service, P, { name: "anim", taskType: "Animation", folderId: folder, assignees: ["artist"] });
      const task = (await t.service.get(`${base}/tasks/${id}`)).body;
      expect(task).toMatchObject({ name: "anim", taskType: "Animation", folderId: folder, path: "/taskhost/anim", assignees: ["artist"], status: "Not ready" });
      expect(task.attrib.frameStart).toBe(1001);
      expect((await t.service.post(`${base}/tasks`, { name: "x", folderId: folder })).status).toBe(400);
      const noFolder = await t.service.post(`${base}/tasks`, { name: "x", taskType: "Generic" });
      // Raised from the operation as a ConflictException (operations/project_level/__init__.py), as recorded on 1.16.0.
      expect(noFolder.status).toBe(409);
      expect(noFolder.body.detail).toBe("Missing required field: folder_id");
    });

    it("refuses duplicate subtask ids or names with the server's 500", async () => {
      const folder = await createFolder(t.service, P, { name: "subhost" });
      const dup = { subtasks: [{ id: "a", name: "one" }, { id: "b", name: "one" }] };
      expect((await t.service.post(`${base}/tasks`, { name: "sub", taskType: "Generic", folderId: folder, data: dup })).status).toBe(500);
      const ok = await createTask(t.service, P, { name: "sub", taskType: "Generic", folderId: folder, data: { subtasks: [{ id: "a", name: "one" }] } });
      expect((await t.service.patch(`${base}/tasks/${ok}`, { data: dup })).status).toBe(500);
    });

    it("assigns users with add/remove/set and emits assignees_changed", async () => {
      const folder = await createFolder(t.service, P, { name: "assignhost" });
      const id = await createTask(t.service, P, { name: "comp", taskType: "Compositing", folderId: folder });
      await t.service.post(`${base}/tasks/${id}/assign`, { mode: "add", users: ["a", "b"] });
      await t.service.post(`${base}/tasks/${id}/assign`, { mode: "remove", users: ["a"] });
      expect((await t.service.get(`${base}/tasks/${id}`)).body.assignees).toEqual(["b"]);
      await t.service.post(`${base}/tasks/${id}/assign`, { mode: "set", users: ["c"] });
      expect((await t.service.get(`${base}/tasks/${id}`)).body.assignees).toEqual(["c"]);
      expect(t.emu.state.events.ofTopic("entity.task.assignees_changed").filter((e) => e.summary.entityId === id)).toHaveLength(3);
    });

    it("deletes a folder with its subtree (204) and emits one entity.folder.deleted", async () => {
      const top = await createFolder(t.service, P, { name: "doomed" });
      const child = await createFolder(t.service, P, { name: "child", parentId: top });
      const task = await createTask(t.service, P, { name: "t", taskType: "Generic", folderId: child });
      expect((await t.service.delete(`${base}/folders/${top}`)).status).toBe(204);
      expect(t.emu.state.project(P)!.folders.has(child)).toBe(false);
      expect(t.emu.state.project(P)!.tasks.has(task)).toBe(false);
      const deleted = t.emu.state.events.ofTopic("entity.folder.deleted").filter((e) => [top, child].includes(e.summary.entityId as string));
      expect(deleted.map((e) => e.summary.entityId)).toEqual([top]);
      expect(deleted[0]!.payload.entityData).toMatchObject({ name: "doomed" });
    });

    it("refuses to delete a folder with versions below it (409) unless force (managers)", async () => {
      const top = await createFolder(t.service, P, { name: "published" });
      const child = await createFolder(t.service, P, { name: "pubchild", parentId: top });
      t.emu.state.project(P)!.folders.get(child)!.hasVersions = true;
      const res = await t.service.delete(`${base}/folders/${top}`);
      expect(res.status).toBe(409);
      expect(res.body.detail).toBe("Unable to delete a folder with products or tasks.");
      expect((await t.user.delete(`${base}/folders/${top}?force=true`)).status).toBe(403);
      expect((await t.service.delete(`${base}/folders/${top}?force=true`)).status).toBe(204);
    });

    it("refuses rename/move of a folder with versions (403) over REST", async () => {
      const id = await createFolder(t.service, P, { name: "locked" });
      t.emu.state.project(P)!.folders.get(id)!.hasVersions = true;
      expect((await t.service.patch(`${base}/folders/${id}`, { name: "renamed" })).status).toBe(403);
      expect((await t.service.patch(`${base}/folders/${id}`, { label: "fine" })).status).toBe(204);
    });
  });

  describe("names and uniqueness", () => {
    it("validates names and labels at the request level (400)", async () => {
      for (const name of ["with space", "-lead", "trail-", "", "ünïcode"]) {
        const res = await t.service.post(`${base}/folders`, { name });
        expect(res.status).toBe(400);
        expect(res.body.detail).toBe(`Request validation error in [POST] ${base}/folders`);
      }
      expect((await t.service.post(`${base}/folders`, { name: "ok", label: "it's" })).status).toBe(400);
      expect((await t.service.post(`${base}/folders`, { name: "a.b-c_d" })).status).toBe(201);
    });

    it("keeps folder names unique case-insensitively among active siblings only", async () => {
      const parent = await createFolder(t.service, P, { name: "uniq" });
      await createFolder(t.service, P, { name: "Shot", parentId: parent });
      const dup = await t.service.post(`${base}/folders`, { name: "shot", parentId: parent });
      expect(dup.status).toBe(409);
      expect(dup.body.detail).toBe(`Folder with parent_id, lower(name::text) '${pgValue(parent)}, shot' already exists.`);
      expect((await t.service.post(`${base}/folders`, { name: "shot", parentId: parent, active: false })).status).toBe(201);
      const rootDup = await t.service.post(`${base}/folders`, { name: "UNIQ" });
      expect(rootDup.status).toBe(409);
      // Deactivating frees the name.
      const other = await createFolder(t.service, P, { name: "freed" });
      await t.service.patch(`${base}/folders/${other}`, { active: false });
      expect((await t.service.post(`${base}/folders`, { name: "Freed" })).status).toBe(201);
    });

    it("keeps task names unique per folder; a task and a child folder may share a name", async () => {
      const folder = await createFolder(t.service, P, { name: "taskuniq" });
      await createTask(t.service, P, { name: "Comp", taskType: "Compositing", folderId: folder });
      expect((await t.service.post(`${base}/tasks`, { name: "comp", taskType: "Generic", folderId: folder })).status).toBe(409);
      expect((await t.service.post(`${base}/folders`, { name: "comp", parentId: folder })).status).toBe(201);
    });

    it("checks folderType, taskType, status and parents as case-sensitive foreign keys (409)", async () => {
      const res = await t.service.post(`${base}/folders`, { name: "fk1", folderType: "shot" });
      expect(res.status).toBe(409);
      expect(res.body.detail).toBe(`folder_type 'shot' is not present in table "folder_types".`);
      expect((await t.service.post(`${base}/folders`, { name: "fk2", status: "approved" })).status).toBe(409);
      expect((await t.service.post(`${base}/folders`, { name: "fk3", parentId: hexId(77) })).status).toBe(409);
      const folder = await createFolder(t.service, P, { name: "fkhost" });
      expect((await t.service.post(`${base}/tasks`, { name: "t", taskType: "animation", folderId: folder })).status).toBe(409);
      expect((await t.service.post(`${base}/tasks`, { name: "t", taskType: "Generic", folderId: hexId(78) })).status).toBe(409);
    });

    it("refuses a move that would create a cycle (400)", async () => {
      const a = await createFolder(t.service, P, { name: "cyc_a" });
      const b = await createFolder(t.service, P, { name: "cyc_b", parentId: a });
      expect((await t.service.patch(`${base}/folders/${a}`, { parentId: b })).status).toBe(400);
      expect((await t.service.patch(`${base}/folders/${a}`, { parentId: a })).status).toBe(400);
    });
  });

  describe("entity events of REST writes", () => {
    it("emits one event per changed aspect with summary {entityId, parentId, entityPath, value} and payload {oldValue,newValue}", async () => {
      const parent = await createFolder(t.service, P, { name: "evparent" });
      const id = await createFolder(t.service, P, { name: "ev", parentId: parent, attrib: { fps: 25 } });
      const before = t.emu.state.events.size;
      await t.service.patch(`${base}/folders/${id}`, { name: "ev2", status: "Approved", attrib: { fps: 30 }, label: "L" }, { "x-sender-type": "shotgrid" });
      const events = t.emu.state.events.all().slice(before);
      expect(events.map((e) => e.topic)).toEqual([
        "entity.folder.renamed", "entity.folder.status_changed", "entity.folder.attrib_changed", "entity.folder.label_changed",
      ]);
      for (const e of events) {
        expect(e.senderType).toBe("shotgrid");
        expect(e.summary).toMatchObject({ entityId: id, parentId: parent, entityPath: "/evparent/ev" });
        // The server shares one summary between these events: `value` is the last one set.
        expect(e.summary.value).toBe("L");
      }
      expect(events[0]!.payload).toEqual({ oldValue: "ev", newValue: "ev2" });
      expect(events[2]!.payload).toEqual({ oldValue: { fps: 25 }, newValue: { fps: 30 } });
    });

    it("emits nothing for a no-op patch and created/deleted with {entityId, parentId}", async () => {
      const id = await createFolder(t.service, P, { name: "noop", status: "Approved" });
      const before = t.emu.state.events.size;
      await t.service.patch(`${base}/folders/${id}`, { status: "Approved" });
      expect(t.emu.state.events.size).toBe(before);
      const created = t.emu.state.events.ofTopic("entity.folder.created").find((e) => e.summary.entityId === id)!;
      expect(created.summary).toEqual({ entityId: id, parentId: null });
    });
  });

  describe("listing", () => {
    it("lists all folders with path without leading slash, no active field, inactive included, task names", async () => {
      await deployProject(t.service, "listing");
      const a = await createFolder(t.service, "listing", { name: "a", attrib: { fps: 12 } });
      const b = await createFolder(t.service, "listing", { name: "b", parentId: a, active: false });
      await createTask(t.service, "listing", { name: "lay", taskType: "Layout", folderId: b });
      const plain = await t.service.get("/api/projects/listing/folders");
      const byId = Object.fromEntries(plain.body.folders.map((f: { id: string }) => [f.id, f]));
      expect(byId[b]).toMatchObject({ path: "a/b", parents: ["a"], parentId: a, hasTasks: true, taskNames: ["lay"], hasChildren: false });
      expect(byId[a]).toMatchObject({ path: "a", parents: [], hasChildren: true, hasTasks: false });
      expect(byId[b]).not.toHaveProperty("active");
      expect(byId[b]).not.toHaveProperty("attrib");
      const withAttrib = await t.service.get("/api/projects/listing/folders?attrib=true");
      const bb = withAttrib.body.folders.find((f: { id: string }) => f.id === b);
      expect(bb.attrib.fps).toBe(12);
      expect(bb.ownAttrib).toEqual([]);
    });

    it("lists exported attributes: a child without its own non-inheritable value shows its parent's (inherited_attributes.py)", async () => {
      await deployProject(t.service, "exported");
      const parent = await createFolder(t.service, "exported", { name: "parent", attrib: { description: "mine" } });
      const child = await createFolder(t.service, "exported", { name: "child", parentId: parent });
      const list = (await t.service.get("/api/projects/exported/folders?attrib=true")).body.folders;
      const listed = list.find((f: { id: string }) => f.id === child);
      expect(listed.attrib.description).toBe("mine");
      expect(listed.ownAttrib).toEqual([]);
      expect(list.find((f: { id: string }) => f.id === parent).ownAttrib).toEqual(["description"]);
      expect(Object.keys(listed.attrib)).toEqual(Object.keys(listed.attrib).sort());
      // The single read and GraphQL honour inherit: false.
      expect((await t.service.get(`/api/projects/exported/folders/${child}`)).body.attrib.description).toBeUndefined();
      const gql = await t.service.graphql(`{ project(name: "exported") { folder(id: "${child}") { attrib { description } ownAttrib } } }`);
      expect(gql.body.data.project.folder).toEqual({ attrib: { description: null }, ownAttrib: [] });
    });

    it("returns the hierarchy tree, filterable by types", async () => {
      const res = await t.service.get("/api/projects/listing/hierarchy");
      expect(res.body.projectName).toBe("listing");
      expect(res.body.hierarchy[0]).toMatchObject({ name: "a", children: [expect.objectContaining({ name: "b", taskNames: ["lay"] })] });
      const none = await t.service.get("/api/projects/listing/hierarchy?types=Shot");
      expect(none.body.hierarchy).toEqual([]);
    });
  });
});
