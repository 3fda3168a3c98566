// The update events against what ayon-backend 1.16.0 stored for the same patches (compared on a real server).
import { describe, expect, it } from "@jest/globals";
import { assigneesAssignedEvent, changeEvents, type EntitySnapshot } from "./entity-events.js";

const folder = (over: Partial<EntitySnapshot> = {}): EntitySnapshot => ({
  id: "f1",
  parentId: "p1",
  path: "/sq010/sh010",
  name: "sh010",
  status: "Not ready",
  tags: ["a", "b"],
  attrib: { resolutionWidth: 1920 },
  data: { x: 1, y: 2 },
  label: "Shot",
  folderType: "Shot",
  thumbnailId: null,
  active: true,
  ...over,
});

const topics = (events: ReturnType<typeof changeEvents>) => events.map((e) => e.topic);

describe("changeEvents", () => {
  describe("tags", () => {
    it("emits the diff event and then the column event, both carrying the list as the shared value", () => {
      const events = changeEvents("folder", "demo", folder(), { tags: ["a", "x"], label: "Shot A" });
      expect(topics(events)).toEqual(["entity.folder.tags_changed", "entity.folder.label_changed", "entity.folder.tags_changed"]);
      expect(events.map((e) => e.description)).toEqual([
        "Added folder /sq010/sh010 tag xRemoved  b",
        "Changed folder /sq010/sh010 label to Shot A",
        "Changed folder /sq010/sh010 tags to ['a', 'x']",
      ]);
      for (const e of events) expect(e.summary.value).toEqual(["a", "x"]);
      expect(events[2]!.payload).toEqual({ oldValue: ["a", "b"], newValue: ["a", "x"] });
    });

    it("gives the tags list as value even when active changes after it", () => {
      const events = changeEvents("task", "demo", folder({ tags: ["t0"] }), { tags: ["t1"], active: false });
      expect(topics(events)).toEqual(["entity.task.tags_changed", "entity.task.active_changed", "entity.task.tags_changed"]);
      for (const e of events) expect(e.summary.value).toEqual(["t1"]);
    });

    it("emits only the column event for a pure reorder", () => {
      const events = changeEvents("folder", "demo", folder(), { tags: ["b", "a"] });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ topic: "entity.folder.tags_changed", description: "Changed folder /sq010/sh010 tags to ['b', 'a']" });
    });

    it("words a removal with the server's spacing", () => {
      const events = changeEvents("folder", "demo", folder(), { tags: ["a"] });
      expect(events[0]!.description).toBe("Removed folder /sq010/sh010 tag  b");
      expect(changeEvents("folder", "demo", folder(), { tags: ["a", "b", "c", "d"] })[0]!.description).toBe("Added folder /sq010/sh010 tags c, d");
    });
  });

  describe("data", () => {
    it("compares the whole old data with the partial data of the patch, and reports the partial data", () => {
      const subset = changeEvents("folder", "demo", folder(), { data: { x: 1 } });
      expect(subset).toHaveLength(1);
      expect(subset[0]).toMatchObject({
        topic: "entity.folder.data_changed",
        description: "Changed folder /sq010/sh010 data to {'x': 1}",
        summary: { value: { x: 1 } },
        payload: { oldValue: { x: 1, y: 2 }, newValue: { x: 1 } },
      });
      const unset = changeEvents("folder", "demo", folder(), { data: { y: null } })[0]!;
      expect(unset.description).toBe("Changed folder /sq010/sh010 data to {'y': None}");
      expect(unset.payload).toEqual({ oldValue: { x: 1, y: 2 }, newValue: { y: null } });
    });

    it("emits nothing when the patch's data equals the whole data", () => {
      expect(changeEvents("folder", "demo", folder(), { data: { x: 1, y: 2 } })).toEqual([]);
    });
  });

  describe("attrib", () => {
    it("reports unsetting an attribute the entity does not own as newValue {k: null}", () => {
      const events = changeEvents("folder", "demo", folder(), { attrib: { fps: null } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ description: "Changed folder /sq010/sh010 attributes: fps", payload: { oldValue: {}, newValue: { fps: null } } });
      expect(events[0]!.summary).not.toHaveProperty("value");
    });

    it("drops an own attribute whose value stays, and reports a changed one on both sides", () => {
      const events = changeEvents("folder", "demo", folder(), { attrib: { resolutionWidth: 1920, fps: 30 } });
      expect(events[0]!.payload).toEqual({ oldValue: {}, newValue: { fps: 30 } });
      const own = changeEvents("folder", "demo", folder(), { attrib: { resolutionWidth: null } });
      expect(own[0]!.payload).toEqual({ oldValue: { resolutionWidth: 1920 }, newValue: { resolutionWidth: null } });
      expect(changeEvents("folder", "demo", folder(), { attrib: { resolutionWidth: 1920 } })).toEqual([]);
    });
  });

  describe("descriptions of other columns", () => {
    it("prints the new value as Python's str(), and only when it is shorter than 30 characters", () => {
      expect(changeEvents("folder", "demo", folder(), { label: null })[0]!.description).toBe("Changed folder /sq010/sh010 label to None");
      expect(changeEvents("task", "demo", folder({ assignees: [] }), { assignees: ["alice", "bob"] })[0]!.description).toBe(
        "Changed task /sq010/sh010 assignees to ['alice', 'bob']",
      );
      expect(changeEvents("folder", "demo", folder(), { data: { long: "abcdefghijklmnopqrstuvwxyz" } })[0]!.description).toBe("Changed folder /sq010/sh010 data");
      // 29 characters: still printed.
      expect(changeEvents("folder", "demo", folder(), { label: "a".repeat(29) })[0]!.description).toBe(`Changed folder /sq010/sh010 label to ${"a".repeat(29)}`);
      expect(changeEvents("folder", "demo", folder(), { label: "a".repeat(30) })[0]!.description).toBe("Changed folder /sq010/sh010 label");
    });
  });
});

describe("assigneesAssignedEvent", () => {
  it("has summary {entityId, parentId} only and names the task by its name", () => {
    expect(assigneesAssignedEvent("demo", { id: "t1", folderId: "f1", name: "anim" }, ["bob"], ["bob", "carol"])).toEqual({
      topic: "entity.task.assignees_changed",
      project: "demo",
      description: "Changed task anim assignees",
      summary: { entityId: "t1", parentId: "f1" },
      payload: { oldValue: ["bob"], newValue: ["bob", "carol"] },
    });
  });
});
