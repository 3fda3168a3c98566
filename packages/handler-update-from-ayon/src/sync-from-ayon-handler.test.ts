// The `sync-from-ayon` action through the runtime and AYON's queue, against both emulators, as the page asks for
// it (`shotgrid.event.project.sync`, payload {action, project_name}): a project born in AYON gets its ShotGrid
// Project and its whole tree; asked again, nothing is created.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { newAyonId, type Operation } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import { startSyncEnv, syncEnvRuntime, type SyncEnv } from "@ayon-sg/shotgrid/testing";
import plugin from "./index.js";

const P = "born_in_ayon";
let env: SyncEnv;
let runtime: TestRuntime;

beforeAll(async () => {
  env = await startSyncEnv();
  await env.ayon.createProject({ name: P, code: "bia" });
  const project = (await env.ayon.getProject(P))!;
  const missing = ["Sequence", "Shot"].filter((t) => !project.folderTypes?.some((f) => f.name === t)).map((name) => ({ name }));
  await env.ayon.updateProject(P, { folderTypes: [...(project.folderTypes ?? []), ...missing] });
  const ops: Operation[] = [];
  for (const sq of ["sq010", "sq020"]) {
    const sqId = newAyonId();
    ops.push({ type: "create", entityType: "folder", entityId: sqId, data: { name: sq, folderType: "Sequence" } });
    for (const sh of ["sh010", "sh020"]) ops.push({ type: "create", entityType: "folder", entityId: newAyonId(), data: { name: `${sq}_${sh}`, folderType: "Shot", parentId: sqId } });
  }
  await env.ayon.operations(P, ops);
  runtime = await syncEnvRuntime(env, [plugin], { queue: { sweepIntervalMs: 250 } });
  await runtime.start();
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await env?.close();
});

const ask = async () => {
  const id = await runtime.dispatch("shotgrid.event.project.sync", { project: P, payload: { action: "sync-from-ayon", project_name: P } });
  return runtime.waitForJob(id, 20_000, "update-from-ayon");
};

describe("sync-from-ayon through the runtime", () => {
  it("creates the ShotGrid Project of a project born in AYON, links it, and pushes its tree", async () => {
    const job = await ask();
    expect(job.status).toBe("finished");
    expect(job.description).toMatch(/^ShotGrid Project \d+ created\. AYON → ShotGrid sync of born_in_ayon: 6 folder\(s\) and 0 task\(s\); 6 created/);
    const project = (await env.ayon.getProject(P))!;
    expect(project.attrib?.shotgridType).toBe("Project");
    const sgProjectId = Number(project.attrib?.shotgridId);
    expect(await env.sg.read("Project", sgProjectId, { fields: ["name", "sg_ayon_id"] })).toMatchObject({ name: P, sg_ayon_id: P });
    const shots = await env.sg.searchAll("Shot", { filters: [["project", "is", { type: "Project", id: sgProjectId }]], fields: ["code", "sg_sequence"] });
    expect(shots.map((s) => s.code).sort()).toEqual(["sq010_sh010", "sq010_sh020", "sq020_sh010", "sq020_sh020"]);
    for (const shot of shots) expect(shot.sg_sequence).toMatchObject({ type: "Sequence" });
  });

  it("asked again, finds everything in place: no project, no entity created", async () => {
    const projects = (await env.sg.searchAll("Project", { fields: ["id"] })).length;
    const job = await ask();
    expect(job.status).toBe("finished");
    expect(job.description).toMatch(/^AYON → ShotGrid sync of born_in_ayon: 6 folder\(s\) and 0 task\(s\); 0 created, 0 updated, 6 already in line, 0 linked in AYON/);
    expect((await env.sg.searchAll("Project", { fields: ["id"] })).length).toBe(projects);
  });
});
