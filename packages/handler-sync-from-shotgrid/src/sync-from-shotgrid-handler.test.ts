// Through the real runtime and AYON's queue, against both emulators (the environment helper lives with the
// sync domain in @ayon-sg/shotgrid and is shared by the handler packages' tests).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { newAyonId } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import {
  actualTree, ayonWrites, expectedTree, linkedProject, shotgridAyonIds, shotgridWrites, SMALL_PROJECT, startSyncEnv, syncEnvRuntime, AYON_KEY,
  type SyncEnv,
} from "@ayon-sg/shotgrid/testing";
import plugin from "./index.js";

let env: SyncEnv;
let runtime: TestRuntime;

beforeAll(async () => {
  env = await startSyncEnv();
  runtime = await syncEnvRuntime(env, [plugin]);
  await runtime.start();
}, 30_000);

afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

async function syncJob(project: string, options: { topic?: string; payload?: Record<string, unknown> } = {}) {
  const id = await runtime.dispatch(options.topic ?? "shotgrid.event", {
    project,
    payload: { action: "sync-from-shotgrid", project_name: project, ...options.payload },
  });
  return { id, report: await runtime.waitForJob(id, 60_000) };
}

describe("Must show 1 and 3: sync-from-shotgrid through the runtime", () => {
  it("syncs 3 episodes, 12 sequences, 300 shots, 60 assets in 4 categories with 5 tasks each exactly; a re-run writes nothing", async () => {
    const generated = await linkedProject(env, "must_show", {
      episodes: 3, sequences: 12, shots: 300, assets: 60, assetCategories: ["Character", "Prop", "Environment", "Vehicle"], tasksPerEntity: 5,
    });
    const first = await syncJob("must_show");
    expect(first.report).toMatchObject({ status: "finished", handlers: ["sync-from-shotgrid/SyncFromShotgridHandler"] });
    expect(first.report.description).toMatch(/folders 379 created, 0 updated, 0 unchanged; tasks 1800 created/);

    const expected = expectedTree(generated);
    const { tree, ids, unlinked } = actualTree(env.ayonEmulator, "must_show");
    expect(unlinked).toBe(0);
    expect(tree.size).toBe(expected.size);
    for (const [key, entity] of expected) expect([key, tree.get(key)]).toEqual([key, entity]);
    for (const [key, value] of shotgridAyonIds(env.sgEmulator, generated)) expect([key, value]).toEqual([key, ids.get(key)]);

    const job = await runtime.jobEvent(first.id);
    expect(job?.payload).toMatchObject({ result: { project: "must_show", failed: 0, folders: { created: 379 }, tasks: { created: 1800 } } });
    // The ShotGrid plugins' shared queue: jobs where the Python processor stored them, written as `shotgrid`.
    expect(job).toMatchObject({ topic: "shotgrid.proc", senderType: "shotgrid" });

    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const second = await syncJob("must_show");
    expect(second.report.status).toBe("finished");
    expect(second.report.description).toMatch(/folders 0 created, 0 updated, 379 unchanged; tasks 0 created, 0 updated, 1800 unchanged/);
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
  }, 60_000);
});

describe("identity from own attributes (AYON's folder listing shows exported, inherited values)", () => {
  it("does not take an AYON-native folder under a synced Sequence for that Sequence", async () => {
    const generated = await linkedProject(env, "native_child", SMALL_PROJECT);
    expect((await syncJob("native_child")).report.status).toBe("finished");
    const { ids } = actualTree(env.ayonEmulator, "native_child");
    const sequenceId = ids.get(`Sequence:${generated.ids.Sequence[0]}`)!;
    const nativeId = "ab".repeat(16);
    await env.ayon.operations("native_child", [{ type: "create", entityType: "folder", entityId: nativeId, data: { name: "zz_native", folderType: "Folder", parentId: sequenceId } }]);
    const listed = (await env.ayon.listFolders("native_child", { attrib: true })).find((f) => f.id === nativeId)!;
    expect(listed.attrib?.shotgridId).toBe(String(generated.ids.Sequence[0])); // the real listing's leak

    env.ayonEmulator.resetStats();
    const again = await syncJob("native_child");
    expect(again.report.status).toBe("finished");
    const job = await runtime.jobEvent(again.id);
    expect(job?.payload).toMatchObject({ result: { duplicateIdentities: 0 } });
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(env.ayonEmulator.state.project("native_child")!.folders.get(nativeId)).toMatchObject({ parentId: sequenceId, attrib: {} });
  }, 60_000);
});

