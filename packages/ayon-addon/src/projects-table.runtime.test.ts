// The projects table's reading of AYON's queue (frontend projects-table.ts) against what the real runtime writes:
// a full sync requested exactly as the page requests it, then a scheduled reconcile as the scheduler requests it,
// both run by the real sync handler — the table names each, with its outcome and duration, and counts no job
// left pending. The emulators stand in for AYON and ShotGrid.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import projectSyncPlugin from "@ayon-sg/handler-project-sync";
import syncFromShotgridPlugin, { reconcileRequest, scheduleOf } from "@ayon-sg/handler-sync-from-shotgrid";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import { AYON_KEY, linkedProject, SMALL_PROJECT, startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import type { TestRuntime } from "@ayon-sg/testing";
import { buildRequestEvent, newRequestId, type AyonConnection } from "../frontend/src/api.js";
import { fetchTableStats } from "../frontend/src/projects-table.js";

let env: SyncEnv;
let runtime: TestRuntime;
let conn: AyonConnection;

beforeAll(async () => {
  env = await startSyncEnv();
  runtime = await syncEnvRuntime(env, [projectSyncPlugin, syncFromShotgridPlugin]);
  await runtime.start();
  // The page sends a user's bearer token; here the service key stands in for it (AYON takes both).
  conn = {
    accessToken: "unused",
    baseUrl: env.ayonEmulator.url,
    fetchImpl: (url, init) => fetch(url, { ...init, headers: { "Content-Type": "application/json", "x-api-key": AYON_KEY } }),
  };
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

describe("the projects table reads what the runtime writes", () => {
  it("shows the page's full sync, then a reconcile, each with its outcome and duration", async () => {
    const generated = await linkedProject(env, "alpha", SMALL_PROJECT);
    const request = buildRequestEvent({ action: "sync-from-shotgrid", projectName: "alpha" }, newRequestId());
    const sync = await env.ayon.dispatchEvent(request);
    if (!sync.id) throw new Error("the sync request was not stored");
    expect((await runtime.waitForJob(sync.id, 60_000)).status).toBe("finished");

    const afterSync = await fetchTableStats(conn);
    expect(afterSync.ayonProjects).toEqual([{ name: "alpha", active: true, shotgridId: generated.projectId, push: false }]);
    const alpha = afterSync.byProject.get("alpha");
    expect(alpha).toMatchObject({ waiting: 0, running: 0, failed24h: 0, lastSync: { kind: "full sync", status: "finished" } });
    const job = (await runtime.jobEvent(sync.id))!;
    expect(alpha?.lastSync?.durationMs).toBe(Date.parse(job.updatedAt) - Date.parse(job.createdAt));
    expect(afterSync.requests).toBe(2);

    const schedule = scheduleOf("00:00");
    const linked: LinkedProject = { sgProjectId: generated.projectId, sgProjectName: "alpha", projectCode: "alpha", projectCodeField: "code", ayonProjectName: "alpha" };
    const reconcile = await env.ayon.dispatchEvent(reconcileRequest(linked, Date.now() - 60_000, schedule, "service"));
    if (!reconcile.id) throw new Error("the reconcile request was not stored");
    expect((await runtime.waitForJob(reconcile.id, 60_000)).status).toBe("finished");
    expect((await fetchTableStats(conn)).byProject.get("alpha")?.lastSync).toMatchObject({ kind: "reconcile", status: "finished" });
  }, 120_000);
});
