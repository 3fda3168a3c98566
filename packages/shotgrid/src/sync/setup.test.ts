import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { isRetryable } from "@ayon-sg/core";
import { AyonRestartRequiredError, ensureAyonAttributes, ensureShotgridFields, requireAyonAttributes } from "./setup.js";
import { ayonWrites, shotgridWrites, startSyncEnv, type SyncEnv } from "./sync-env.test-helpers.js";

let env: SyncEnv;
beforeAll(async () => {
  env = await startSyncEnv({ attributes: false, freshSite: true });
});
afterAll(async () => {
  await env?.close();
});

describe("the AYON attributes, with the restart they need", () => {
  it("creates the three attributes, then asks for a restart until AYON applies them", async () => {
    const first = await ensureAyonAttributes(env.ayon);
    expect(first).toMatchObject({ changed: ["shotgridId", "shotgridType", "shotgridPush"], active: false });
    const defs = await env.ayon.listAttributes();
    expect(defs.find((a) => a.name === "shotgridId")).toMatchObject({ scope: ["project", "folder", "task", "version"], data: { type: "string", inherit: false } });
    expect(defs.find((a) => a.name === "shotgridPush")).toMatchObject({ scope: ["project"], data: { type: "boolean", default: false } });

    const error = await requireAyonAttributes(env.ayon).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AyonRestartRequiredError);
    expect((error as Error).message).toMatch(/restart the AYON server/);
    expect(isRetryable(error)).toBe(false);

    env.ayonEmulator.restart();
    env.ayonEmulator.resetStats();
    const again = await requireAyonAttributes(env.ayon);
    expect(again).toMatchObject({ changed: [], active: true });
    expect(again.attributes.map((a) => a.name)).toEqual(expect.arrayContaining(["shotgridId", "fps", "frameStart"]));
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
  });

  it("widens a scope that lacks entity types, keeping what it had", async () => {
    const id = (await env.ayon.getAttribute("shotgridType"))!;
    await env.ayon.setAttribute({ ...id, scope: ["project", "product"] });
    const result = await ensureAyonAttributes(env.ayon);
    expect(result.changed).toEqual(["shotgridType"]);
    expect((await env.ayon.getAttribute("shotgridType"))!.scope).toEqual(["project", "product", "folder", "task", "version"]);
  });
});

describe("the ShotGrid fields", () => {
  it("creates the missing fields once and reads the schema once per type", async () => {
    const { created, schemas } = await ensureShotgridFields(env.sg, ["Project", "Shot", "Task", "Shot"]);
    expect(created.sort()).toEqual([
      "Project.sg_ayon_auto_sync", "Project.sg_ayon_id", "Project.sg_ayon_project_code", "Project.sg_ayon_server_url",
      "Project.sg_ayon_sync_status", "Shot.sg_ayon_id", "Shot.sg_ayon_sync_status", "Task.sg_ayon_id", "Task.sg_ayon_sync_status",
    ]);
    expect([...schemas.keys()]).toEqual(["Project", "Shot", "Task"]);
    const status = await env.sg.schemaField("Shot", "sg_ayon_sync_status");
    expect(status).toMatchObject({ dataType: "list", properties: expect.objectContaining({ valid_values: ["Synced", "Failed", "Skipped"] }) });
    expect((await env.sg.schemaField("Project", "sg_ayon_auto_sync"))?.dataType).toBe("checkbox");

    env.sgEmulator.resetStats();
    expect((await ensureShotgridFields(env.sg, ["Project", "Shot", "Task"])).created).toEqual([]);
    expect(shotgridWrites(env.sgEmulator.stats())).toEqual({});
    expect(env.sgEmulator.stats().byRoute["GET /api/v1/schema/{type}/fields"]?.count).toBe(3);
  });
});
