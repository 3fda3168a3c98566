import { describe, expect, it } from "@jest/globals";
import type { FolderListItem, Task } from "@ayon-sg/core";
import { AyonTree, folderFromRest, taskFromWire } from "./ayon-tree.js";
import {
  ayonIdOrNull, identityAttrib, identityKey, identityKeyOf, matchFallback, readIdentity, readOwnIdentity, REMOVED_MARKER, type MatchCandidate,
} from "./identity.js";

const id = (n: number) => n.toString(16).padStart(32, "0");

function folder(n: number, name: string, parent: number | null, attrib: Record<string, unknown> = {}): FolderListItem {
  return {
    id: id(n), path: name, parentId: parent === null ? null : id(parent), parents: [], name, label: null, folderType: "Shot",
    hasTasks: false, taskNames: [], status: "Not ready", tags: [], hasChildren: false, hasVersions: false, attrib, ownAttrib: Object.keys(attrib),
  };
}

function task(n: number, name: string, folderN: number, attrib: Record<string, unknown> = {}, active = true): Task {
  return { id: id(n), name, label: null, taskType: "Generic", folderId: id(folderN), attrib, ownAttrib: Object.keys(attrib), data: {}, active, status: "Not ready" };
}

describe("identity attributes", () => {
  it("reads shotgridId as a string and blank values as null", () => {
    expect(readIdentity({ shotgridId: 12, shotgridType: "Shot" })).toEqual({ shotgridId: "12", shotgridType: "Shot" });
    expect(readIdentity({ shotgridId: " ", shotgridType: "" })).toEqual({ shotgridId: null, shotgridType: null });
    expect(readIdentity(undefined)).toEqual({ shotgridId: null, shotgridType: null });
  });

  it("reads identity from own attributes only: an exported (inherited) value is not the entity's", () => {
    const attrib = { shotgridId: "12", shotgridType: "Sequence" };
    expect(readOwnIdentity(attrib, [])).toEqual({ shotgridId: null, shotgridType: null });
    expect(readOwnIdentity(attrib, undefined)).toEqual({ shotgridId: null, shotgridType: null });
    expect(readOwnIdentity(attrib, ["shotgridId", "shotgridType"])).toEqual({ shotgridId: "12", shotgridType: "Sequence" });
    const tree = AyonTree.fromWire([folder(1, "sq01", null, attrib), { ...folder(2, "native", 1, attrib), ownAttrib: [] }], []);
    expect(tree.byIdentity("folder", "Sequence:12")?.id).toBe(id(1));
    expect(tree.folders.get(id(2))?.identity).toEqual({ shotgridId: null, shotgridType: null });
    expect(tree.duplicateIdentities).toEqual([]);
  });

  it("writes shotgridId as a string", () => {
    expect(identityAttrib("Shot", 12)).toEqual({ shotgridId: "12", shotgridType: "Shot" });
  });

  it("keys identities per type, categories case-insensitively", () => {
    expect(identityKey("Shot", 12)).toBe("Shot:12");
    expect(identityKey("AssetCategory", "Character")).toBe("AssetCategory:character");
    expect(identityKeyOf({ shotgridId: "12", shotgridType: "Task" })).toBe("Task:12");
    expect(identityKeyOf({ shotgridId: REMOVED_MARKER, shotgridType: "Task" })).toBeNull();
    expect(identityKeyOf({ shotgridId: "12", shotgridType: null })).toBeNull();
  });

  it("accepts only AYON ids in sg_ayon_id", () => {
    expect(ayonIdOrNull(id(5))).toBe(id(5));
    expect(ayonIdOrNull("not an id")).toBeNull();
    expect(ayonIdOrNull("ABCDEF".padStart(32, "0"))).toBeNull();
    expect(ayonIdOrNull(null)).toBeNull();
  });
});

describe("the AYON tree indexes", () => {
  const tree = AyonTree.fromWire(
    [
      folder(1, "ep01", null, { shotgridId: "1", shotgridType: "Episode" }),
      folder(2, "SH010", 1, { shotgridId: "10", shotgridType: "Shot" }),
      folder(3, "dup", 1, { shotgridId: "10", shotgridType: "Shot" }),
      folder(4, "Character", null, { shotgridId: "Character", shotgridType: "AssetCategory" }),
    ],
    [task(50, "Comp", 2, { shotgridId: "10", shotgridType: "Task" }), task(51, "old", 2, {}, false)],
  );

  it("finds by id, identity (per kind) and parent + lowercase name", () => {
    expect(tree.byId(id(2))?.name).toBe("SH010");
    expect(tree.byId(id(50))?.kind).toBe("task");
    expect(tree.byIdentity("folder", "Shot:10")?.id).toBe(id(2));
    expect(tree.byIdentity("task", "Task:10")?.id).toBe(id(50));
    expect(tree.byIdentity("folder", "Task:10")).toBeUndefined();
    expect(tree.byIdentity("folder", identityKey("AssetCategory", "character"))?.id).toBe(id(4));
    expect(tree.childByName("folder", id(1), "sh010")?.id).toBe(id(2));
    expect(tree.childByName("folder", null, "ep01")?.id).toBe(id(1));
    expect(tree.childByName("task", id(2), "comp")?.id).toBe(id(50));
  });

  it("keeps the first of duplicated identities and reports the key", () => {
    expect(tree.duplicateIdentities).toEqual(["Shot:10"]);
  });

  it("inactive tasks do not take names", () => {
    expect(tree.childByName("task", id(2), "old")).toBeUndefined();
    expect(tree.namesUnder("task", id(2))).toEqual(new Set(["comp"]));
    expect(tree.size).toBe(6);
  });
});

