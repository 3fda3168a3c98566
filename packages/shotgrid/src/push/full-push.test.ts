// The full AYON → ShotGrid sync against both emulators: a tree born in AYON is created in an empty ShotGrid project
// (parents before children, `sg_ayon_id` on every entity, AYON linked back); a second run writes nothing; a run
// that died before linking AYON is finished by the next without a duplicate; and a project imported from ShotGrid
// is already in line (taking it over writes nothing).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { newAyonId, SilentLogger, type Operation } from "@ayon-sg/core";
import { loadProjectContext, runFullSync } from "../sync/index.js";
import { linkedProject, startSyncEnv, SMALL_PROJECT, type SyncEnv } from "../sync/sync-env.test-helpers.js";
import { PushSite } from "./push-site.js";
import { runFullPush } from "./full-push.js";

let env: SyncEnv;

beforeAll(async () => {
  env = await startSyncEnv();
}, 30_000);
afterAll(async () => env?.close());

/** An AYON project linked to an empty ShotGrid project, with a tree made in AYON: 2 sequences × 3 shots × 2 tasks, 2 assets. */
async function ayonBornProject(name: string): Promise<{ sgProjectId: number; folders: number; tasks: number }> {
  const sgProject = env.sgEmulator.store.create("Project", { name, code: name, sg_ayon_auto_sync: false });
  await env.ayon.createProject({ name, code: name });
  await env.ayon.updateProject(name, { attrib: { shotgridId: String(sgProject.id), shotgridType: "Project" } });
  const project = (await env.ayon.getProject(name))!;
  await env.ayon.updateProject(name, {
    folderTypes: [...(project.folderTypes ?? []), ...["Sequence", "Shot", "Asset", "AssetCategory"].filter((t) => !project.folderTypes?.some((f) => f.name === t)).map((t) => ({ name: t }))],
    taskTypes: [...(project.taskTypes ?? []).filter((t) => t.name !== "Comp"), { name: "Comp", shortName: "comp" }],
  });
  for (const code of ["Comp"]) if (env.sgEmulator.store.find("Step", [["code", "is", code]]).length === 0) env.sgEmulator.store.create("Step", { code, short_name: "comp", entity_type: "Shot" });
  const ops: Operation[] = [];
  const folder = (name: string, folderType: string, parentId: string | null, label?: string) => {
    const id = newAyonId();
    ops.push({ type: "create", entityType: "folder", entityId: id, data: { name, folderType, parentId, ...(label ? { label } : {}) } });
    return id;
  };
  let tasks = 0;
  for (const sq of ["sq010", "sq020"]) {
    const sqId = folder(sq, "Sequence", null);
    for (const sh of ["sh010", "sh020", "sh030"]) {
      const shId = folder(`${sq}_${sh}`, "Shot", sqId, `${sq.toUpperCase()} ${sh}`);
      for (const task of ["comp", "comp_2"]) {
        ops.push({ type: "create", entityType: "task", entityId: newAyonId(), data: { name: task, taskType: "Comp", folderId: shId } });
        tasks += 1;
      }
    }
  }
  const characters = folder("character", "AssetCategory", null, "Character");
  folder("hero", "Asset", characters);
  folder("villain", "Asset", characters);
  await env.ayon.operations(name, ops);
  return { sgProjectId: sgProject.id, folders: 2 + 6 + 1 + 2, tasks };
}

async function pushAll(name: string) {
  const loaded = await loadProjectContext({ ayon: env.ayon, sg: env.sg, settings: env.settings }, name);
  if (!loaded.ok) throw new Error(loaded.reason);
  return runFullPush({ ayon: env.ayon, sg: env.sg, logger: new SilentLogger(), context: loaded.context, site: new PushSite(env.sg) });
}

const inProject = (type: string, sgProjectId: number, fields: string[]) => env.sg.searchAll(type, { filters: [["project", "is", { type: "Project", id: sgProjectId }]], fields });