describe("sync requests", () => {
  it("accepts the Python page's topic and mirrors the result into the page's reply event", async () => {
    await linkedProject(env, "py_topic", SMALL_PROJECT);
    const requestId = "ab".repeat(16);
    const { report } = await syncJob("py_topic", { topic: "shotgrid.event.project.sync", payload: { requestId } });
    expect(report.status).toBe("finished");
    const replies = await runtime.ayon.queryEvents({ topics: [`ayonsg.reply.${requestId}`], last: 1 });
    expect(replies.events[0]?.payload).toMatchObject({ status: "finished", progress: 100, result: { project: "py_topic", failed: 0 } });
  });

  it("reconciles: renames and retirements whose events were lost are mended by the live rule, counted; the next writes nothing", async () => {
    const generated = await linkedProject(env, "reconciled", SMALL_PROJECT);
    expect((await syncJob("reconciled")).report.status).toBe("finished");
    const [renamedShot, describedShot, retiredShot] = generated.ids.Shot;
    env.sgEmulator.store.update("Shot", renamedShot!, { code: "sh_renamed" });
    env.sgEmulator.store.update("Shot", describedShot!, { description: "changed" });
    env.sgEmulator.store.update("Sequence", generated.ids.Sequence[0]!, { code: "sq_renamed" });
    env.sgEmulator.store.retire("Shot", retiredShot!);
    const mended = await syncJob("reconciled", { payload: { reason: "reconcile" } });
    // The Shot goes with its tasks (the live rule deletes an unpublished folder, taking its children along).
    const retired = 1 + SMALL_PROJECT.tasksPerEntity!;
    expect(mended.report.description).toMatch(new RegExp(`^Reconcile: ${2 + retired} mended: 0 created, 0 updated, 2 renamed, ${retired} retired\\. Synced reconciled`));
    expect((await runtime.jobEvent(mended.id))?.payload).toMatchObject({ result: { reconcile: { mended: 2 + retired, lost: { renamed: 2, retired: retired }, renamed: 2, retired } } });
    const { ids } = actualTree(env.ayonEmulator, "reconciled");
    const folders = env.ayonEmulator.state.project("reconciled")!.folders;
    expect(folders.get(ids.get(`Shot:${renamedShot}`)!)).toMatchObject({ name: "sh_renamed", label: "sh_renamed" });
    expect(folders.get(ids.get(`Sequence:${generated.ids.Sequence[0]}`)!)).toMatchObject({ name: "sq_renamed", label: "sq_renamed" });
    expect(ids.has(`Shot:${retiredShot}`)).toBe(false);

    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const again = await syncJob("reconciled", { payload: { reason: "reconcile" } });
    expect(again.report.description).toMatch(/^Reconcile: in sync, nothing written\./);
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
  });

  it("a plain Sync keeps AYON names and orphans as they are (only labels follow ShotGrid)", async () => {
    const generated = await linkedProject(env, "plain_sync", SMALL_PROJECT);
    expect((await syncJob("plain_sync")).report.status).toBe("finished");
    env.sgEmulator.store.update("Shot", generated.ids.Shot[0]!, { code: "sh_renamed" });
    env.sgEmulator.store.retire("Shot", generated.ids.Shot[1]!);
    const synced = await syncJob("plain_sync");
    expect(synced.report.description).toMatch(new RegExp(`folders 0 created, 1 updated, .* ${1 + SMALL_PROJECT.tasksPerEntity!} linked to ShotGrid entities that no longer exist`));
    const { ids } = actualTree(env.ayonEmulator, "plain_sync");
    const shot = env.ayonEmulator.state.project("plain_sync")!.folders.get(ids.get(`Shot:${generated.ids.Shot[0]}`)!);
    expect(shot).toMatchObject({ label: "sh_renamed" });
    expect(shot?.name).not.toBe("sh_renamed");
    expect(ids.has(`Shot:${generated.ids.Shot[1]}`)).toBe(true);
  });

  it("a taken-over project (AYON names in the studio's own scheme, labels equal to the ShotGrid names) gets zero writes from a reconcile", async () => {
    await linkedProject(env, "taken_over", SMALL_PROJECT);
    expect((await syncJob("taken_over")).report.status).toBe("finished");
    // The studio's own names, never what ayon-sg derives; the labels hold the ShotGrid names, as the last sync left them.
    const state = env.ayonEmulator.state.project("taken_over")!;
    const renames = [
      ...[...state.folders.values()].map((f) => ({ type: "update" as const, entityType: "folder" as const, entityId: f.id, data: { name: `studio_${f.name}`, label: f.label ?? f.name } })),
      ...[...state.tasks.values()].map((t) => ({ type: "update" as const, entityType: "task" as const, entityId: t.id, data: { name: `studio_${t.name}`, label: t.label ?? t.name } })),
    ];
    await env.ayon.operations("taken_over", renames);
    const names = () => [...state.folders.values(), ...state.tasks.values()].map((e) => e.name).sort();
    const before = names();
    expect(before.every((n) => n.startsWith("studio_"))).toBe(true);

    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const reconciled = await syncJob("taken_over", { payload: { reason: "reconcile" } });
    expect(reconciled.report.description).toMatch(/^Reconcile: in sync, nothing written\./);
    expect((await runtime.jobEvent(reconciled.id))?.payload).toMatchObject({ result: { reconcile: { mended: 0, lost: { renamed: 0, retired: 0 } } } });
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    expect(names()).toEqual(before);
  });

  it("reconciles by the live rule: a published Shot renamed keeps its name, one retired is kept inactive, one moved to another ShotGrid project is retired here; the next writes nothing to AYON", async () => {
    const generated = await linkedProject(env, "live_rule", SMALL_PROJECT);
    expect((await syncJob("live_rule")).report.status).toBe("finished");
    const [renamed, retired, moved] = generated.ids.Shot;
    const before = actualTree(env.ayonEmulator, "live_rule").ids;
    const folderOf = (id: number | undefined) => env.ayonEmulator.state.project("live_rule")!.folders.get(before.get(`Shot:${id}`)!);
    const oldName = folderOf(renamed)!.name;
    // Published work below the first two (a product and its version, as a publisher makes them: AYON's operations).
    for (const shot of [renamed, retired]) {
      const productId = newAyonId();
      const res = await env.ayon.operations("live_rule", [
        { type: "create", entityType: "product", entityId: productId, data: { name: "plateMain", folderId: folderOf(shot)!.id, productType: "plate" } },
        { type: "create", entityType: "version", data: { version: 1, productId } },
      ]);
      expect(res.success).toBe(true);
    }
    const other = env.sgEmulator.store.create("Project", { name: "Elsewhere" }).id;
    env.sgEmulator.store.update("Shot", renamed!, { code: "sh_published_renamed" });
    env.sgEmulator.store.retire("Shot", retired!);
    env.sgEmulator.store.update("Shot", moved!, { project: { type: "Project", id: other } });

    const mended = await syncJob("live_rule", { payload: { reason: "reconcile" } });
    expect(mended.report.description).toMatch(/^Reconcile: \d+ mended: 0 created, 1 updated, 0 renamed, \d+ retired\./);
    expect(folderOf(renamed)).toMatchObject({ name: oldName, label: "sh_published_renamed" });
    expect(folderOf(retired)).toMatchObject({ active: false, attrib: expect.objectContaining({ shotgridId: "removed" }) });
    // Retired here as a Retirement event would: its Tasks stayed in this ShotGrid project, so it is kept, inactive.
    expect(folderOf(moved)).toMatchObject({ active: false, attrib: expect.objectContaining({ shotgridId: "removed" }) });
    // Nothing written to the Shot now in the other project.
    expect(env.sgEmulator.store.findOne("Shot", moved!, { fields: ["sg_ayon_id"] })?.sg_ayon_id).toBe(before.get(`Shot:${moved}`));

    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const again = await syncJob("live_rule", { payload: { reason: "reconcile" } });
    expect(again.report.description).toMatch(/^Reconcile: in sync, nothing written\./);
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    // The moved Shot's Tasks stayed in this ShotGrid project: the live rule kept them (under the inactive folder,
    // "Synced"); the full sync cannot sync a Task whose Shot is elsewhere and marks them "Failed" in ShotGrid, once.
    const tasksLeft = env.sgEmulator.store.find("Task", [["entity", "is", { type: "Shot", id: moved! }]], { fields: ["sg_ayon_sync_status"] });
    expect(tasksLeft.map((t) => t.sg_ayon_sync_status)).toEqual(tasksLeft.map(() => "Failed"));
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({ "POST /api/v1/entity/_batch": 1 });

    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const third = await syncJob("live_rule", { payload: { reason: "reconcile" } });
    expect(third.report.description).toMatch(/^Reconcile: in sync, nothing written\./);
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
  });

  it("takes the project from the event when the payload has none", async () => {
    await linkedProject(env, "from_event", SMALL_PROJECT);
    const id = await runtime.dispatch("shotgrid.event", { project: "from_event", payload: { action: "sync-from-shotgrid" } });
    expect((await runtime.waitForJob(id)).status).toBe("finished");
  });

  it("skips, with the reason, a project AYON does not have and one that is not linked", async () => {
    const missing = await syncJob("not_there");
    expect(missing.report).toMatchObject({ status: "skipped", description: expect.stringMatching(/does not exist; import it from ShotGrid first/) });
    await env.ayon.createProject({ name: "unlinked", code: "unlinked" });
    const unlinked = await syncJob("unlinked");
    expect(unlinked.report).toMatchObject({ status: "skipped", description: expect.stringMatching(/not linked to a ShotGrid project/) });
  });

  it("fails at once, not retried, when no project is named", async () => {
    const id = await runtime.dispatch("shotgrid.event", { payload: { action: "sync-from-shotgrid" } });
    const report = await runtime.waitForJob(id);
    expect(report).toMatchObject({ status: "failed", retryable: false, description: expect.stringMatching(/project_name .* is missing/) });
  });

  it("writes no secret into the job, its description or the logs", async () => {
    await linkedProject(env, "secrets", SMALL_PROJECT);
    const { id } = await syncJob("secrets");
    const job = JSON.stringify(await runtime.jobEvent(id));
    const logs = JSON.stringify(runtime.logger.entries);
    for (const secret of [AYON_KEY, "sg-key"]) {
      expect(job).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});
