// folder_parenting in the full sync against both emulators: an import with a type-grouping preset, then the
// preset changed (to root relocation, then off) on the synced project: nothing moves, nothing is created twice;
// only a real ShotGrid parent change moves an entity.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, SilentLogger } from "@ayon-sg/core";
import { runFullSync, type FullSyncSummary } from "./full-sync.js";
import { loadProjectContext } from "./project-context.js";
import { ayonWrites, linkedProject, SMALL_PROJECT, startSyncEnv, type SyncEnv } from "./sync-env.test-helpers.js";

let env: SyncEnv;
beforeAll(async () => {
  env = await startSyncEnv();
});
afterAll(async () => {
  await env?.close();
});

const off = { enabled: false, presets: [] };
const GROUPING = {
  root_relocate: off,
  type_grouping: {
    enabled: true,
    presets: [
      { filter_by_sg_entity_type: "Shot", parents: [{ folder_type: "Folder", folder_name: "shots" }] },
      { filter_by_sg_entity_type: "Asset", parents: [{ folder_type: "Folder", folder_name: "lib" }, { folder_type: "Folder", folder_name: "assets" }] },
    ],
  },
};
const RELOCATION = { root_relocate: { enabled: true, presets: [{ filter_by_sg_entity_type: "Sequence", parents: [{ folder_type: "Folder", folder_name: "sequences" }] }] }, type_grouping: off };
const NONE = { root_relocate: off, type_grouping: off };

async function sync(project: string, folderParenting: unknown): Promise<FullSyncSummary> {
  const settings = new AddonSettings("shotgrid", null, { ...env.studioSettings, compatibility_settings: { folder_parenting: folderParenting } }, null);
  const loaded = await loadProjectContext({ ayon: env.ayon, sg: env.sg, settings }, project);
  if (!loaded.ok) throw new Error(loaded.reason);
  return runFullSync({ ayon: env.ayon, sg: env.sg, logger: new SilentLogger() }, loaded.context);
}

/** Every AYON folder as `path → shotgridType:shotgridId` (layout folders show their type only). */
function folders(project: string): Map<string, string> {
  const state = env.ayonEmulator.state.project(project)!;
  const byId = new Map([...state.folders.values()].map((f) => [f.id, f]));
  const path = (id: string): string => {
    const f = byId.get(id)!;
    return f.parentId ? `${path(f.parentId)}/${f.name}` : f.name;
  };
  const out = new Map<string, string>();
  for (const f of state.folders.values()) out.set(path(f.id), `${String(f.attrib.shotgridType)}:${String(f.attrib.shotgridId ?? "-")}`);
  return out;
}

describe("folder_parenting in the full sync", () => {
  it("lays out an import by the preset; a preset change then moves and creates nothing; a real parent change moves", async () => {
    const g = await linkedProject(env, "layout_full", SMALL_PROJECT);
    const first = await sync("layout_full", GROUPING);
    expect(first.failed).toBe(0);
    const laidOut = folders("layout_full");
    expect(laidOut.get("shots")).toBe("Folder:-");
    expect(laidOut.get("lib/assets")).toBe("Folder:-");
    for (const shot of g.tree.shots) expect(laidOut.get(`shots/${shot.code}`)).toBe(`Shot:${shot.id}`);
    for (const asset of g.tree.assets) expect(laidOut.get(`lib/assets/${asset.category.toLowerCase()}/${asset.code}`)).toBe(`Asset:${asset.id}`);
    expect([...laidOut.values()].filter((v) => v === "Folder:-")).toHaveLength(3);

    for (const preset of [GROUPING, RELOCATION, NONE, GROUPING]) {
      env.ayonEmulator.resetStats();
      const again = await sync("layout_full", preset);
      expect([again.failed, again.folders.created, again.folders.updated]).toEqual([0, 0, 0]);
      expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
      expect(folders("layout_full")).toEqual(laidOut);
    }

    // ShotGrid changes under "no preset": a new shot goes under its sequence; an asset that changes category
    // moves into the other category where it is; a shot whose sequence changed stays in the layout it was put in.
    const asset = g.tree.assets.find((a) => a.category === "Character")!;
    const seq = g.tree.sequences[0]!;
    env.sgEmulator.store.update("Asset", asset.id, { sg_asset_type: "Prop" });
    const shot = env.sgEmulator.store.create("Shot", { project: { type: "Project", id: g.projectId }, code: "late_shot", sg_sequence: { type: "Sequence", id: seq.id } });
    const grouped = g.tree.shots[0]!;
    const otherSeq = g.tree.sequences.find((s) => s.id !== grouped.sequence)!;
    env.sgEmulator.store.update("Shot", grouped.id, { sg_sequence: { type: "Sequence", id: otherSeq.id } });
    const after = await sync("layout_full", NONE);
    expect([after.failed, after.folders.created, after.folders.updated]).toEqual([0, 1, 1]);
    const now = folders("layout_full");
    expect(now.get(`lib/assets/prop/${asset.code}`)).toBe(`Asset:${asset.id}`);
    expect([...now.entries()].find(([, v]) => v === `Shot:${shot.id}`)![0]).toMatch(new RegExp(`/${seq.code}/late_shot$`));
    expect(now.get(`shots/${grouped.code}`)).toBe(`Shot:${grouped.id}`);
    expect(now.size).toBe(laidOut.size + 1);
  });
});
