// The full sync writes ShotGrid back while AYON is still being written (the Python addon's full sync rebuilt
// for speed): the two sides overlap, and the result is the same as one after the other.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SilentLogger } from "@ayon-sg/core";
import { runFullSync } from "./full-sync.js";
import { loadProjectContext } from "./project-context.js";
import { actualTree, expectedTree, linkedProject, shotgridAyonIds, SMALL_PROJECT, startSyncEnv, type SyncEnv } from "./sync-env.test-helpers.js";

let env: SyncEnv;
beforeAll(async () => {
  env = await startSyncEnv();
});
afterAll(async () => {
  await env?.close();
});

describe("full sync with the write-back pipelined behind the AYON chunks", () => {
  it("writes the first chunks back to ShotGrid before the last AYON chunk, and ends exactly as a sequential sync", async () => {
    const generated = await linkedProject(env, "piped", SMALL_PROJECT);
    const result = await loadProjectContext({ ayon: env.ayon, sg: env.sg, settings: env.settings }, "piped");
    if (!result.ok) throw new Error(result.reason);
    // Slow AYON commits leave room for the ShotGrid batches of earlier chunks.
    env.ayonEmulator.faults.add({ match: { method: "POST", path: /\/operations$/ }, delayMs: 60 });
    const messages: string[] = [];
    const percents: number[] = [];
    try {
      const summary = await runFullSync({ ayon: env.ayon, sg: env.sg, logger: new SilentLogger() }, result.context, {
        ayonChunkSize: 5,
        shotgridBatchSize: 5,
        progress: (percent, message) => {
          messages.push(message);
          percents.push(percent);
        },
      });
      expect(summary).toMatchObject({ failed: 0, ayonOperations: 35, shotgridWrites: 34 });
    } finally {
      env.ayonEmulator.faults.clear();
    }
    const lastAyon = messages.indexOf("Writing to AYON: 35 of 35");
    const firstShotgrid = messages.findIndex((m) => m.startsWith("Writing back to ShotGrid"));
    expect(firstShotgrid).toBeGreaterThanOrEqual(0);
    expect(firstShotgrid).toBeLessThan(lastAyon);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));

    const { tree, ids } = actualTree(env.ayonEmulator, "piped");
    expect(tree).toEqual(expectedTree(generated));
    for (const [key, value] of shotgridAyonIds(env.sgEmulator, generated)) expect([key, value]).toEqual([key, ids.get(key)]);
    expect(env.sgEmulator.store.findOne("Project", generated.projectId, { fields: ["sg_ayon_sync_status"] })).toMatchObject({ sg_ayon_sync_status: "Synced" });
  });
});
