import { describe, expect, it } from "@jest/globals";
import { formatCounts, verifySync, type AyonEntity, type ShotgridEntity } from "./verify.js";

type Input = Parameters<typeof verifySync>[0];

/** A tiny synced world: 1 episode, 1 sequence, 2 shots, 1 asset in 1 category, 2 tasks, all linked. */
function syncedWorld(): Input {
  const expected = { Episode: [1], Sequence: [2], Shot: [3, 4], Asset: [5], Task: [6, 7] };
  const ayon: AyonEntity[] = [];
  const shotgrid: ShotgridEntity[] = [];
  for (const [type, ids] of Object.entries(expected)) {
    for (const id of ids) {
      ayon.push({ id: `ayon-${id}`, shotgridType: type, shotgridId: String(id) });
      shotgrid.push({ type, id, sgAyonId: `ayon-${id}` });
    }
  }
  ayon.push({ id: "ayon-cat", shotgridType: "AssetCategory", shotgridId: "prop" });
  return { expected, categories: 1, ayon, shotgrid, project: { ayonName: "demo", sgAyonId: "demo", ayonShotgridId: "9", sgProjectId: 9 } };
}

describe("verifySync", () => {
  it("accepts a project where AYON mirrors ShotGrid and every entity is linked", () => {
    const result = verifySync(syncedWorld());
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      { type: "Episode", shotgrid: 1, ayon: 1, linked: 1 },
      { type: "Sequence", shotgrid: 1, ayon: 1, linked: 1 },
      { type: "Shot", shotgrid: 2, ayon: 2, linked: 2 },
      { type: "Asset", shotgrid: 1, ayon: 1, linked: 1 },
      { type: "AssetCategory", shotgrid: null, ayon: 1, linked: null },
      { type: "Task", shotgrid: 2, ayon: 2, linked: 2 },
    ]);
  });

  it("names a missing AYON entity, an extra one, a missing link and a wrong project link", () => {
    const world = syncedWorld();
    // Shot 4 never reached AYON; a task ShotGrid does not have did.
    world.ayon = [...world.ayon.filter((e) => e.shotgridId !== "4"), { id: "stray", shotgridType: "Task", shotgridId: "99" }];
    world.shotgrid.find((e) => e.id === 6)!.sgAyonId = null; // task 6 not written back
    world.project.sgAyonId = "other";
    const { problems, rows } = verifySync(world);
    expect(rows.find((r) => r.type === "Shot")).toEqual({ type: "Shot", shotgrid: 2, ayon: 1, linked: 1 });
    expect(problems).toEqual([
      "1 ShotGrid Shot(s) have no AYON entity (e.g. id 4)",
      "AYON has 1 Shot entities, ShotGrid 2",
      "1 ShotGrid Shot(s) lack the sg_ayon_id of their AYON entity (e.g. id 4)",
      "AYON has 3 Task entities, ShotGrid 2",
      "1 ShotGrid Task(s) lack the sg_ayon_id of their AYON entity (e.g. id 6)",
      "the ShotGrid project's sg_ayon_id is other, not demo",
    ]);
  });

  it("counts a link only when sg_ayon_id names the very AYON entity carrying the id", () => {
    const world = syncedWorld();
    world.shotgrid.find((e) => e.id === 3)!.sgAyonId = "ayon-4";
    world.categories = 2;
    world.project.ayonShotgridId = null;
    const { problems } = verifySync(world);
    expect(problems).toContain("1 ShotGrid Shot(s) lack the sg_ayon_id of their AYON entity (e.g. id 3)");
    expect(problems).toContain("AYON has 1 AssetCategory folders, the assets use 2 categories");
    expect(problems).toContain("the AYON project demo is not linked to ShotGrid project 9 (shotgridId unset)");
  });
});

describe("formatCounts", () => {
  it("prints an aligned table with - where a column does not apply", () => {
    const table = formatCounts([
      { type: "Shot", shotgrid: 300, ayon: 300, linked: 300 },
      { type: "AssetCategory", shotgrid: null, ayon: 4, linked: null },
    ]);
    expect(table.split("\n")).toEqual([
      "                ShotGrid   AYON   linked",
      "Shot                 300    300      300",
      "AssetCategory          -      4        -",
    ]);
  });
});
