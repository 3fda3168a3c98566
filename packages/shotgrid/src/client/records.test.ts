import { describe, expect, it } from "@jest/globals";
import { checkWireRecord, flattenRecord, linkOf, linksOf, readListEnvelope, WireShapeError } from "./records.js";

describe("records are flattened", () => {
  // A Version record as the REST API answers it.
  const wire = checkWireRecord({
    type: "Version",
    id: 17055,
    attributes: { code: "charA_art_v001", sg_status_list: "fin", "sg_task.Task.content": "Art", sg_fps: "24.0" },
    relationships: {
      entity: { data: { id: 1230, name: "charA", type: "Asset" }, links: { self: "x", related: "y" } },
      sg_task: { data: null, links: { self: "x" } },
      playlists: { data: [{ id: 3, name: "dailies", type: "Playlist" }, { id: 4, name: "review", type: "Playlist" }], links: { self: "x" } },
      tags: { data: [], links: { self: "x" } },
    },
    links: { self: "/api/v1/entity/versions/17055" },
  }, "data");

  it("puts attributes and links side by side on one plain object", () => {
    expect(flattenRecord(wire)).toEqual({
      type: "Version",
      id: 17055,
      code: "charA_art_v001",
      sg_status_list: "fin",
      "sg_task.Task.content": "Art",
      sg_fps: "24.0",
      entity: { type: "Asset", id: 1230, name: "charA" },
      sg_task: null,
      playlists: [{ type: "Playlist", id: 3, name: "dailies" }, { type: "Playlist", id: 4, name: "review" }],
      tags: [],
    });
  });

  it("accepts a record without attributes or relationships", () => {
    expect(flattenRecord(checkWireRecord({ type: "Shot", id: 1 }, "data"))).toEqual({ type: "Shot", id: 1 });
  });

  it("never lets an attribute overwrite the record's type or id", () => {
    const r = flattenRecord(checkWireRecord({ type: "Shot", id: 1, attributes: { id: 99, type: "x", code: "a" } }, "data"));
    expect(r).toEqual({ type: "Shot", id: 1, code: "a" });
  });

  it("reads links back with linkOf/linksOf", () => {
    const flat = flattenRecord(wire);
    expect(linkOf(flat, "entity")).toEqual({ type: "Asset", id: 1230, name: "charA" });
    expect(linkOf(flat, "sg_task")).toBeNull();
    expect(linkOf(flat, "code")).toBeNull();
    expect(linksOf(flat, "playlists").map((l) => l.id)).toEqual([3, 4]);
    expect(linksOf(flat, "missing")).toEqual([]);
  });
});

describe("envelope shape checks", () => {
  it("accepts a list envelope and names the first place a record departs from it", () => {
    expect(readListEnvelope({ data: [{ type: "Shot", id: 1 }], links: { next: "x" } })).toHaveLength(1);
    const bad: Array<[unknown, string]> = [
      [{ data: [{ type: "Shot", id: 1 }, { type: "Shot", id: "2" }] }, "data.1.id"],
      [{ data: [{ id: 1 }] }, "data.0.type"],
      [{ data: [{ type: "Shot", id: 1, attributes: [] }] }, "data.0.attributes"],
      [{ data: [{ type: "Shot", id: 1, relationships: { sg_sequence: { data: { type: "Sequence" } } } }] }, "data.0.relationships.sg_sequence.data"],
      [{ data: [{ type: "Shot", id: 1, relationships: { assets: { data: [{ type: "Asset", id: 1, name: 5 }] } } }] }, "data.0.relationships.assets.data.0"],
      [{ data: {} }, "data"],
      ["<html>", "(body)"],
    ];
    for (const [body, path] of bad) {
      let caught: unknown;
      try {
        readListEnvelope(body);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(WireShapeError);
      expect((caught as WireShapeError).path).toBe(path);
    }
  });
});
