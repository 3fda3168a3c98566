// The topic catalogue against the events the AYON emulator emits (written from ayon-backend's emitters): every
// entity.* event a round of creates, updates and deletes produces is catalogued and passes its schemas; a
// malformed one is refused with a sentence naming the wrong key.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { startAyonEmulator, type AyonEmulator } from "@ayon-sg/testkit";
import { AyonClient } from "../ayon/client.js";
import type { AyonEvent } from "../ayon/types.js";
import { InvalidEventError } from "../plugin/errors.js";
import { checkCataloguedEvent, EVENT_CATALOGUE, isCataloguedTopic } from "./catalogue.js";

const API_KEY = "cataloguetestkey0000000000000000";
const PROJECT = "catalogue_demo";
let emulator: AyonEmulator;
let events: AyonEvent[];

/** Creates, changes and deletes one entity of each kind the emulator has; returns the entity.* events, as read by id. */
async function exercise(ayon: AyonClient): Promise<AyonEvent[]> {
  await ayon.createProject({ name: PROJECT, code: "cat" });
  const anatomy = emulator.state.projects.get(PROJECT)!;
  const [folderType, otherFolderType] = anatomy.folderTypes.map((t) => t.name);
  const [taskType, otherTaskType] = anatomy.taskTypes.map((t) => t.name);
  const statuses = anatomy.statuses.map((s) => s.name);
  const root = await ayon.createFolder(PROJECT, { name: "sq010", folderType: folderType! });
  const other = await ayon.createFolder(PROJECT, { name: "sq020", folderType: folderType!, tags: ["a", "b"] });
  const shot = await ayon.createFolder(PROJECT, { name: "sh010", folderType: folderType!, parentId: root });
  const task = await ayon.createTask(PROJECT, { name: "anim", taskType: taskType!, folderId: shot });
  await ayon.updateFolder(PROJECT, shot, { name: "sh020", status: statuses[1], tags: ["hero"], label: "Shot 20", folderType: otherFolderType, attrib: { fps: 30 } });
  await ayon.updateFolder(PROJECT, shot, { parentId: other, active: false, data: { note: "moved" } });
  await ayon.updateTask(PROJECT, task, { status: statuses[2], taskType: otherTaskType, label: "Animation", assignees: ["service"], folderId: root });
  // The assign endpoint dispatches its own event (summary without entityPath/value); a tags reorder, a partial data
  // patch and unsetting an attribute the folder does not own each emit too.
  const assigned = await fetch(`${emulator.url}/api/projects/${PROJECT}/tasks/${task}/assign`, {
    method: "POST",
    headers: { "x-api-key": API_KEY, "content-type": "application/json" },
    body: JSON.stringify({ mode: "add", users: ["artist"] }),
  });
  if (assigned.status !== 204) throw new Error(`assign answered ${assigned.status}`);
  await ayon.updateFolder(PROJECT, other, { tags: ["b", "a"], attrib: { fps: null } });
  await ayon.updateFolder(PROJECT, shot, { data: { extra: 1 } });
  const created = await ayon.operations(PROJECT, [{ type: "create", entityType: "product", data: { name: "modelMain", productType: "model", folderId: root } }]);
  const product = created.operations[0]!.entityId!;
  const version = (await ayon.operations(PROJECT, [{ type: "create", entityType: "version", data: { version: 1, productId: product, taskId: task } }])).operations[0]!.entityId!;
  const representation = (await ayon.operations(PROJECT, [{ type: "create", entityType: "representation", data: { name: "abc", versionId: version, files: [] } }])).operations[0]!.entityId!;
  await ayon.operations(PROJECT, [
    { type: "update", entityType: "product", entityId: product, data: { productType: "look", status: statuses[1] } },
    { type: "update", entityType: "version", entityId: version, data: { status: statuses[1], taskId: null, author: "artist", attrib: { comment: "first" } } },
    { type: "update", entityType: "representation", entityId: representation, data: { name: "exr", tags: ["review"], files: [{ id: "0123456789abcdef0123456789abcdef", path: "/renders/sh010.exr" }] } },
  ]);
  await ayon.operations(PROJECT, [
    { type: "delete", entityType: "representation", entityId: representation },
    { type: "delete", entityType: "version", entityId: version },
    { type: "delete", entityType: "product", entityId: product },
    { type: "delete", entityType: "task", entityId: task },
    { type: "delete", entityType: "folder", entityId: shot },
  ]);
  await ayon.updateProject(PROJECT, { label: "Catalogue", attrib: { fps: 48 }, data: { note: "x" }, tags: [{ name: "hero", color: "#ff0000" }] });
  const page = await ayon.queryEvents({ projects: [PROJECT], first: 500 });
  const ids = page.events.filter((e) => e.topic.startsWith("entity.")).map((e) => e.id);
  return Promise.all(ids.map((id) => ayon.getEvent(id)));
}

