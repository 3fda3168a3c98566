import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { HandlerError, newAyonId } from "@ayon-sg/core";
import { applyAyonOperations, applyShotgridWriteBacks } from "./apply.js";
import type { PlannedOperation } from "./plan.js";
import { startSyncEnv, type SyncEnv } from "./sync-env.test-helpers.js";

let env: SyncEnv;
beforeAll(async () => {
  env = await startSyncEnv();
  await env.ayon.createProject({ name: "apply_p", code: "apply_p" });
});
afterAll(async () => {
  await env?.close();
});

function createFolder(key: string, name: string, parent: string | null, folderType = "Folder"): PlannedOperation {
  return {
    key,
    operation: { type: "create", entityType: "folder", entityId: newAyonId(), data: { name, folderType, parentId: parent } },
    dependsOn: parent,
  };
}

describe("applying operations: one refused operation does not stop the others", () => {
  it("sets aside a refused operation and its dependents, commits the rest of the chunk", async () => {
    const a = createFolder("A", "a", null);
    const bad = createFolder("BAD", "bad", null, "NoSuchType");
    const child = createFolder("CHILD", "child", bad.operation.entityId as string);
    const grandchild = createFolder("GRANDCHILD", "grandchild", child.operation.entityId as string);
    const b = createFolder("B", "b", null);
    const c = createFolder("C", "c", b.operation.entityId as string);
    const progress: Array<[number, number]> = [];
    const result = await applyAyonOperations(env.ayon, "apply_p", [a, bad, child, b, grandchild, c], {
      chunkSize: 4,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(result.committed).toBe(3);
    expect([...result.rejected.keys()]).toEqual(["BAD", "CHILD", "GRANDCHILD"]);
    expect(result.rejected.get("BAD")).toMatch(/AYON refused it: .*NoSuchType/);
    expect(result.rejected.get("GRANDCHILD")).toBe("its parent could not be created in AYON");
    expect(result.notCreated).toEqual(new Set(["BAD", "CHILD", "GRANDCHILD"]));
    expect(result.requests).toBe(3); // chunk 1 refused once and re-sent, chunk 2 once
    expect(progress).toEqual([[4, 6], [6, 6]]);
    const names = [...env.ayonEmulator.state.project("apply_p")!.folders.values()].map((f) => f.name).sort();
    expect(names).toEqual(["a", "b", "c"]);
  });

  it("gives up after too many refusals instead of re-sending forever", async () => {
    const ops = [1, 2, 3].map((n) => createFolder(`X${n}`, `x${n}`, null, "NoSuchType"));
    const error = await applyAyonOperations(env.ayon, "apply_p", ops, { maxRejections: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HandlerError);
    expect((error as HandlerError).message).toMatch(/refused more than 2 operations/);
    expect((error as HandlerError).retryable).toBe(false);
  });

  it("throws transport failures for the job to be retried", async () => {
    env.ayonEmulator.faults.add({ match: { path: /operations$/ }, status: 503 });
    try {
      await expect(applyAyonOperations(env.ayon, "apply_p", [createFolder("Y", "y", null)])).rejects.toThrow();
    } finally {
      env.ayonEmulator.faults.clear();
    }
  });
});

describe("applying write-backs through _batch", () => {
  it("isolates a refused request by halving its chunk and writes everything else", async () => {
    const store = env.sgEmulator.store;
    const project = store.create("Project", { name: "apply sg" });
    const shots = Array.from({ length: 9 }, (_, i) => store.create("Shot", { project: { type: "Project", id: project.id }, code: `s${i}` }).id);
    store.retire("Shot", shots[6]!);
    const writes = shots.map((id) => ({ type: "Shot", id, data: { sg_ayon_id: `id-${id}`, sg_ayon_sync_status: "Synced" as const } }));
    const result = await applyShotgridWriteBacks(env.sg, writes, { chunkSize: 4, concurrency: 2 });
    expect(result.written).toBe(8);
    expect(result.rejected.map((r) => r.id)).toEqual([shots[6]]);
    for (const id of shots.filter((_, i) => i !== 6)) {
      expect(store.findOne("Shot", id, { fields: ["sg_ayon_id"] })?.sg_ayon_id).toBe(`id-${id}`);
    }
  });

  it("sends nothing for nothing", async () => {
    env.sgEmulator.resetStats();
    expect(await applyShotgridWriteBacks(env.sg, [])).toEqual({ written: 0, rejected: [], requests: 0 });
    expect(env.sgEmulator.stats().requests).toBe(0);
  });

  it("throws when ShotGrid is down, after the retries", async () => {
    const store = env.sgEmulator.store;
    const project = store.create("Project", { name: "apply sg down" });
    const shot = store.create("Shot", { project: { type: "Project", id: project.id }, code: "x" });
    env.sgEmulator.faults.add({ match: { path: /_batch$/ }, status: 500 });
    try {
      await expect(applyShotgridWriteBacks(env.sg, [{ type: "Shot", id: shot.id, data: { sg_ayon_sync_status: "Synced" } }])).rejects.toThrow(/500|Server/i);
    } finally {
      env.sgEmulator.faults.clear();
    }
  });
});
