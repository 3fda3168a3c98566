// Through the real runtime and AYON's queue, against both emulators (the environment helper lives with the
// sync domain in @ayon-sg/shotgrid and is shared by the handler packages' tests).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import { generateShotgridProject } from "@ayon-sg/testkit";
import { ShotgridClient } from "@ayon-sg/shotgrid";
import {
  actualTree, ayonWrites, expectedTree, shotgridAyonIds, shotgridWrites, SMALL_PROJECT, startSyncEnv, AYON_KEY, type SyncEnv,
} from "@ayon-sg/shotgrid/testing";
import plugin from "./index.js";

async function startRuntime(env: SyncEnv, settings: Record<string, unknown> = env.studioSettings): Promise<TestRuntime> {
  const runtime = await createTestRuntime({
    plugins: [plugin],
    ayon: { url: env.ayonEmulator.url, apiKey: AYON_KEY },
    settings,
    services: [{ token: ShotgridClient, value: env.sg }],
  });
  await runtime.start();
  return runtime;
}

async function importJob(runtime: TestRuntime, payload: Record<string, unknown>) {
  // AYON refuses an event whose project is not a valid name: such requests travel without one.
  const name = payload.project_name;
  const project = typeof name === "string" && /^[a-zA-Z0-9_]+$/.test(name) ? name : undefined;
  const id = await runtime.dispatch("shotgrid.event", { project, payload: { action: "create-project", ...payload } });
  return { id, report: await runtime.waitForJob(id, 60_000) };
}

describe("Must show 1 and 3: create-project through the runtime", () => {
  let env: SyncEnv;
  let runtime: TestRuntime;
  beforeAll(async () => {
    env = await startSyncEnv();
    runtime = await startRuntime(env);
  });
  afterAll(async () => {
    await runtime?.stop();
    await env?.close();
  });

  it("imports a generated project exactly and links both sides; importing again changes nothing", async () => {
    const generated = generateShotgridProject(env.sgEmulator.store, {
      name: "Big Show", episodes: 3, sequences: 12, shots: 300, assets: 60, assetCategories: ["Character", "Prop", "Environment", "Vehicle"], tasksPerEntity: 5,
    });
    const first = await importJob(runtime, { project_name: "big_show", project_code: "BIG", sg_project_id: generated.projectId });
    expect(first.report).toMatchObject({ status: "finished", handlers: ["project-sync/CreateProjectHandler"] });
    expect(first.report.description).toMatch(/^Imported ShotGrid project \d+ as big_show\. .*folders 379 created.*tasks 1800 created/);

    const project = await env.ayon.getProject("big_show");
    expect(project).toMatchObject({ name: "big_show", code: "BIG", attrib: expect.objectContaining({ shotgridId: String(generated.projectId), shotgridType: "Project" }) });
    const sgProject = env.sgEmulator.store.findOne("Project", generated.projectId, {
      fields: ["sg_ayon_id", "sg_ayon_project_code", "sg_ayon_server_url", "sg_ayon_sync_status"],
    });
    expect(sgProject).toMatchObject({ sg_ayon_id: "big_show", sg_ayon_project_code: "BIG", sg_ayon_server_url: env.ayonEmulator.url, sg_ayon_sync_status: "Synced" });

    const { tree, ids, unlinked } = actualTree(env.ayonEmulator, "big_show");
    expect(unlinked).toBe(0);
    const expected = expectedTree(generated);
    expect(tree.size).toBe(expected.size);
    for (const [key, entity] of expected) expect([key, tree.get(key)]).toEqual([key, entity]);
    for (const [key, value] of shotgridAyonIds(env.sgEmulator, generated)) expect([key, value]).toEqual([key, ids.get(key)]);

    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const again = await importJob(runtime, { project_name: "big_show", project_code: "BIG", sg_project_id: generated.projectId });
    expect(again.report.status).toBe("finished");
    expect(again.report.description).toMatch(/^Re-imported .*folders 0 created, 0 updated, 379 unchanged; tasks 0 created, 0 updated, 1800 unchanged/);
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
  }, 60_000);

  it("finds the ShotGrid project by name when no id is given", async () => {
    const generated = generateShotgridProject(env.sgEmulator.store, { name: "by_name", ...SMALL_PROJECT });
    const { report } = await importJob(runtime, { project_name: "by_name", project_code: "bn" });
    expect(report.status).toBe("finished");
    expect((await env.ayon.getProject("by_name"))?.attrib.shotgridId).toBe(String(generated.projectId));
  });

  it.each([
    [{ project_name: "has space", project_code: "ok" }, /project name 'has space' may contain only letters, digits and underscores/],
    [{ project_name: "x".repeat(56), project_code: "ok" }, /longer than 55 characters/],
    [{ project_name: "okname", project_code: "bad-code" }, /project code 'bad-code' may contain only/],
    [{ project_name: "okname" }, /needs payload.project_code/],
    [{ project_code: "ok" }, /needs payload.project_name/],
    [{ project_name: "okname", project_code: "ok", sg_project_id: "abc" }, /sg_project_id must be a ShotGrid project id/],
  ])("refuses %j at once, creating nothing", async (payload, message) => {
    const before = env.ayonEmulator.state.projects.size;
    const { report } = await importJob(runtime, payload);
    expect(report).toMatchObject({ status: "failed", retryable: false, description: expect.stringMatching(message) });
    expect(env.ayonEmulator.state.projects.size).toBe(before);
  });

  it("skips a ShotGrid project that does not exist", async () => {
    const { report } = await importJob(runtime, { project_name: "ghost", project_code: "gh", sg_project_id: 999999 });
    expect(report).toMatchObject({ status: "skipped", description: expect.stringMatching(/no ShotGrid project id 999999/) });
    expect(await env.ayon.getProject("ghost")).toBeNull();
  });

  it("refuses an AYON project linked to another ShotGrid project, and a code already in use", async () => {
    const other = generateShotgridProject(env.sgEmulator.store, { name: "other_show", ...SMALL_PROJECT });
    const linked = await importJob(runtime, { project_name: "big_show", project_code: "BIG", sg_project_id: other.projectId });
    expect(linked.report).toMatchObject({ status: "failed", retryable: false, description: expect.stringMatching(/'big_show' is already linked to ShotGrid project/) });
    const code = await importJob(runtime, { project_name: "other_show", project_code: "big", sg_project_id: other.projectId });
    expect(code.report).toMatchObject({ status: "failed", retryable: false, description: expect.stringMatching(/already has a project named 'other_show' or with the code 'big'/) });
  });

  it("refuses an existing AYON project that is not linked, writing nothing, unless asked with adopt: true", async () => {
    const generated = generateShotgridProject(env.sgEmulator.store, { name: "prod_show", ...SMALL_PROJECT });
    await env.ayon.createProject({ name: "prod_show", code: "prod" });
    env.ayonEmulator.resetStats();
    env.sgEmulator.resetStats();
    const payload = { project_name: "prod_show", project_code: "prod", sg_project_id: generated.projectId };
    for (const adopt of [undefined, false]) {
      const { report } = await importJob(runtime, adopt === undefined ? payload : { ...payload, adopt });
      expect(report).toMatchObject({
        status: "failed", retryable: false,
        description: expect.stringContaining(`Cannot import: the AYON project 'prod_show' already exists and is not linked to ShotGrid project ${generated.projectId}; to take it over, ask again with adopt: true.`),
      });
    }
    expect((await importJob(runtime, { ...payload, adopt: "yes" })).report.description).toMatch(/adopt must be true or false/);
    expect(ayonWrites(env.ayonEmulator.stats(), { excludeEvents: true })).toEqual({});
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    expect((await env.ayon.getProject("prod_show"))?.attrib.shotgridId ?? null).toBeNull();

    const adopted = await importJob(runtime, { ...payload, adopt: true });
    expect(adopted.report.status).toBe("finished");
    expect(adopted.report.description).toMatch(/^Re-imported ShotGrid project \d+ as prod_show\./);
    expect((await env.ayon.getProject("prod_show"))?.attrib.shotgridId).toBe(String(generated.projectId));
    expect(actualTree(env.ayonEmulator, "prod_show").tree).toEqual(expectedTree(generated));
  });

  it("refuses to import a ShotGrid project a second time under another name", async () => {
    const generated = generateShotgridProject(env.sgEmulator.store, { name: "twice", ...SMALL_PROJECT });
    expect((await importJob(runtime, { project_name: "twice", project_code: "tw", sg_project_id: generated.projectId })).report.status).toBe("finished");
    const { report } = await importJob(runtime, { project_name: "twice_again", project_code: "tw2", sg_project_id: generated.projectId });
    expect(report).toMatchObject({ status: "failed", description: expect.stringMatching(/already imported as the AYON project 'twice'/) });
  });
});