beforeAll(async () => {
  emulator = await startAyonEmulator({ apiKey: API_KEY, users: [{ name: "artist" }] });
  events = await exercise(new AyonClient({ serverUrl: emulator.url, apiKey: API_KEY, sender: "test", senderType: "test" }));
});
afterAll(async () => emulator?.close());

describe("the topic catalogue against the emulator's events", () => {
  it("catalogues every entity.* topic the emulator emitted, and each event passes its schemas", () => {
    const topics = new Set(events.map((e) => e.topic));
    expect([...topics].filter((t) => !isCataloguedTopic(t))).toEqual([]);
    for (const event of events) expect(() => checkCataloguedEvent(event)).not.toThrow();
    // The round above reaches these (so the check is not vacuous).
    for (const topic of [
      "entity.project.created", "entity.project.label_changed", "entity.project.attrib_changed", "entity.project.data_changed",
      "entity.project.tags_changed", "entity.project.changed",
      "entity.folder.created", "entity.folder.renamed", "entity.folder.status_changed", "entity.folder.tags_changed", "entity.folder.attrib_changed",
      "entity.folder.label_changed", "entity.folder.type_changed", "entity.folder.parent_changed", "entity.folder.active_changed", "entity.folder.data_changed",
      "entity.folder.deleted",
      "entity.task.created", "entity.task.status_changed", "entity.task.type_changed", "entity.task.label_changed", "entity.task.assignees_changed",
      "entity.task.folder_changed", "entity.task.deleted",
      "entity.product.created", "entity.product.product_type_changed", "entity.product.status_changed", "entity.product.deleted",
      "entity.version.created", "entity.version.status_changed", "entity.version.task_changed", "entity.version.author_changed", "entity.version.attrib_changed",
      "entity.version.deleted",
      "entity.representation.created", "entity.representation.renamed", "entity.representation.tags_changed", "entity.representation.deleted",
    ]) {
      expect(topics).toContain(topic);
    }
  });

  it("types what a status change carries: summary entityId/parentId/entityPath, payload oldValue/newValue", () => {
    const event = events.find((e) => e.topic === "entity.task.status_changed")!;
    expect(event.summary).toMatchObject({ entityId: expect.any(String), parentId: expect.any(String), entityPath: "/sq020/sh020/anim" });
    expect(event.payload).toEqual({ oldValue: expect.any(String), newValue: expect.any(String) });
    expect(EVENT_CATALOGUE.get(event.topic)!.payload.safeParse({ ...event.payload, newValue: 3 }).success).toBe(false);
  });

  it("accepts the summaries without entityPath/value the server sends for created, deleted and the assign endpoint", () => {
    const bare = events.filter((e) => !("entityPath" in e.summary) && e.topic.match(/^entity\.(folder|task)\./));
    const topics = new Set(bare.map((e) => e.topic));
    for (const topic of ["entity.folder.created", "entity.folder.deleted", "entity.task.created", "entity.task.deleted", "entity.task.assignees_changed"]) {
      expect(topics).toContain(topic);
    }
    for (const event of bare) expect(() => checkCataloguedEvent(event)).not.toThrow();
  });

  it("accepts a data_changed carrying the patch's partial data and an attrib_changed unsetting an inherited key", () => {
    const data = events.find((e) => e.topic === "entity.folder.data_changed" && (e.payload.oldValue as Record<string, unknown>).note === "moved")!;
    expect(data.payload).toEqual({ oldValue: { note: "moved" }, newValue: { extra: 1 } });
    expect(data.summary.value).toEqual({ extra: 1 });
    const attrib = events.find((e) => e.topic === "entity.folder.attrib_changed" && e.payload.newValue && (e.payload.newValue as Record<string, unknown>).fps === null)!;
    expect(attrib.payload.oldValue).toEqual({});
    for (const event of [data, attrib]) expect(() => checkCataloguedEvent(event)).not.toThrow();
  });

  it("refuses a malformed catalogued event with an InvalidEventError that names the wrong keys", () => {
    const event = events.find((e) => e.topic === "entity.folder.renamed")!;
    const broken = { ...event, summary: { ...event.summary, entityId: undefined }, payload: { ...event.payload, newValue: 42 } };
    expect(() => checkCataloguedEvent(broken)).toThrow(InvalidEventError);
    expect(() => checkCataloguedEvent(broken)).toThrow(
      `event ${event.id} (entity.folder.renamed) is not what AYON sends for this topic: summary.entityId: Invalid input: expected string, received undefined; payload.newValue: Invalid input: expected string, received number`,
    );
  });

  it("lets events of other topics pass untouched", () => {
    const other = { ...events[0]!, topic: "studio.custom", summary: { anything: 1 } };
    expect(checkCataloguedEvent(other)).toBe(other);
  });
});
