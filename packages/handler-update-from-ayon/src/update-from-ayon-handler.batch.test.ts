// A run of AYON events pushed together (handleBatch, @ayon-sg/shotgrid push/push-batch.ts), through the real runtime
// and AYON's queue against both emulators: a person edits AYON while no runtime serves the queue, then one starts
// and takes the events as batches. Each event keeps its own job and outcome — done, skipped with the reason, or
// failed with one sentence when ShotGrid refuses its write, the rest of the batch landing — and the batch costs
// about the requests of one event.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { AyonClient, Folder, JobReport } from "@ayon-sg/core";
import { PUSH_TOPICS } from "@ayon-sg/shotgrid";
import type { SyncEnv } from "@ayon-sg/shotgrid/testing";
import type { GeneratedShotgridProject } from "@ayon-sg/testkit";
import { startPushWorld, type PushWorld } from "./push.test-helpers.js";

const P = "batched";
const SPEC = { episodes: 1, sequencesPerEpisode: 2, shots: 20, assets: 2, assetCategories: ["Character", "Prop"], tasksPerEntity: 2 };
let world: PushWorld;
let env: SyncEnv;
let person: AyonClient;
let generated: GeneratedShotgridProject;
const seen = new Set<string>();

beforeAll(async () => {
  world = await startPushWorld({ projects: { [P]: SPEC }, push: { [P]: {} } });
  ({ env, person } = world);
  generated = world.projects.get(P)!;
  await newEvents();
}, 60_000);

afterAll(async () => world?.close());

/** The ids of the person's entity events since the last call, oldest first. */
async function newEvents(): Promise<Array<{ id: string; topic: string; entityId: string }>> {
  const page = await env.ayon.queryEvents({ topics: [...PUSH_TOPICS], projects: [P], last: 300 });
  const fresh = page.events.filter((e) => e.sender === "coordinator" && !seen.has(e.id)).reverse();
  for (const e of fresh) seen.add(e.id);
  return fresh.map((e) => ({ id: e.id, topic: e.topic, entityId: String(e.summary.entityId) }));
}

/** Starts a runtime on the waiting events and answers each event's job, in event order. */
async function serveAll(events: ReadonlyArray<{ id: string }>): Promise<JobReport[]> {
  const runtime = await world.serve();
  return Promise.all(events.map((e) => runtime.waitForJob(e.id, 30_000, "update-from-ayon")));
}

async function folderOf(sgType: string, sgId: number): Promise<Folder> {
  const item = (await env.ayon.listFolders(P, { attrib: true })).find((f) => f.attrib?.shotgridType === sgType && f.attrib?.shotgridId === String(sgId));
  if (!item) throw new Error(`no AYON folder for ${sgType} ${sgId}`);
  return (await env.ayon.getFolder(P, item.id))!;
}

const sgRead = (type: string, id: number, fields: string[]) => env.sg.read(type, id, { fields });
const routeCount = (stats: { byRoute: Record<string, { count: number }> }, pattern: RegExp) =>
  Object.entries(stats.byRoute).filter(([route]) => pattern.test(route)).reduce((n, [, r]) => n + r.count, 0);

