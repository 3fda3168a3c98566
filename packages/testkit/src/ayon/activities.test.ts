// Conformance of activities with ayon-backend 1.16 (api/activities/activity.py, ayon_server/activities/).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { activitiesOf, inboxOf } from "./activities.js";
import { createFolder, deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

let t: TestAyon;
let folderId: string;
const project = "acts";

beforeAll(async () => {
  t = await startTestAyon();
  await deployProject(t.service, project, "acts");
  folderId = await createFolder(t.service, project, { name: "f", folderType: "Folder" });
});

afterAll(async () => {
  await t.emu.close();
});

const path = (type = "folders", id = folderId) => `/api/projects/${project}/${type}/${id}/activities`;
const stored = () => activitiesOf(t.emu.state.project(project)!);

describe("POST /api/projects/{p}/{type}/{id}/activities", () => {
  it("a comment mentioning users: 201 with its id, stored with origin/author/mention references, in the mentioned users' inbox", async () => {
    const res = await t.service.post(path(), { activityType: "comment", body: "Job failed, [Boss](user:boss) [Lead](user:lead) ![img](user:artist)" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const record = stored().get(res.body.id)!;
    expect(record.references.map((r) => `${r.referenceType}:${r.entityName ?? r.entityId}`).sort()).toEqual(["author:service", "mention:boss", "mention:lead", `origin:${folderId}`]);
    expect(record.data).toMatchObject({ author: "service", origin: { type: "folder", id: folderId, name: "f" } });
    const state = t.emu.state.project(project)!;
    expect([inboxOf(state, "boss").length, inboxOf(state, "lead").length, inboxOf(state, "artist").length, inboxOf(state, "service").length]).toEqual([1, 1, 0, 0]);
    const events = t.emu.state.events.ofTopic("activity.created");
    expect(events.at(-1)).toMatchObject({ project, description: "Created comment activity", payload: { body: expect.stringContaining("Job failed") } });
  });

  it("accepts a singular entity type; refuses an unknown type, a missing entity, a long body and a human's non-comment", async () => {
    expect((await t.service.post(path("folder"), { activityType: "comment", body: "x" })).status).toBe(201);
    expect((await t.service.post(path("projects"), { activityType: "comment", body: "x" })).body).toEqual({ code: 400, detail: "Invalid entity type: project" });
    expect((await t.service.post(path("folders", "a".repeat(32)), { activityType: "comment", body: "x" })).status).toBe(404);
    expect((await t.service.post(path(), { activityType: "comment", body: "x".repeat(2001) })).body).toEqual({ code: 400, detail: "Comment body is too long" });
    expect((await t.user.post(path(), { activityType: "watch", body: "x" })).body).toEqual({ code: 400, detail: "Humans can only create comments/guest reviews" });
    expect((await t.service.post(path(), { activityType: "gossip" })).status).toBe(400);
  });
});
