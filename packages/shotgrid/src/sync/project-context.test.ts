import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings } from "@ayon-sg/core";
import { loadProjectContext, ProjectContextCache, type ProjectContextDeps } from "./project-context.js";
import { linkedProject, SMALL_PROJECT, startSyncEnv, type SyncEnv } from "./sync-env.test-helpers.js";

let env: SyncEnv;
let deps: ProjectContextDeps;
beforeAll(async () => {
  env = await startSyncEnv();
  deps = { ayon: env.ayon, sg: env.sg, settings: env.settings };
});
afterAll(async () => {
  await env?.close();
});

describe("the context of one project", () => {
  it("loads the linked ShotGrid project, navchains, steps, synced types and settings", async () => {
    const generated = await linkedProject(env, "ctx_a", SMALL_PROJECT);
    const result = await loadProjectContext(deps, "CTX_A");
    if (!result.ok) throw new Error(result.reason);
    const { context } = result;
    expect(context.ayonProjectName).toBe("ctx_a");
    expect(context.sgProject).toMatchObject({ id: generated.projectId, name: "ctx_a", code: "ctx_a", autoSync: false });
    expect(context.navchains.get("Shot")).toEqual({ kind: "field", field: "sg_sequence" });
    expect([...context.enabledTypes]).toEqual(["Episode", "Sequence", "Shot", "Asset", "Task"]);
    expect([...context.steps.values()].map((s) => s.code)).toEqual(expect.arrayContaining(["Layout", "Modeling"]));
    expect(context.mapping.defaultTaskType).toBe("Generic");
  });

  it("finds a project linked only through the ShotGrid Project's sg_ayon_id (how the Python addon linked)", async () => {
    const project = env.sgEmulator.store.create("Project", { name: "py era", sg_ayon_id: "ctx_py" });
    await env.ayon.createProject({ name: "ctx_py", code: "ctx_py" });
    const result = await loadProjectContext(deps, "ctx_py");
    expect(result.ok && result.context.sgProject.id).toBe(project.id);
  });

  it("skips, with the reason, a project AYON lacks or one linked to nothing", async () => {
    expect(await loadProjectContext(deps, "nope")).toEqual({ ok: false, reason: expect.stringMatching(/does not exist; import it from ShotGrid first/) });
    await env.ayon.createProject({ name: "ctx_free", code: "ctx_free" });
    expect(await loadProjectContext(deps, "ctx_free")).toEqual({ ok: false, reason: expect.stringMatching(/is not linked to a ShotGrid project/) });
    await env.ayon.updateProject("ctx_free", { attrib: { shotgridId: "987654", shotgridType: "Project" } });
    expect(await loadProjectContext(deps, "ctx_free")).toEqual({ ok: false, reason: expect.stringMatching(/linked to ShotGrid project 987654, which ShotGrid does not have/) });
  });

  it("applies the project's settings: enabled entities, default task type, project code field", async () => {
    const settings = new AddonSettings("shotgrid", null, {
      ...env.studioSettings,
      shotgrid_project_code_field: "name",
      compatibility_settings: { default_task_type: "Art", shotgrid_enabled_entities: ["Project", "Shot", "Task", "Version"] },
    }, null);
    const result = await loadProjectContext({ ...deps, settings }, "ctx_a");
    if (!result.ok) throw new Error(result.reason);
    expect([...result.context.enabledTypes]).toEqual(["Shot", "Task"]);
    expect(result.context.mapping.defaultTaskType).toBe("Art");
    expect(result.context.sgProject.code).toBe("ctx_a");
  });

  it("refuses bad settings with the path of the problem", async () => {
    const settings = new AddonSettings("shotgrid", null, { compatibility_settings: { shotgrid_enabled_entities: ["Nope"] } }, null);
    await expect(loadProjectContext({ ...deps, settings }, "ctx_a")).rejects.toThrow(/compatibility_settings\.shotgrid_enabled_entities/);
  });
});

describe("the context cache", () => {
  it("shares one load among concurrent gets, reloads after the TTL or an invalidation", async () => {
    let now = 0;
    const cache = new ProjectContextCache(deps, { ttlMs: 1000, now: () => now });
    env.ayonEmulator.resetStats();
    const [a, b] = await Promise.all([cache.get("ctx_a"), cache.get("CTX_A")]);
    expect(a).toBe(b);
    const loads = () => env.ayonEmulator.stats().byRoute["GET /api/projects/{projectName}"]?.count ?? 0;
    expect(loads()).toBe(1);
    now = 999;
    await cache.get("ctx_a");
    expect(loads()).toBe(1);
    now = 1000;
    await cache.get("ctx_a");
    expect(loads()).toBe(2);
    cache.invalidate("ctx_a");
    await cache.get("ctx_a");
    expect(loads()).toBe(3);
  });

  it("does not keep skips", async () => {
    const cache = new ProjectContextCache(deps);
    expect((await cache.get("later")).ok).toBe(false);
    const generated = await linkedProject(env, "later", SMALL_PROJECT);
    const result = await cache.get("later");
    expect(result.ok && result.context.sgProject.id).toBe(generated.projectId);
  });
});
