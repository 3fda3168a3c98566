// POST .../tasks/{id}/assign against what ayon-backend 1.16.0 did for the same requests (compared on a real server).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createFolder, createTask, deployProject, hexId, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";
import { assignedUsers } from "./task-assign.js";

describe("assignedUsers", () => {
  it("adds, removes and sets by name, each name once", () => {
    expect(assignedUsers(["a"], "add", ["b", "a", "b"])).toEqual(["a", "b"]);
    expect(assignedUsers(["a", "b"], "remove", ["a"])).toEqual(["b"]);
    expect(assignedUsers(["a"], "set", ["c", "c"])).toEqual(["c"]);
  });

  it("answers null when the set of names stays the same, whatever the order", () => {
    expect(assignedUsers(["a", "b"], "set", ["b", "a"])).toBeNull();
    expect(assignedUsers(["a"], "add", ["a"])).toBeNull();
    expect(assignedUsers(["a"], "remove", ["z"])).toBeNull();
  });
});

describe("POST /api/projects/{p}/tasks/{id}/assign", () => {
  let t: TestAyon;
  const P = "assign";
  const base = `/api/projects/${P}`;
  let task: string;
  let folder: string;
  beforeAll(async () => {
    t = await startTestAyon();
    await deployProject(t.service, P);
    folder = await createFolder(t.service, P, { name: "sh010" });
    task = await createTask(t.service, P, { name: "anim", taskType: "Animation", folderId: folder });
  });
  afterAll(() => t.emu.close());

  const assignEvents = () => t.emu.state.events.ofTopic("entity.task.assignees_changed").filter((e) => e.summary.entityId === task);

  it("dispatches its own event: summary {entityId, parentId}, the task named by its name, the caller as user", async () => {
    const res = await t.service.post(`${base}/tasks/${task}/assign`, { mode: "add", users: ["bob", "carol"] }, { "x-sender": "s1", "x-sender-type": "shotgrid" });
    expect(res.status).toBe(204);
    const event = assignEvents().at(-1)!;
    expect(event).toMatchObject({
      description: "Changed task anim assignees",
      summary: { entityId: task, parentId: folder },
      payload: { oldValue: [], newValue: ["bob", "carol"] },
      user: "service",
      sender: "s1",
      senderType: "shotgrid",
      project: P,
    });
    expect(Object.keys(event.summary).sort()).toEqual(["entityId", "parentId"]);
  });

  it("leaves the task's updatedBy null (the save gets no user name)", async () => {
    expect(t.emu.state.project(P)!.tasks.get(task)!.updatedBy).toBeNull();
  });

  it("neither saves nor emits when the set of names is unchanged", async () => {
    const before = assignEvents().length;
    const updatedAt = t.emu.state.project(P)!.tasks.get(task)!.updatedAt;
    expect((await t.service.post(`${base}/tasks/${task}/assign`, { mode: "set", users: ["carol", "bob"] })).status).toBe(204);
    expect(assignEvents()).toHaveLength(before);
    expect(t.emu.state.project(P)!.tasks.get(task)!).toMatchObject({ assignees: ["bob", "carol"], updatedAt });
  });

  it("answers 403 to a normal user naming anyone but exactly themselves, before looking at the task", async () => {
    const other = await t.user.post(`${base}/tasks/${task}/assign`, { mode: "add", users: ["bob"] });
    expect(other.status).toBe(403);
    expect(other.body.detail).toBe("Normal users can only assign themselves");
    expect((await t.user.post(`${base}/tasks/${task}/assign`, { mode: "add", users: ["artist", "bob"] })).status).toBe(403);
    expect((await t.user.post(`${base}/tasks/${hexId(0xdead)}/assign`, { mode: "add", users: ["bob"] })).status).toBe(403);
    expect((await t.user.post(`${base}/tasks/${task}/assign`, { mode: "add", users: ["artist"] })).status).toBe(204);
    expect(assignEvents().at(-1)).toMatchObject({ user: "artist", payload: { oldValue: ["bob", "carol"], newValue: ["bob", "carol", "artist"] } });
  });

  it("lets a manager assign others, and answers 404 for an unknown task", async () => {
    expect((await t.manager.post(`${base}/tasks/${task}/assign`, { mode: "remove", users: ["bob"] })).status).toBe(204);
    expect((await t.manager.post(`${base}/tasks/${hexId(0xdead)}/assign`, { mode: "add", users: ["bob"] })).status).toBe(404);
  });
});
