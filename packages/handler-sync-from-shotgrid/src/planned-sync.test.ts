// "Preview sync", then "Sync" (issue 19) through the real runtime and AYON's queue, against both emulators: the
// preview writes nothing, its counts are what the sync then does (its summary and the emulator's write log), a plan
// changed since the preview is refused with nothing written, and a sub-tree sync writes nothing outside it.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TestRuntime } from "@ayon-sg/testing";
import type { PlanPreview } from "@ayon-sg/shotgrid";
import {
  actualTree, ayonWrites, entityWritesSince, eventMark, linkedProject, shotgridWrites, SMALL_PROJECT, startSyncEnv, syncEnvRuntime,
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

async function request(project: string, payload: Record<string, unknown> = {}) {
  const id = await runtime.dispatch("shotgrid.event", { project, payload: { action: "sync-from-shotgrid", project_name: project, ...payload } });
  const report = await runtime.waitForJob(id, 60_000);
  const result = (await runtime.jobEvent(id))?.payload?.result as Record<string, unknown> | undefined;
  return { report, result };
}

async function preview(project: string, payload: Record<string, unknown> = {}): Promise<PlanPreview> {
  const { report, result } = await request(project, { preview: true, ...payload });
  expect(report.status).toBe("finished");
  return result as unknown as PlanPreview;
}

const count = (ids: Record<string, string[]>, type: string) => ids[type]?.length ?? 0;

describe("preview, then sync", () => {
  it("previews without writing, then does exactly what it previewed", async () => {
    const generated = await linkedProject(env, "previewed", SMALL_PROJECT);
    expect((await request("previewed")).report.status).toBe("finished");
    const [renamed, moved] = generated.ids.Shot;
    env.sgEmulator.store.update("Shot", renamed!, { code: "sh_renamed" });
    env.sgEmulator.store.update("Shot", moved!, { sg_sequence: { type: "Sequence", id: generated.ids.Sequence[1]! } });
    env.sgEmulator.store.create("Shot", { code: "sh_new", project: { type: "Project", id: generated.projectId }, sg_sequence: { type: "Sequence", id: generated.ids.Sequence[0]! } });

    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const mark = eventMark(env.ayonEmulator);
    const plan = await preview("previewed");
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    expect(entityWritesSince(env.ayonEmulator, "previewed", mark).ids.size).toBe(0);
    expect(plan.totals).toEqual({ folders: { created: 1, updated: 2 }, tasks: { created: 0, updated: 0 } });
    expect(plan.counts.Shot).toEqual({ create: 1, rename: 1, move: 1, fields: 0 });
    expect(plan.items.find((i) => i.kinds.includes("rename"))?.path).toMatch(/\/sh_renamed$/);

    const synced = await request("previewed", { fingerprint: plan.fingerprint });
    expect(synced.report.status).toBe("finished");
    const summary = synced.result as { folders: Record<string, number>; tasks: Record<string, number>; ayonOperations: number; shotgridWrites: number };
    expect({ folders: { created: summary.folders.created, updated: summary.folders.updated }, tasks: { created: summary.tasks.created, updated: summary.tasks.updated } }).toEqual(plan.totals);
    expect(summary.ayonOperations).toBe(plan.ayonOperations);
    expect(summary.shotgridWrites).toBe(plan.shotgridWrites);
    // The emulator's own write log agrees.
    const written = entityWritesSince(env.ayonEmulator, "previewed", mark);
    expect([count(written.created, "folder"), count(written.updated, "folder"), count(written.created, "task"), count(written.updated, "task")])
      .toEqual([plan.totals.folders.created, plan.totals.folders.updated, plan.totals.tasks.created, plan.totals.tasks.updated]);
  }, 60_000);

  it("refuses to sync when ShotGrid changed after the preview, writing nothing", async () => {
    const generated = await linkedProject(env, "refused", SMALL_PROJECT);
    expect((await request("refused")).report.status).toBe("finished");
    env.sgEmulator.store.update("Shot", generated.ids.Shot[0]!, { code: "sh_first" });
    const plan = await preview("refused");
    expect(plan.totals.folders.updated).toBe(1);
    env.sgEmulator.store.update("Shot", generated.ids.Shot[1]!, { code: "sh_meanwhile" });

    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const mark = eventMark(env.ayonEmulator);
    const refused = await request("refused", { fingerprint: plan.fingerprint });
    expect(refused.report.status).toBe("failed");
    expect(refused.report.description).toMatch(/ShotGrid or AYON changed since the preview.*Nothing was written/);
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    expect(entityWritesSince(env.ayonEmulator, "refused", mark).ids.size).toBe(0);
  }, 60_000);
});

describe("a sub-tree sync", () => {
  it("previews and syncs one Sequence, its Shots and their Tasks, and writes nothing outside", async () => {
    const generated = await linkedProject(env, "subtree", SMALL_PROJECT);
    expect((await request("subtree")).report.status).toBe("finished");
    const [inside, outside] = generated.ids.Sequence as [number, number];
    const shotIn = generated.tree.shots.find((s) => s.sequence === inside)!.id;
    const shotOut = generated.tree.shots.find((s) => s.sequence === outside)!.id;
    env.sgEmulator.store.update("Shot", shotIn, { code: "in_renamed" });
    env.sgEmulator.store.update("Shot", shotOut, { code: "out_renamed" });
    const project = { type: "Project", id: generated.projectId };
    env.sgEmulator.store.create("Shot", { code: "in_new", project, sg_sequence: { type: "Sequence", id: inside } });
    const newOut = env.sgEmulator.store.create("Shot", { code: "out_new", project, sg_sequence: { type: "Sequence", id: outside } });
    const root = { type: "Sequence", id: inside };

    const plan = await preview("subtree", { root });
    expect(plan.root).toBe(`Sequence:${inside}`);
    expect(plan.totals.folders).toEqual({ created: 1, updated: 1 });
    expect(plan.items.every((i) => !i.path.includes("out_"))).toBe(true);

    const before = actualTree(env.ayonEmulator, "subtree").ids;
    const insideIds = new Set([...before].filter(([key]) => key === `Sequence:${inside}` || key === `Shot:${shotIn}`).map(([, id]) => id));
    env.sgEmulator.resetStats();
    const mark = eventMark(env.ayonEmulator);
    const synced = await request("subtree", { root, fingerprint: plan.fingerprint });
    expect(synced.report.status).toBe("finished");
    expect(synced.report.description).toContain(`(sub-tree Sequence ${inside})`);

    const after = actualTree(env.ayonEmulator, "subtree");
    const newIn = [...after.ids].find(([key]) => after.tree.get(key)?.name === "in_new")![1];
    const written = entityWritesSince(env.ayonEmulator, "subtree", mark);
    expect([...written.ids].sort()).toEqual([...insideIds].filter((id) => id === before.get(`Shot:${shotIn}`)).concat(newIn).sort());
    // Outside: the renamed Shot keeps its old label, the new one is not in AYON, ShotGrid's link fields untouched.
    expect(after.tree.get(`Shot:${shotOut}`)?.label).not.toBe("out_renamed");
    expect(after.ids.has(`Shot:${newOut.id}`)).toBe(false);
    expect(env.sgEmulator.store.findOne("Shot", newOut.id, { fields: ["sg_ayon_id", "sg_ayon_sync_status"] })).toMatchObject({ sg_ayon_id: null });
    // ShotGrid: one write-back request for the new Shot's link, none for the Project's status.
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({ "POST /api/v1/entity/_batch": 1 });
  }, 60_000);
});

describe("requests it refuses", () => {
  it("fails, not retried, a root that is malformed or not in the project, and a reconcile asked to preview", async () => {
    await linkedProject(env, "refusals", SMALL_PROJECT);
    const malformed = await request("refusals", { preview: true, root: { type: "Sequence", id: "twelve" } });
    expect(malformed.report).toMatchObject({ status: "failed" });
    expect(malformed.report.description).toContain("payload.root must name a ShotGrid entity as {type, id}");
    const absent = await request("refusals", { preview: true, root: { type: "Shot", id: 999999 } });
    expect(absent.report.description).toContain("Shot 999999 is not in this project's ShotGrid tree");
    const reconcile = await request("refusals", { preview: true, reason: "reconcile" });
    expect(reconcile.report.description).toContain("a reconcile cannot be previewed");
  }, 60_000);
});
