// An update that runs beside others in a batch (UpdateDeps.inPlaceOnly, batch-waves.ts) may write its own entity
// and nothing else: when it finds more to do it stops before any write, and the same update run alone does it all.
// Against both emulators.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { SilentLogger } from "@ayon-sg/core";
import type { GeneratedShotgridProject } from "@ayon-sg/testkit";
import { loadProjectContext, type ProjectContext } from "../project-context.js";
import { runFullSync } from "../full-sync.js";
import { ayonWrites, linkedProject, SMALL_PROJECT, startSyncEnv, type SyncEnv } from "../sync-env.test-helpers.js";
import { reconcileEntity } from "./reconcile.js";
import { NotInPlaceError } from "./update-session.js";

const P = "inplace";
let env: SyncEnv;
let generated: GeneratedShotgridProject;
let context: ProjectContext;

beforeAll(async () => {
  env = await startSyncEnv();
  generated = await linkedProject(env, P, { ...SMALL_PROJECT, autoSync: true });
  const loaded = await loadProjectContext({ ayon: env.ayon, sg: env.sg, settings: env.settings }, P);
  if (!loaded.ok) throw new Error(loaded.reason);
  context = loaded.context;
  await runFullSync({ ayon: env.ayon, sg: env.sg, logger: new SilentLogger() }, context);
}, 30_000);
afterAll(async () => env?.close());

const deps = (inPlaceOnly: boolean) => ({ ayon: env.ayon, sg: env.sg, logger: new SilentLogger(), context, inPlaceOnly });
const alive = (type: string, id: number) => ({ ref: { type, id }, expect: "alive" as const, dependents: false });
const artist = () => ({ as: env.sgEmulator.humanUser("ann", "Ann Artist") });

describe("in-place updates (UpdateDeps.inPlaceOnly)", () => {
  it("renames its own entity in place", async () => {
    const shot = generated.tree.shots[0]!;
    env.sgEmulator.store.update("Shot", shot.id, { code: "renamed_in_place" }, artist());
    const report = await reconcileEntity(deps(true), alive("Shot", shot.id));
    expect(report).toMatchObject({ change: "updated", fields: expect.arrayContaining(["name", "label"]) });
  });

  it("stops before any write when the entity needs a parent AYON lacks, and run alone creates both", async () => {
    const project = { type: "Project", id: generated.projectId };
    const sequence = env.sgEmulator.store.create("Sequence", { project, code: "sq_new", episode: { type: "Episode", id: generated.tree.episodes[0]!.id } }, artist());
    const shot = env.sgEmulator.store.create("Shot", { project, code: "sh_new", sg_sequence: { type: "Sequence", id: sequence.id } }, artist());
    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();

    await expect(reconcileEntity(deps(true), alive("Shot", shot.id))).rejects.toThrow(NotInPlaceError);
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});

    const report = await reconcileEntity(deps(false), alive("Shot", shot.id));
    expect(report.change).toBe("created");
    expect(report.entities.map((e) => [e.entity, e.change])).toEqual(expect.arrayContaining([["Shot " + shot.id, "created"], ["Sequence " + sequence.id, "created"]]));
  });

  it("stops before a retirement", async () => {
    const shot = generated.tree.shots[1]!;
    env.sgEmulator.store.retire("Shot", shot.id, artist());
    env.ayonEmulator.resetStats();
    await expect(reconcileEntity(deps(true), { ref: { type: "Shot", id: shot.id }, expect: "retired", dependents: false })).rejects.toThrow(NotInPlaceError);
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
  });
});