describe("update-from-ayon pushes a run of a project's events as one batch", () => {
  it("parent and child created, renames, a status change, a delete and a write ShotGrid refuses: only that event's job fails", async () => {
    await world.pause();
    const [s0, s1, s2] = generated.tree.shots as unknown as [{ id: number; sequence: number }, { id: number }, { id: number }];
    const sequence = await folderOf("Sequence", s0.sequence);
    const step = generated.tree.steps.find((s) => s.entity_type === "Shot")!;
    // A folder and a task under it, created in the same batch: the folder goes to ShotGrid first.
    const shotId = await person.createFolder(P, { name: "sh950", label: "SH 950", folderType: "Shot", parentId: sequence.id });
    const taskId = await person.createTask(P, { name: "comp950", taskType: step.code, folderId: shotId });
    const f0 = await folderOf("Shot", s0.id);
    await person.updateFolder(P, f0.id, { label: "Batch hero" });
    const f1 = await folderOf("Shot", s1.id);
    const before = (await sgRead("Shot", s1.id, ["sg_status_list"]))?.sg_status_list;
    const valid = ((await env.sg.schemaField("Shot", "sg_status_list"))?.properties.valid_values as string[]).filter((code) => code !== before);
    const status = (await env.ayon.getProject(P))!.statuses!.find((s) => s.shortName && valid.includes(s.shortName))!;
    await person.updateFolder(P, f1.id, { status: status.name });
    const sgTask = generated.tree.tasks.find((t) => t.entity.type === "Shot" && t.entity.id === s2.id)!;
    const f2 = await folderOf("Shot", s2.id);
    const doomed = (await env.ayon.listTasks(P, { folderIds: [f2.id], attribs: ["shotgridId"] })).find((t) => t.attrib.shotgridId === String(sgTask.id))!;
    await person.deleteTask(P, doomed.id);
    // An asset category ShotGrid's sg_asset_type does not list: the Asset's create is refused.
    const types = (await env.sg.schemaField("Asset", "sg_asset_type"))?.properties.valid_values as string[];
    expect(types).not.toContain("Kitbash");
    const categoryId = await person.createFolder(P, { name: "kitbash", label: "Kitbash", folderType: "AssetCategory", parentId: null });
    const assetId = await person.createFolder(P, { name: "greeble", folderType: "Asset", parentId: categoryId });
    await person.updateFolder(P, f0.id, { label: "Batch hero 2" });

    const events = await newEvents();
    expect(events.map((e) => e.topic)).toEqual([
      "entity.folder.created", "entity.task.created", "entity.folder.label_changed", "entity.folder.status_changed", "entity.task.deleted",
      "entity.folder.created", "entity.folder.created", "entity.folder.label_changed",
    ]);
    const jobs = await serveAll(events);
    expect(jobs.map((j) => j.batch)).toEqual(events.map(() => events.length));
    const newShot = (await env.ayon.getFolder(P, shotId))!;
    const newTask = (await env.ayon.getTask(P, taskId))!;
    const shotSgId = Number(newShot.attrib.shotgridId);
    const taskSgId = Number(newTask.attrib.shotgridId);
    expect(jobs.map((j) => [j.status, j.description])).toEqual([
      ["finished", expect.stringMatching(new RegExp(`ShotGrid Shot ${shotSgId} created`))],
      ["finished", expect.stringMatching(new RegExp(`ShotGrid Task ${taskSgId} created`))],
      ["finished", expect.stringMatching(new RegExp(`ShotGrid Shot ${s0.id} updated \\(code\\)`))],
      ["finished", expect.stringMatching(new RegExp(`ShotGrid Shot ${s1.id} updated \\(sg_status_list\\)`))],
      ["finished", expect.stringMatching(new RegExp(`ShotGrid Task ${sgTask.id} retired`))],
      ["skipped", expect.stringMatching(/asset category 'kitbash' is ShotGrid's sg_asset_type of its Assets/)],
      ["failed", expect.stringMatching(new RegExp(`ShotGrid refused the push of entity.folder.created ${assetId}: ShotGrid refused to create AYON folder 'greeble': .*sg_asset_type.*'Kitbash' is not a valid value`))],
      ["finished", expect.stringMatching(new RegExp(`ShotGrid Shot ${s0.id} already in line`))],
    ]);

    // ShotGrid, field by field: the child's parent is the Shot created in the same batch.
    expect(newShot.attrib.shotgridType).toBe("Shot");
    expect(await sgRead("Shot", shotSgId, ["code", "sg_sequence", "sg_ayon_id"])).toMatchObject({ code: "SH 950", sg_ayon_id: shotId, sg_sequence: { type: "Sequence", id: s0.sequence } });
    expect(await sgRead("Task", taskSgId, ["content", "entity", "step", "sg_ayon_id"])).toMatchObject({ content: "comp950", sg_ayon_id: taskId, entity: { type: "Shot", id: shotSgId }, step: { type: "Step", id: step.id } });
    expect((await sgRead("Shot", s0.id, ["code"]))?.code).toBe("Batch hero 2");
    expect((await sgRead("Shot", s1.id, ["sg_status_list"]))?.sg_status_list).toBe(status.shortName);
    expect(await sgRead("Task", sgTask.id, ["content"])).toBeNull();
    // Nothing half-written for the refused one: no ShotGrid Asset carries its id, and AYON is linked to none.
    for (const retired of [false, true]) expect(await env.sg.searchAll("Asset", { filters: [["sg_ayon_id", "is", assetId]], fields: ["id"], retired })).toEqual([]);
    expect((await env.ayon.getFolder(P, assetId))!.attrib.shotgridId ?? null).toBeNull();
  });

  it("forty events cost a handful of requests: one AYON read, one ShotGrid search and one _batch write", async () => {
    await world.pause();
    const byShotgridId = new Map((await env.ayon.listTasks(P, { attribs: ["shotgridId"] })).map((t) => [t.attrib.shotgridId, t.id]));
    // Tasks still there (the test above deleted one), of Shots and Assets.
    const tasks = generated.tree.tasks.filter((t) => byShotgridId.has(String(t.id))).slice(0, 40);
    expect(tasks).toHaveLength(40);
    for (const [i, task] of tasks.entries()) await person.updateTask(P, byShotgridId.get(String(task.id))!, { label: `Batch task ${i}` });
    const events = await newEvents();
    expect(events).toHaveLength(40);
    env.sgEmulator.resetStats();
    env.ayonEmulator.resetStats();
    const jobs = await serveAll(events);
    expect(jobs.map((j) => j.status)).toEqual(events.map(() => "finished"));
    expect(new Set(jobs.map((j) => j.batch))).toEqual(new Set([40]));
    const sg = env.sgEmulator.stats();
    const ayon = env.ayonEmulator.stats();
    for (const [i, task] of tasks.entries()) expect((await sgRead("Task", task.id, ["content"]))?.content).toBe(`Batch task ${i}`);
    // Writes: one _batch for the forty updates; no link back (the tasks are linked already).
    expect(routeCount(sg, /^(POST \/api\/v1\/entity\/_batch|PUT |POST \/api\/v1\/entity\/\{type\}$|DELETE )/)).toBe(1);
    expect(routeCount(sg, /^POST \/api\/v1\/entity\/_batch$/)).toBe(1);
    expect(routeCount(ayon, /operations$/)).toBe(0);
    // Everything the new runtime sent ShotGrid, its start-up reads (project, Steps, users, schema) included, is far
    // below one request per event; so are its AYON GraphQL requests (the event feed's pages among them).
    expect(sg.requests).toBeLessThanOrEqual(40 / 5);
    expect(routeCount(ayon, /graphql/)).toBeLessThan(40 / 2);
  });

  it("a task created under a Shot edited in the same batch goes in the same _batch: the Shot is in ShotGrid already", async () => {
    await world.pause();
    const shot = generated.tree.shots[5]!;
    const folder = await folderOf("Shot", shot.id);
    const step = generated.tree.steps.find((s) => s.entity_type === "Shot")!;
    await person.updateFolder(P, folder.id, { label: "Batch parent" });
    const taskId = await person.createTask(P, { name: "fx951", taskType: step.code, folderId: folder.id });
    const events = await newEvents();
    env.sgEmulator.resetStats();
    const jobs = await serveAll(events);
    expect(jobs.map((j) => [j.status, j.batch])).toEqual([["finished", 2], ["finished", 2]]);
    expect(routeCount(env.sgEmulator.stats(), /^POST \/api\/v1\/entity\/_batch$/)).toBe(1);
    const sgId = Number((await env.ayon.getTask(P, taskId))!.attrib.shotgridId);
    expect(await sgRead("Task", sgId, ["content", "entity"])).toMatchObject({ content: "fx951", entity: { type: "Shot", id: shot.id } });
    expect((await sgRead("Shot", shot.id, ["code"]))?.code).toBe("Batch parent");
  });
});
