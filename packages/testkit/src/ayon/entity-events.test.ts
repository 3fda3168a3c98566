// The update events against what ayon-backend 1.16.0 stored for the same patches (compared on a real server).
import { describe, expect, it } from "@jest/globals";
import { changeEvents, type EntitySnapshot } from "./entity-events.js";

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
  describe("descriptions of other columns", () => {
    it("prints the new value as Python's str(), and only when it is shorter than 30 characters", () => {
      expect(changeEvents("folder", "demo", folder(), { label: null })[0]!.description).toBe("Changed folder /sq010/sh010 label to None");
      expect(changeEvents("task", "demo", folder({ assignees: [] }), { assignees: ["alice", "bob"] })[0]!.description).toBe(
        "Changed task /sq010/sh010 assignees to ['alice', 'bob']",
      );
      // 29 characters: still printed.
      expect(changeEvents("folder", "demo", folder(), { label: "a".repeat(29) })[0]!.description).toBe(`Changed folder /sq010/sh010 label to ${"a".repeat(29)}`);
      expect(changeEvents("folder", "demo", folder(), { label: "a".repeat(30) })[0]!.description).toBe("Changed folder /sq010/sh010 label");
    });
  });
});
