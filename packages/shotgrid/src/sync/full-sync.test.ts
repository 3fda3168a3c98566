import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, SilentLogger } from "@ayon-sg/core";
import { runFullSync, type FullSyncSummary } from "./full-sync.js";
import { AYON_ENTITY_NAME } from "./naming.js";
import { loadProjectContext, type ProjectContext } from "./project-context.js";
import {
  actualTree, ayonWrites, expectedTree, linkedProject, shotgridAyonIds, shotgridWrites, SMALL_PROJECT, startSyncEnv, type SyncEnv,
} from "./sync-env.test-helpers.js";

let env: SyncEnv;
const logger = new SilentLogger();

beforeAll(async () => {
  env = await startSyncEnv();
});
afterAll(async () => {
  await env?.close();
});

async function context(project: string, settings = env.settings): Promise<ProjectContext> {
  const result = await loadProjectContext({ ayon: env.ayon, sg: env.sg, settings }, project);
  if (!result.ok) throw new Error(result.reason);
  return result.context;
}

async function sync(project: string, options: Parameters<typeof runFullSync>[2] = {}, settings = env.settings): Promise<FullSyncSummary> {
  return runFullSync({ ayon: env.ayon, sg: env.sg, logger }, await context(project, settings), options);
}

function resetStats(): void {
  env.ayonEmulator.resetStats();
  env.sgEmulator.resetStats();
}

