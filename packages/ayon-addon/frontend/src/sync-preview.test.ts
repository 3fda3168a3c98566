import { describe, expect, it } from "@jest/globals";
import { buildRequestEvent } from "./api.js";
import { parseRoot, parseSyncPreview } from "./sync-preview.js";

const ROOTS = [{ type: "Sequence", id: 12, path: "ep01/sq010" }, { type: "Shot", id: 30, path: "ep01/sq010/sh0010" }];

describe("the sub-tree an operator names", () => {
  it("reads Type id in the usual spellings", () => {
    expect(parseRoot("Sequence 12", ROOTS)).toEqual({ type: "Sequence", id: 12 });
    expect(parseRoot(" Shot:1234 ", ROOTS)).toEqual({ type: "Shot", id: 1234 });
    expect(parseRoot("Episode #7", ROOTS)).toEqual({ type: "Episode", id: 7 });
  });

  it("reads a path the picker offered, and nothing else", () => {
    expect(parseRoot("ep01/sq010/sh0010", ROOTS)).toEqual({ type: "Shot", id: 30 });
    expect(parseRoot("ep01/sq999", ROOTS)).toBeNull();
    expect(parseRoot("", ROOTS)).toBeNull();
  });
});

describe("the preview and sync requests", () => {
  it("carry preview, fingerprint and root in the sync-from-shotgrid payload", () => {
    const previewed = buildRequestEvent({ action: "sync-from-shotgrid", projectName: "big_show", plan: { preview: true, root: { type: "Sequence", id: 12 } } }, "r1");
    expect(previewed.payload).toEqual({ action: "sync-from-shotgrid", project_name: "big_show", preview: true, root: { type: "Sequence", id: 12 }, requestId: "r1" });
    expect(previewed.description).toBe("Preview the sync of big_show from ShotGrid (Sequence 12)");
    const synced = buildRequestEvent({ action: "sync-from-shotgrid", projectName: "big_show", plan: { fingerprint: "abc", root: null } }, "r2");
    expect(synced.payload).toEqual({ action: "sync-from-shotgrid", project_name: "big_show", fingerprint: "abc", root: null, requestId: "r2" });
  });

  it("reads a preview reply, and refuses what is not one", () => {
    const preview = parseSyncPreview({ fingerprint: "f", totals: { folders: { created: 1, updated: 0 }, tasks: { created: 0, updated: 0 } }, counts: {}, items: [] });
    expect(preview).toMatchObject({ fingerprint: "f", roots: [], failed: [] });
    expect(parseSyncPreview({ project: "big_show", folders: { created: 1 } })).toBeNull();
    expect(parseSyncPreview(null)).toBeNull();
  });
});