describe("create-project on a site and server never set up (fields, attributes and the restart they need)", () => {
  let env: SyncEnv;
  let runtime: TestRuntime;
  beforeAll(async () => {
    env = await startSyncEnv({ attributes: false, freshSite: true });
    runtime = await startRuntime(env, { ...env.studioSettings, anatomy_preset: "Studio VFX" });
  });
  afterAll(async () => {
    await runtime?.stop();
    await env?.close();
  });

  it("creates the attributes and asks for an AYON restart; after it, creates fields and project with the preset", async () => {
    const generated = generateShotgridProject(env.sgEmulator.store, { name: "fresh", ...SMALL_PROJECT });
    const payload = { project_name: "fresh", project_code: "fr", sg_project_id: generated.projectId };
    const first = await importJob(runtime, payload);
    expect(first.report).toMatchObject({ status: "failed", retryable: false, description: expect.stringMatching(/restart the AYON server/) });
    expect(await env.ayon.getProject("fresh")).toBeNull();
    expect((await env.ayon.listAttributes()).map((a) => a.name)).toEqual(expect.arrayContaining(["shotgridId", "shotgridType", "shotgridPush"]));

    env.ayonEmulator.restart();
    const missingPreset = await importJob(runtime, payload);
    expect(missingPreset.report).toMatchObject({ status: "failed", retryable: false, description: expect.stringMatching(/anatomy preset 'Studio VFX'/) });

    const builtin = await env.ayon.getAnatomyPreset("__builtin__");
    const taskTypes = [...(builtin.task_types as Array<Record<string, unknown>>), { name: "PresetOnly", shortName: "po" }];
    env.ayonEmulator.state.anatomyPresets.set("Studio VFX", { anatomy: { ...builtin, task_types: taskTypes }, primary: false });
    const done = await importJob(runtime, payload);
    expect(done.report.status).toBe("finished");
    expect((await env.ayon.getProject("fresh"))!.taskTypes.map((t) => t.name)).toContain("PresetOnly");
    expect(await env.sg.schemaField("Shot", "sg_ayon_id")).not.toBeNull();
    expect(await env.sg.schemaField("Project", "sg_ayon_auto_sync")).not.toBeNull();
    expect(actualTree(env.ayonEmulator, "fresh").tree).toEqual(expectedTree(generated));
  });
});