describe("matching order: sg_ayon_id, then name under the parent", () => {
  const tree = AyonTree.fromWire(
    [
      folder(1, "ep01", null),
      folder(2, "sh010", 1),
      folder(3, "sh020", 1, { shotgridId: "20", shotgridType: "Shot" }),
      folder(4, "sh030", 1, { shotgridId: REMOVED_MARKER, shotgridType: "Shot" }),
      folder(5, "sh040", 1, { shotgridId: "999", shotgridType: "Shot" }),
    ],
    [],
  );
  const live = new Set(["Shot:20"]);
  const isOwned = (key: string) => live.has(key);
  const candidate = (over: Partial<MatchCandidate>): MatchCandidate => ({
    key: "Shot:77", kind: "folder", sgType: "Shot", sgAyonId: null, lowerName: "nothing", parentId: id(1), ...over,
  });

  it("adopts the entity named by sg_ayon_id when no live entity owns it", () => {
    expect(matchFallback(candidate({ sgAyonId: id(2) }), tree, new Set(), isOwned)).toEqual({ entity: tree.byId(id(2)), by: "sgAyonId" });
    // retired in ShotGrid and kept in AYON: revived through its sg_ayon_id
    expect(matchFallback(candidate({ sgAyonId: id(4) }), tree, new Set(), isOwned)?.by).toBe("sgAyonId");
    // linked to an entity this sync did not see (an orphan): may be adopted by id
    expect(matchFallback(candidate({ sgAyonId: id(5) }), tree, new Set(), isOwned)?.by).toBe("sgAyonId");
  });

  it("never takes an entity a live ShotGrid entity owns, or one already claimed", () => {
    expect(matchFallback(candidate({ sgAyonId: id(3) }), tree, new Set(), isOwned)).toBeNull();
    expect(matchFallback(candidate({ sgAyonId: id(2) }), tree, new Set([id(2)]), isOwned)).toBeNull();
  });

  it("does not adopt by sg_ayon_id across kinds or types", () => {
    expect(matchFallback(candidate({ sgAyonId: id(2), kind: "task" }), tree, new Set(), isOwned)).toBeNull();
    expect(matchFallback(candidate({ sgAyonId: id(5), sgType: "Asset" }), tree, new Set(), isOwned)).toBeNull();
  });

  it("adopts an unlinked entity with the same name under the same parent", () => {
    expect(matchFallback(candidate({ lowerName: "sh010" }), tree, new Set(), isOwned)).toEqual({ entity: tree.byId(id(2)), by: "name" });
    expect(matchFallback(candidate({ lowerName: "sh010", parentId: null }), tree, new Set(), isOwned)).toBeNull();
    expect(matchFallback(candidate({ lowerName: "sh010", parentId: undefined }), tree, new Set(), isOwned)).toBeNull();
  });

  it("does not adopt by name an entity linked to anything (live, orphan or removed)", () => {
    for (const name of ["sh020", "sh030", "sh040"]) {
      expect(matchFallback(candidate({ lowerName: name }), tree, new Set(), isOwned)).toBeNull();
    }
  });
});

describe("single entities read over REST", () => {
  it("map to the same shapes as the bulk listing", () => {
    const rest = folderFromRest({
      id: id(9), name: "sh010", label: "Shot 10", folderType: "Shot", parentId: id(1), status: "Ready", attrib: { shotgridId: 10, shotgridType: "Shot", fps: 25 }, ownAttrib: ["shotgridId", "shotgridType"],
      data: {}, active: true, hasVersions: true,
    });
    expect(rest).toEqual({
      id: id(9), kind: "folder", name: "sh010", label: "Shot 10", parentId: id(1), identity: { shotgridId: "10", shotgridType: "Shot" },
      folderType: "Shot", status: "Ready", hasVersions: true,
      // The mapped fields compare against the effective values, as the listing gives them.
      fields: { attrib: { shotgridId: 10, shotgridType: "Shot", fps: 25 }, tags: [] },
    });
    const tree = new AyonTree([rest], [taskFromWire(task(10, "comp", 9, { shotgridId: "5", shotgridType: "Task" }))]);
    expect(tree.byIdentity("folder", "Shot:10")?.id).toBe(id(9));
    expect(tree.childByName("task", id(9), "comp")?.identity).toEqual({ shotgridId: "5", shotgridType: "Task" });
  });
});
