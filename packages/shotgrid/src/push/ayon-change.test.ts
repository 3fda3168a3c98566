// What an AYON entity event asks of ShotGrid: the entity to push, or the ShotGrid entity a delete names (payloads
// as ayon-backend 1.16 sends them: summary {entityId, parentId, ...}, a delete's payload.entityData).
import { describe, expect, it } from "@jest/globals";
import { PUSH_TOPICS, pushIntentOf } from "./ayon-change.js";

const ID = "0123456789abcdef0123456789abcdef";

describe("pushIntentOf", () => {
  it("names the folder or task of every pushed aspect, and the parent the summary names (read with it)", () => {
    expect(pushIntentOf({ topic: "entity.folder.renamed", summary: { entityId: ID, parentId: null, entityPath: "/sq01" }, payload: {} })).toEqual({ kind: "entity", entity: "folder", id: ID, aspect: "renamed", parentId: null });
    expect(pushIntentOf({ topic: "entity.task.assignees_changed", summary: { entityId: ID, parentId: ID }, payload: {} })).toMatchObject({ kind: "entity", entity: "task", parentId: ID });
    expect(PUSH_TOPICS).toContain("entity.task.folder_changed");
    expect(PUSH_TOPICS).toContain("entity.folder.parent_changed");
    expect(PUSH_TOPICS).not.toContain("entity.folder.data_changed");
  });

  it("skips what it does not push, and an event without an entity id, saying why", () => {
    expect(pushIntentOf({ topic: "entity.folder.thumbnail_changed", summary: { entityId: ID }, payload: {} })).toEqual({ kind: "skip", reason: "topic 'entity.folder.thumbnail_changed' is not pushed to ShotGrid" });
    expect(pushIntentOf({ topic: "entity.task.created", summary: {}, payload: {} })).toEqual({ kind: "skip", reason: "the event's summary names no task (entityId null)" });
  });

  it("reads a delete's ShotGrid entity from entityData's own attributes; 'removed' and a missing audit trail name none", () => {
    const deleted = (attrib: Record<string, unknown>) => ({ topic: "entity.folder.deleted", summary: { entityId: ID, parentId: null }, payload: { entityData: { id: ID, path: "sq01/sh010", attrib } } });
    expect(pushIntentOf(deleted({ shotgridId: "1234", shotgridType: "Shot" }))).toEqual({ kind: "deleted", entity: "folder", id: ID, path: "sq01/sh010", shotgrid: { type: "Shot", id: 1234 } });
    expect(pushIntentOf(deleted({ shotgridId: "removed", shotgridType: "Shot" }))).toMatchObject({ kind: "deleted", shotgrid: null });
    expect(pushIntentOf({ topic: "entity.task.deleted", summary: { entityId: ID }, payload: {} })).toEqual({ kind: "deleted", entity: "task", id: ID, path: null, shotgrid: null });
  });
});
