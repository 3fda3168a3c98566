// The settings page's request/reply (ayon-addon frontend api.ts) through the real runtime and AYON's queue.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TestRuntime } from "@ayon-sg/testing";
import { startSyncEnv, syncEnvRuntime, AYON_KEY, SG_SCRIPT, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import plugin from "./index.js";

let env: SyncEnv;
let runtime: TestRuntime;
beforeAll(async () => {
  env = await startSyncEnv();
  runtime = await syncEnvRuntime(env, [plugin]);
  await runtime.start();
});
afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

describe("page request list-importable-projects", () => {
  it("lists every ShotGrid project with its AYON project, and why one cannot be imported", async () => {
    const store = env.sgEmulator.store;
    const linked = store.create("Project", { name: "Linked Show", code: "lnk", sg_ayon_auto_sync: true });
    const pythonEra = store.create("Project", { name: "Old Show", code: "old", sg_ayon_id: "old_show" });
    const fresh = store.create("Project", { name: "New Show" });
    // Nothing a name could use: emoji transliterate to nothing (a CJK name is importable: it transliterates).
    const hopeless = store.create("Project", { name: "🎬🎬", code: "jp" });
    const japanese = store.create("Project", { name: "日本語", code: "ja" });
    await env.ayon.createProject({ name: "linked_show", code: "lnk" });
    await env.ayon.updateProject("linked_show", { attrib: { shotgridId: String(linked.id), shotgridType: "Project" } });
    await env.ayon.createProject({ name: "Old_Show", code: "old" });

    const requestId = "cd".repeat(16);
    const id = await runtime.dispatch("shotgrid.page.request", { payload: { action: "list-importable-projects", requestId } });
    const report = await runtime.waitForJob(id);
    expect(report).toMatchObject({ status: "finished", handlers: ["project-sync/ListImportableProjectsHandler"] });

    const reply = (await runtime.ayon.queryEvents({ topics: [`ayonsg.reply.${requestId}`], last: 1 })).events[0];
    expect(reply?.payload).toMatchObject({ status: "finished", progress: 100 });
    const projects = (reply?.payload?.result as { projects: Array<Record<string, unknown>> }).projects;
    const byId = new Map(projects.map((p) => [p.shotgridId, p]));
    expect(byId.get(linked.id)).toEqual({
      shotgridId: linked.id, name: "Linked Show", code: "lnk", autoSync: true, ayonProject: "linked_show", importable: false, reason: "already imported as linked_show",
    });
    expect(byId.get(pythonEra.id)).toMatchObject({ ayonProject: "Old_Show", importable: false });
    expect(byId.get(fresh.id)).toEqual({ shotgridId: fresh.id, name: "New Show", code: null, autoSync: false, ayonProject: null, importable: true });
    expect(byId.get(hopeless.id)).toMatchObject({ ayonProject: null, importable: false, reason: expect.stringMatching(/no letters or digits/) });
    expect(byId.get(japanese.id)).toMatchObject({ ayonProject: null, importable: true });

    const everything = JSON.stringify([reply, await runtime.jobEvent(id), runtime.logger.entries]);
    for (const secret of [AYON_KEY, SG_SCRIPT.key]) expect(everything).not.toContain(secret);
  });

  it("answers without a requestId too: the list is then on the job event only", async () => {
    const id = await runtime.dispatch("shotgrid.page.request", { payload: { action: "list-importable-projects" } });
    expect((await runtime.waitForJob(id)).status).toBe("finished");
    const job = await runtime.jobEvent(id);
    expect((job?.payload?.result as { projects: unknown[] }).projects.length).toBeGreaterThanOrEqual(4);
  });
});
