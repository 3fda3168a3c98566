// Through the real runtime and AYON's queue, against both emulators (the environment helper lives with the
// sync domain in @ayon-sg/shotgrid and is shared by the handler packages' tests).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
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

  it("reconciles: counts what it mended, and says when AYON already equalled ShotGrid (writing nothing)", async () => {
    const generated = await linkedProject(env, "reconciled", SMALL_PROJECT);
    expect((await syncJob("reconciled")).report.status).toBe("finished");
    env.sgEmulator.store.update("Shot", generated.ids.Shot[0]!, { code: "sh_renamed" });
    env.sgEmulator.store.update("Shot", generated.ids.Shot[1]!, { description: "changed" });
    env.sgEmulator.store.update("Sequence", generated.ids.Sequence[0]!, { code: "sq_renamed" });
    const mended = await syncJob("reconciled", { payload: { reason: "reconcile" } });
    expect(mended.report.description).toMatch(/^Reconcile: 2 mended\. Synced reconciled/);
    expect((await runtime.jobEvent(mended.id))?.payload).toMatchObject({ result: { reconcile: { mended: 2 } } });

    env.ayonEmulator.resetStats();
    const again = await syncJob("reconciled", { payload: { reason: "reconcile" } });
    expect(again.report.description).toMatch(/^Reconcile: in sync, nothing written\./);
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
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