describe("full sync SG → AYON against both emulators", () => {
  it("imports a generated project exactly, writes every sg_ayon_id back, and a re-run writes nothing", async () => {
    const generated = await linkedProject(env, "full_a", SMALL_PROJECT);
    const progress: number[] = [];
    const first = await sync("full_a", { progress: (p) => progress.push(p) });
    expect(first.failed).toBe(0);
    expect(first.folders.created).toBe(1 + 2 + 6 + 4 + 2);
    expect(first.tasks.created).toBe((6 + 4) * 2);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const { tree, ids, unlinked } = actualTree(env.ayonEmulator, "full_a");
    expect(unlinked).toBe(0);
    expect(tree).toEqual(expectedTree(generated));
    const sgIds = shotgridAyonIds(env.sgEmulator, generated);
    for (const [key, value] of sgIds) expect([key, value]).toEqual([key, ids.get(key)]);
    const sgProject = env.sgEmulator.store.findOne("Project", generated.projectId, { fields: ["sg_ayon_id", "sg_ayon_sync_status"] });
    expect(sgProject).toMatchObject({ sg_ayon_id: "full_a", sg_ayon_sync_status: "Synced" });

    resetStats();
    const second = await sync("full_a");
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    expect(second.folders).toEqual({ created: 0, updated: 0, unchanged: 15 });
    expect(second.tasks).toEqual({ created: 0, updated: 0, unchanged: 20 });
    expect(second.shotgridWrites).toBe(0);
  });

  it("adds the anatomy the project lacks: folder types, task types from Steps, statuses by code", async () => {
    const project = await env.ayon.getProject("full_a");
    const folderTypes = project!.folderTypes.map((t) => t.name);
    expect(folderTypes).toEqual(expect.arrayContaining(["Episode", "Sequence", "Shot", "Asset", "AssetCategory"]));
    const taskTypes = project!.taskTypes.map((t) => t.name);
    expect(taskTypes).toEqual(expect.arrayContaining(["Generic", "Layout", "Animation", "Concept", "Modeling"]));
    const shortNames = project!.statuses.map((s) => s.shortName?.toLowerCase());
    expect(shortNames).toEqual(expect.arrayContaining(["wtg", "ip", "fin"]));
  });

  it("follows ShotGrid changes: labels and parents, nothing else", async () => {
    const generated = await linkedProject(env, "full_b", SMALL_PROJECT);
    await sync("full_b");
    const [shotA, shotB] = generated.tree.shots;
    const otherSequence = generated.tree.sequences.find((s) => s.id !== shotA!.sequence)!;
    env.sgEmulator.store.update("Shot", shotA!.id, { code: "renamed in SG", sg_sequence: { type: "Sequence", id: otherSequence.id } });
    resetStats();
    const summary = await sync("full_b");
    expect(summary.folders).toMatchObject({ created: 0, updated: 1 });
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({ "POST /api/projects/{projectName}/operations": 1 });
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    const { tree } = actualTree(env.ayonEmulator, "full_b");
    expect(tree.get(`Shot:${shotA!.id}`)).toEqual({ kind: "folder", name: shotA!.code, label: "renamed in SG", type: "Shot", parent: `Sequence:${otherSequence.id}` });
    expect(tree.get(`Shot:${shotB!.id}`)?.label).toBe(shotB!.code);
  });

  it("counts AYON entities whose ShotGrid entity was retired and leaves them in place", async () => {
    const generated = await linkedProject(env, "full_c", SMALL_PROJECT);
    await sync("full_c");
    const task = generated.tree.tasks[0]!;
    env.sgEmulator.store.retire("Task", task.id);
    resetStats();
    const summary = await sync("full_c");
    expect(summary.orphaned).toBe(1);
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
    expect(actualTree(env.ayonEmulator, "full_c").tree.has(`Task:${task.id}`)).toBe(true);
  });

  it("skips Tasks of types the project does not sync and says so in ShotGrid", async () => {
    const generated = await linkedProject(env, "full_no_assets", SMALL_PROJECT);
    const settings = new AddonSettings("shotgrid", null, {
      ...env.studioSettings, compatibility_settings: { shotgrid_enabled_entities: ["Project", "Episode", "Sequence", "Shot", "Task"] },
    }, null);
    const summary = await sync("full_no_assets", {}, settings);
    expect(summary).toMatchObject({ failed: 0, skipped: 8, folders: { created: 9 }, tasks: { created: 12 } });
    const assetTask = generated.tree.tasks.find((t) => t.entity.type === "Asset")!;
    const shotTask = generated.tree.tasks.find((t) => t.entity.type === "Shot")!;
    const read = (id: number) => env.sgEmulator.store.findOne("Task", id, { fields: ["sg_ayon_id", "sg_ayon_sync_status"] });
    expect(read(assetTask.id)).toMatchObject({ sg_ayon_id: null, sg_ayon_sync_status: "Skipped" });
    expect(read(shotTask.id)).toMatchObject({ sg_ayon_sync_status: "Synced" });
    expect(env.sgEmulator.store.findOne("Project", generated.projectId, { fields: ["sg_ayon_sync_status"] })?.sg_ayon_sync_status).toBe("Synced");
    resetStats();
    await sync("full_no_assets", {}, settings);
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
  });

  it("gives nasty ShotGrid names valid, unique AYON names and clean labels, and converges", async () => {
    await linkedProject(env, "full_nasty", { ...SMALL_PROJECT, shots: 30, assets: 12, tasksPerEntity: 7, nasty: true });
    const first = await sync("full_nasty");
    expect(first.failed).toBe(0);
    const state = env.ayonEmulator.state.project("full_nasty")!;
    const siblings = new Map<string, Set<string>>();
    for (const e of [...state.folders.values(), ...state.tasks.values()]) {
      expect(e.name).toMatch(AYON_ENTITY_NAME);
      expect(e.label ?? "").toMatch(/^[^';]*$/);
      const parent = "folderId" in e ? `t:${e.folderId}` : `f:${e.parentId}`;
      const names = siblings.get(parent) ?? new Set<string>();
      expect(names.has(e.name.toLowerCase())).toBe(false);
      names.add(e.name.toLowerCase());
      siblings.set(parent, names);
    }
    resetStats();
    await sync("full_nasty");
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
  });
});

describe("asset categories with the Python addon's identity and name (ayon-shotgrid 0.6.19 utils.py get_sg_entities)", () => {
  it("asset types with spaces and dashes give one category each, named and identified slugify(type).lower(), adopting the Python addon's", async () => {
    const generated = await linkedProject(env, "full_categories", SMALL_PROJECT);
    await sync("full_categories");
    // A site's asset types with spaces and dashes (an admin adds them to the list field).
    const assetType = env.sgEmulator.store.schema.type("Asset")!.field("sg_asset_type")!;
    const valid = assetType.json.properties.valid_values!;
    valid.value = [...(valid.value as string[]), "Vehicle - Air", "Vehicle-Air", "Set-Dressing"];
    // The category the Python addon made for "Vehicle - Air" before the switch (utils.py: label the type, name and
    // shotgridId slugify(type).lower(), shotgridType and folder type AssetCategory).
    const pythonMade = await env.ayon.createFolder("full_categories", {
      name: "vehicle_air", label: "Vehicle - Air", folderType: "AssetCategory", parentId: null,
      attrib: { shotgridId: "vehicle_air", shotgridType: "AssetCategory" },
    });
    const project = { type: "Project", id: generated.projectId };
    const assets = ["Vehicle - Air", "Vehicle-Air", "Matte Painting", "Set-Dressing"].map(
      (type, i) => env.sgEmulator.store.create("Asset", { project, code: `asset_${i}`, sg_asset_type: type }).id,
    );

    const summary = await sync("full_categories");
    expect(summary.failed).toBe(0);
    const state = env.ayonEmulator.state.project("full_categories")!;
    const categories = [...state.folders.values()].filter((f) => f.folderType === "AssetCategory");
    const view = categories.map((f) => ({ name: f.name, label: f.label ?? f.name, shotgridId: f.attrib.shotgridId, shotgridType: f.attrib.shotgridType, parentId: f.parentId }));
    expect(view.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "character", label: "Character", shotgridId: "character", shotgridType: "AssetCategory", parentId: null },
      { name: "matte_painting", label: "Matte Painting", shotgridId: "matte_painting", shotgridType: "AssetCategory", parentId: null },
      { name: "prop", label: "Prop", shotgridId: "prop", shotgridType: "AssetCategory", parentId: null },
      { name: "set_dressing", label: "Set-Dressing", shotgridId: "set_dressing", shotgridType: "AssetCategory", parentId: null },
      { name: "vehicle_air", label: "Vehicle - Air", shotgridId: "vehicle_air", shotgridType: "AssetCategory", parentId: null },
    ]);
    const { tree, ids } = actualTree(env.ayonEmulator, "full_categories");
    expect(ids.get("AssetCategory:vehicle_air")).toBe(pythonMade);
    expect(assets.map((id) => tree.get(`Asset:${id}`)?.parent)).toEqual([
      "AssetCategory:vehicle_air", "AssetCategory:vehicle_air", "AssetCategory:matte_painting", "AssetCategory:set_dressing",
    ]);

    resetStats();
    await sync("full_categories");
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
  });
});