describe("sync-from-ayon (runFullPush)", () => {
  it("creates an AYON-born tree in ShotGrid, parents first, each with sg_ayon_id, and links AYON back; a second run writes nothing", async () => {
    const { sgProjectId, tasks } = await ayonBornProject("born");
    const first = await pushAll("born");
    expect(first.skipped).toEqual([]);
    expect(first.created).toBe(2 + 6 + 2 + tasks);
    const shots = await inProject("Shot", sgProjectId, ["code", "sg_sequence", "sg_ayon_id"]);
    const sequences = await inProject("Sequence", sgProjectId, ["code", "sg_ayon_id"]);
    const assets = await inProject("Asset", sgProjectId, ["code", "sg_asset_type", "sg_ayon_id"]);
    const sgTasks = await inProject("Task", sgProjectId, ["content", "entity", "step", "sg_ayon_id"]);
    expect(sequences.map((s) => s.code).sort()).toEqual(["sq010", "sq020"]);
    expect(shots.map((s) => s.code).sort()).toEqual(["SQ010 sh010", "SQ010 sh020", "SQ010 sh030", "SQ020 sh010", "SQ020 sh020", "SQ020 sh030"]);
    expect(assets.map((a) => [a.code, a.sg_asset_type]).sort()).toEqual([["hero", "Character"], ["villain", "Character"]]);
    expect(sgTasks).toHaveLength(tasks);
    const folders = await env.ayon.listFolders("born", { attrib: true });
    for (const shot of shots) {
      const ayon = folders.find((f) => f.id === shot.sg_ayon_id)!;
      expect(ayon.attrib).toMatchObject({ shotgridType: "Shot", shotgridId: String(shot.id) });
      const parent = folders.find((f) => f.id === ayon.parentId)!;
      expect(shot.sg_sequence).toMatchObject({ type: "Sequence", id: Number(parent.attrib!.shotgridId) });
    }
    for (const task of sgTasks) expect(task.entity).toMatchObject({ type: "Shot" });

    const second = await pushAll("born");
    expect(second).toMatchObject({ created: 0, updated: 0, linked: 0, skipped: [] });
    expect(second.unchanged).toBe(first.created);
  });

  it("a run killed before it linked AYON is finished by the next one, without creating anything twice", async () => {
    const { sgProjectId, tasks } = await ayonBornProject("resumed");
    env.ayonEmulator.faults.add({ match: { method: "POST", path: /\/projects\/resumed\/operations$/ }, status: 503 });
    await expect(pushAll("resumed")).rejects.toThrow();
    env.ayonEmulator.faults.clear();
    const created = (await inProject("Shot", sgProjectId, ["id"])).length;
    expect(created).toBe(6);
    const again = await pushAll("resumed");
    expect(again.created).toBe(0);
    expect(again.linked).toBe(2 + 6 + 2 + tasks);
    expect((await inProject("Shot", sgProjectId, ["id"])).length).toBe(6);
    expect((await inProject("Task", sgProjectId, ["id"])).length).toBe(tasks);
  });

  it("a project imported from ShotGrid is in line already: pushing it back writes nothing", async () => {
    const generated = await linkedProject(env, "imported", SMALL_PROJECT);
    const loaded = await loadProjectContext({ ayon: env.ayon, sg: env.sg, settings: env.settings }, "imported");
    if (!loaded.ok) throw new Error(loaded.reason);
    await runFullSync({ ayon: env.ayon, sg: env.sg, logger: new SilentLogger() }, loaded.context);
    const before = env.sgEmulator.stats();
    const pushed = await pushAll("imported");
    expect(pushed).toMatchObject({ created: 0, updated: 0, linked: 0 });
    expect(pushed.skipped).toEqual([]);
    const after = env.sgEmulator.stats();
    const writes = (s: typeof before) => ["POST /api/v1/entity/_batch", "PUT /api/v1/entity/{type}/{id}", "POST /api/v1/entity/{type}"].reduce((n, r) => n + (s.byRoute[r]?.count ?? 0), 0);
    expect(writes(after) - writes(before)).toBe(0);
    expect(pushed.unchanged).toBe(generated.ids.Episode.length + generated.ids.Sequence.length + generated.ids.Shot.length + generated.ids.Asset.length + generated.ids.Task.length);
  });
});
