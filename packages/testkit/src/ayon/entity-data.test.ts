// entityData of delete events against what ayon-backend 1.16.0 stored for the same deletes (compared on a real server).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { dictSimple } from "./entity-data.js";
import { createFolder, createTask, deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("dictSimple", () => {
  it("drops top-level nulls and internal fields, keeps nested nulls, renders datetimes as ISO text", () => {
    const out = dictSimple({
      id: "f1", label: null, thumbnailId: null, createdBy: null, creationOrder: 7,
      attrib: { fps: 25, clipIn: null }, data: { n: null, k: { a: null } }, createdAt: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
    });
    expect(out).toEqual({ id: "f1", attrib: { fps: 25 }, data: { n: null, k: { a: null } }, createdAt: "2026-01-02T03:04:05.006+00:00" });
  });
});

describe("entityData of entity.folder.deleted / entity.task.deleted", () => {
  let t: TestAyon;
  const P = "entdata";
  const base = `/api/projects/${P}`;
  beforeAll(async () => {
    t = await startTestAyon();
    await deployProject(t.service, P);
  });
  afterAll(() => t.emu.close());

  const deletedData = (topic: string, id: string) => t.emu.state.events.ofTopic(topic).find((e) => e.summary.entityId === id)!.payload.entityData;
  const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00$/);

  it("a task: own fields without nulls, path, no parentId and no internal fields", async () => {
    const folder = await createFolder(t.service, P, { name: "sq010", attrib: { fps: 24 } });
    const task = await createTask(t.service, P, { name: "anim", taskType: "Animation", folderId: folder, tags: ["t1"], data: { b: true } });
    await t.service.post(`${base}/tasks/${task}/assign`, { mode: "add", users: ["artist"] });
    expect((await t.service.delete(`${base}/tasks/${task}`)).status).toBe(204);
    expect(deletedData("entity.task.deleted", task)).toEqual({
      id: task, name: "anim", taskType: "Animation", folderId: folder, path: "/sq010/anim", assignees: ["artist"],
      attrib: {}, data: { b: true }, active: true, status: "Not ready", tags: ["t1"], createdAt: iso, updatedAt: iso,
    });
  });

  it("a folder: own attributes, hasVersions, createdBy/updatedBy", async () => {
    const parent = await createFolder(t.service, P, { name: "sq020" });
    const id = await createFolder(t.service, P, { name: "sh010", parentId: parent, attrib: { resolutionWidth: 1920 }, data: { x: 1 } });
    expect((await t.service.delete(`${base}/folders/${id}`)).status).toBe(204);
    expect(deletedData("entity.folder.deleted", id)).toEqual({
      id, name: "sh010", folderType: "Folder", parentId: parent, path: "/sq020/sh010", attrib: { resolutionWidth: 1920 }, data: { x: 1 },
      active: true, status: "Not ready", tags: [], hasVersions: false, createdBy: "service", updatedBy: "service", createdAt: iso, updatedAt: iso,
    });
  });
});