describe("crash in the middle of a full sync, then a re-run", () => {
  it("converges with no duplicates after AYON fails between operation chunks", async () => {
    const generated = await linkedProject(env, "crash_ayon", SMALL_PROJECT);
    let armed = false;
    const attempt = sync("crash_ayon", {
      ayonChunkSize: 8,
      progress: (_p, message) => {
        if (!armed && /^Writing to AYON: 8 of/.test(message)) {
          armed = true;
          env.ayonEmulator.faults.add({ match: { method: "POST", path: /\/operations$/ }, status: 503 });
        }
      },
    });
    await expect(attempt).rejects.toThrow();
    env.ayonEmulator.faults.clear();
    expect(env.ayonEmulator.state.project("crash_ayon")!.folders.size).toBe(8);

    const rerun = await sync("crash_ayon", { ayonChunkSize: 8 });
    expect(rerun.failed).toBe(0);
    expect(rerun.folders.created + rerun.tasks.created).toBe(35 - 8);
    const { tree, ids } = actualTree(env.ayonEmulator, "crash_ayon");
    expect(tree).toEqual(expectedTree(generated));
    for (const [key, value] of shotgridAyonIds(env.sgEmulator, generated)) expect([key, value]).toEqual([key, ids.get(key)]);
  });

  it("converges after ShotGrid fails between write-back batches", async () => {
    const generated = await linkedProject(env, "crash_sg", SMALL_PROJECT);
    let armed = false;
    const attempt = sync("crash_sg", {
      shotgridBatchSize: 5,
      shotgridConcurrency: 1,
      progress: (_p, message) => {
        if (!armed && /^Writing back to ShotGrid: 10 of/.test(message)) {
          armed = true;
          env.sgEmulator.faults.add({ match: { method: "POST", path: /_batch$/ }, status: 500 });
        }
      },
    });
    await expect(attempt).rejects.toThrow();
    env.sgEmulator.faults.clear();
    const written = [...shotgridAyonIds(env.sgEmulator, generated).values()].filter((v) => v !== null).length;
    expect(written).toBeGreaterThanOrEqual(9);
    expect(written).toBeLessThan(35);

    resetStats();
    const rerun = await sync("crash_sg", { shotgridBatchSize: 5 });
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
    // 33 entity rows (the 2 categories have none), plus the Project, whose status is written last.
    expect(rerun.shotgridWrites).toBe(33 - written + 1);
    const { ids } = actualTree(env.ayonEmulator, "crash_sg");
    for (const [key, value] of shotgridAyonIds(env.sgEmulator, generated)) expect([key, value]).toEqual([key, ids.get(key)]);
  });
});
