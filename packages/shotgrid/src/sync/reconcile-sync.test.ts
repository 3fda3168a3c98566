// The reconcile against both emulators: which lost edits it hands to the live-update rule, and which it leaves.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, SilentLogger } from "@ayon-sg/core";
import { loadProjectContext, type ProjectContext } from "./project-context.js";
import { describeMended, runReconcileSync } from "./reconcile-sync.js";
import { actualTree, ayonWrites, linkedProject, shotgridWrites, SMALL_PROJECT, startSyncEnv, type SyncEnv } from "./sync-env.test-helpers.js";

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

const reconcile = async (project: string, settings = env.settings) => runReconcileSync({ ayon: env.ayon, sg: env.sg, logger }, await context(project, settings));

describe("reconcile: lost renames and retirements go through the live-update rule", () => {
  it("mends a rename and a retirement, counts them, and the next finds nothing", async () => {
    const generated = await linkedProject(env, "rec_a", SMALL_PROJECT);
    expect(describeMended(await reconcile("rec_a"))).toMatch(/ mended: \d+ created, 0 updated, 0 renamed, 0 retired$/);
    env.sgEmulator.store.update("Asset", generated.ids.Asset[0]!, { code: "rec renamed" });
    env.sgEmulator.store.retire("Asset", generated.ids.Asset[1]!);
    const result = await reconcile("rec_a");
    expect(result.lost).toEqual({ renamed: 1, retired: 1 + SMALL_PROJECT.tasksPerEntity! });
    expect(result.mend).toMatchObject({ created: 0, updated: 0, renamed: 1, retired: 1 + SMALL_PROJECT.tasksPerEntity!, failed: 0 });
    const { ids } = actualTree(env.ayonEmulator, "rec_a");
    expect(env.ayonEmulator.state.project("rec_a")!.folders.get(ids.get(`Asset:${generated.ids.Asset[0]}`)!)).toMatchObject({ name: "rec_renamed", label: "rec renamed" });
    expect(ids.has(`Asset:${generated.ids.Asset[1]}`)).toBe(false);

    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const again = await reconcile("rec_a");
    expect(again.lost).toEqual({ renamed: 0, retired: 0 });
    expect(describeMended(again)).toBe("in sync, nothing written");
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
  });

  it("leaves AYON entities of a type the project no longer syncs (their events would be skipped too)", async () => {
    const generated = await linkedProject(env, "rec_no_assets", SMALL_PROJECT);
    await reconcile("rec_no_assets");
    const noAssets = new AddonSettings("shotgrid", null, {
      ...env.studioSettings, compatibility_settings: { shotgrid_enabled_entities: ["Project", "Episode", "Sequence", "Shot", "Task"] },
    }, null);
    env.ayonEmulator.resetStats();
    const result = await reconcile("rec_no_assets", noAssets);
    expect(result.summary.orphaned).toBe(generated.ids.Asset.length);
    expect(result.lost).toEqual({ renamed: 0, retired: 0 });
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(actualTree(env.ayonEmulator, "rec_no_assets").ids.has(`Asset:${generated.ids.Asset[0]}`)).toBe(true);
  });
});
