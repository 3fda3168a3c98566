// AYON → ShotGrid through the runtime and AYON's queue, against both emulators: a person edits an imported project
// in AYON (as the web UI would: REST writes, sender type "api"), and each AYON event is pushed to ShotGrid —
// checked field by field through ShotGrid's REST API. The push's own write-back to AYON is not pushed back, a
// re-run writes nothing, and a project without `shotgridPush` is left alone. Every pushed event kind has a case:
// created, label, renamed, status, tags, parent and folder moves, task type, assignees, deleted.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { AyonClient, Folder, JobReport } from "@ayon-sg/core";
import type { TestRuntime } from "@ayon-sg/testing";
import type { SyncEnv } from "@ayon-sg/shotgrid/testing";
import type { GeneratedShotgridProject } from "@ayon-sg/testkit";
import { pushJob, startPushWorld, type PushWorld } from "./push.test-helpers.js";

const P = "pushed";
const QUIET = "quiet";
const SPEC = { episodes: 1, sequencesPerEpisode: 2, shots: 4, assets: 2, assetCategories: ["Character", "Prop"], tasksPerEntity: 2 };
let world: PushWorld;
let env: SyncEnv;
let runtime: TestRuntime;
let person: AyonClient;
let generated: GeneratedShotgridProject;

beforeAll(async () => {
  world = await startPushWorld({ projects: { [P]: SPEC, [QUIET]: SPEC }, push: { [P]: {} } });
  ({ env, runtime, person } = world);
  generated = world.projects.get(P)!;
  // An artist on both sides, linked as "Sync users" links them (data.sg_user_id), before the first job reads the map.
  const sgArtist = env.sgEmulator.store.create("HumanUser", { login: "ann", name: "Ann Artist", email: "ann@studio.test", sg_status_list: "act" });
  await env.ayon.createUser("ann", { data: { sg_user_id: sgArtist.id } });
  artistId = sgArtist.id;
}, 60_000);

let artistId: number;

afterAll(async () => world?.close());

const pushed = (topic: string, id: string): Promise<JobReport> => pushJob(world, topic, id);

async function folderOf(project: string, sgType: string, sgId: number): Promise<Folder> {
  const folders = await env.ayon.listFolders(project, { attrib: true });
  const item = folders.find((f) => f.attrib?.shotgridType === sgType && f.attrib?.shotgridId === String(sgId));
  if (!item) throw new Error(`no AYON folder for ${sgType} ${sgId}`);
  return (await env.ayon.getFolder(project, item.id))!;
}

const sgRead = (type: string, id: number, fields: string[]) => env.sg.read(type, id, { fields });

describe("update-from-ayon through the runtime", () => {
  it("a label change renames the ShotGrid entity (code), and the job says what it wrote", async () => {
    const shot = generated.tree.shots[0]!;
    const folder = await folderOf(P, "Shot", shot.id);
    await person.updateFolder(P, folder.id, { label: "Hero shot 010" });
    const job = await pushed("entity.folder.label_changed", folder.id);
    expect(job.status).toBe("finished");
    expect(job.description).toMatch(new RegExp(`ShotGrid Shot ${shot.id} updated \\(code\\)`));
    expect((await sgRead("Shot", shot.id, ["code"]))?.code).toBe("Hero shot 010");
  });

  it("a status change writes the status's short code, as ShotGrid spells it", async () => {
    const shot = generated.tree.shots[1]!;
    const folder = await folderOf(P, "Shot", shot.id);
    const before = (await sgRead("Shot", shot.id, ["sg_status_list"]))?.sg_status_list;
    const project = (await env.ayon.getProject(P))!;
    const schema = await env.sg.schemaField("Shot", "sg_status_list");
    const valid = (schema?.properties.valid_values as string[]).filter((code) => code !== before);
    const target = project.statuses!.find((s) => s.shortName && valid.includes(s.shortName))!;
    await person.updateFolder(P, folder.id, { status: target.name });
    const job = await pushed("entity.folder.status_changed", folder.id);
    expect(job.status).toBe("finished");
    expect((await sgRead("Shot", shot.id, ["sg_status_list"]))?.sg_status_list).toBe(target.shortName);
  });

  it("a folder created in AYON is created in ShotGrid under its parent, with sg_ayon_id, and linked back", async () => {
    const sequence = generated.tree.sequences[0]!;
    const parent = await folderOf(P, "Sequence", sequence.id);
    const id = await person.createFolder(P, { name: "sh900", label: "SH 900", folderType: "Shot", parentId: parent.id });
    const job = await pushed("entity.folder.created", id);
    expect(job.status).toBe("finished");
    const linked = (await env.ayon.getFolder(P, id))!;
    expect(linked.attrib.shotgridType).toBe("Shot");
    const sgId = Number(linked.attrib.shotgridId);
    const record = await sgRead("Shot", sgId, ["code", "sg_sequence", "sg_ayon_id", "sg_ayon_sync_status", "project"]);
    expect(record).toMatchObject({ code: "SH 900", sg_ayon_id: id, sg_ayon_sync_status: "Synced" });
    expect(record?.sg_sequence).toMatchObject({ type: "Sequence", id: sequence.id });
    expect(record?.project).toMatchObject({ type: "Project", id: generated.projectId });
  });

  it("a task created in AYON becomes a ShotGrid Task on its folder's entity, with the Step of its type; deleting it retires it", async () => {
    const shot = generated.tree.shots[2]!;
    const folder = await folderOf(P, "Shot", shot.id);
    const step = generated.tree.steps.find((s) => s.entity_type === "Shot")!;
    const id = await person.createTask(P, { name: "extra", taskType: step.code, folderId: folder.id });
    expect((await pushed("entity.task.created", id)).status).toBe("finished");
    const sgId = Number((await env.ayon.getTask(P, id))!.attrib.shotgridId);
    const record = await sgRead("Task", sgId, ["content", "entity", "step", "sg_ayon_id"]);
    expect(record).toMatchObject({ content: "extra", sg_ayon_id: id });
    expect(record?.entity).toMatchObject({ type: "Shot", id: shot.id });
    expect(record?.step).toMatchObject({ type: "Step", id: step.id });

    await person.deleteTask(P, id);
    const job = await pushed("entity.task.deleted", id);
    expect(job.status).toBe("finished");
    expect(job.description).toMatch(/retired/);
    expect(await sgRead("Task", sgId, ["content"])).toBeNull();
    expect(await env.sg.read("Task", sgId, { fields: ["content"], retired: true })).not.toBeNull();
  });

  it("tags are pushed as ShotGrid Tags (created where the site lacks them)", async () => {
    const shot = generated.tree.shots[3]!;
    const folder = await folderOf(P, "Shot", shot.id);
    await person.updateFolder(P, folder.id, { tags: ["hero", "fx-heavy"] });
    expect((await pushed("entity.folder.tags_changed", folder.id)).status).toBe("finished");
    const tags = (await sgRead("Shot", shot.id, ["tags"]))?.tags as Array<{ name: string }>;
    expect(tags.map((t) => t.name).sort()).toEqual(["fx-heavy", "hero"]);
  });

  it("the push's own link write-back is not pushed back, a change is written once, and a replay writes nothing", async () => {
    const sequence = generated.tree.sequences[1]!;
    const parent = await folderOf(P, "Sequence", sequence.id);
    const id = await person.createFolder(P, { name: "sh901", folderType: "Shot", parentId: parent.id });
    await pushed("entity.folder.created", id);
    // The link (shotgridId/shotgridType) was written with the shotgrid sender type: its attrib_changed is not enrolled.
    const attribEvents = (await env.ayon.queryEvents({ topics: ["entity.folder.attrib_changed"], last: 20 })).events.filter((e) => e.summary.entityId === id);
    expect(attribEvents.length).toBeGreaterThan(0);
    for (const event of attribEvents) expect(await runtime.jobEvent(event.id)).toBeNull();
    // The same edit again (a rename to the name it has) changes nothing in AYON; a real change of the label is pushed once.
    const byRoute = () => env.sgEmulator.stats().byRoute;
    const sgWrites = () => (byRoute()["PUT /api/v1/entity/{type}/{id}"]?.count ?? 0) + (byRoute()["POST /api/v1/entity/_batch"]?.count ?? 0);
    const before = sgWrites();
    await person.updateFolder(P, id, { label: "SH 901" });
    expect((await pushed("entity.folder.label_changed", id)).description).toMatch(/updated \(code\)/);
    expect(sgWrites() - before).toBe(1);
    // The same event again (a replay): the entity is in line already, nothing is written.
    const original = (await env.ayon.queryEvents({ topics: ["entity.folder.label_changed"], last: 1 })).events[0]!;
    const replay = await runtime.dispatch(original.topic, { project: P, summary: original.summary, payload: original.payload ?? {} });
    expect((await runtime.waitForJob(replay, 15_000, "update-from-ayon")).description).toMatch(/already in line/);
    expect(sgWrites() - before).toBe(1);
  });

  it("a project whose shotgridPush is off is skipped, with the reason", async () => {
    const folders = await env.ayon.listFolders(QUIET, { attrib: true });
    const shot = folders.find((f) => f.attrib?.shotgridType === "Shot")!;
    const code = (await sgRead("Shot", Number(shot.attrib!.shotgridId), ["code"]))?.code;
    await person.updateFolder(QUIET, shot.id, { label: "not pushed" });
    const job = await pushed("entity.folder.label_changed", shot.id);
    expect(job.status).toBe("skipped");
    expect(job.description).toMatch(/pushing to ShotGrid is off for AYON project quiet \(its shotgridPush attribute\)/);
    expect((await sgRead("Shot", Number(shot.attrib!.shotgridId), ["code"]))?.code).toBe(code);
  });

  it("a rename writes the name as code (when there is no label), a move re-links the parent, a type change the Step", async () => {
    const [first, second] = generated.tree.sequences as unknown as [{ id: number }, { id: number }];
    const shot = generated.tree.shots.find((s) => s.sequence === first.id)!;
    const folder = await folderOf(P, "Shot", shot.id);
    await person.updateFolder(P, folder.id, { name: "renamed_shot", label: null });
    expect((await pushed("entity.folder.renamed", folder.id)).status).toBe("finished");
    expect((await sgRead("Shot", shot.id, ["code"]))?.code).toBe("renamed_shot");

    const target = await folderOf(P, "Sequence", second.id);
    await person.updateFolder(P, folder.id, { parentId: target.id });
    expect((await pushed("entity.folder.parent_changed", folder.id)).status).toBe("finished");
    expect((await sgRead("Shot", shot.id, ["sg_sequence"]))?.sg_sequence).toMatchObject({ type: "Sequence", id: second.id });

    const task = generated.tree.tasks.find((t) => t.entity.type === "Shot" && t.entity.id !== shot.id)!;
    const taskFolder = await folderOf(P, "Shot", task.entity.id);
    const ayonTask = (await env.ayon.listTasks(P, { folderIds: [taskFolder.id], attribs: ["shotgridId"] })).find((t) => t.attrib.shotgridId === String(task.id))!;
    await person.updateTask(P, ayonTask.id, { folderId: folder.id, name: "moved_task" });
    expect((await pushed("entity.task.folder_changed", ayonTask.id)).status).toBe("finished");
    expect((await sgRead("Task", task.id, ["entity"]))?.entity).toMatchObject({ type: "Shot", id: shot.id });

    const other = generated.tree.steps.find((s) => s.entity_type === "Shot" && s.id !== task.step)!;
    await person.updateTask(P, ayonTask.id, { taskType: other.code });
    expect((await pushed("entity.task.type_changed", ayonTask.id)).status).toBe("finished");
    expect((await sgRead("Task", task.id, ["step"]))?.step).toMatchObject({ type: "Step", id: other.id });
  });

  it("assignees are pushed as the ShotGrid users the AYON users are linked to", async () => {
    const task = generated.tree.tasks[0]!;
    const taskFolder = await folderOf(P, task.entity.type, task.entity.id);
    const ayonTask = (await env.ayon.listTasks(P, { folderIds: [taskFolder.id], attribs: ["shotgridId"] })).find((t) => t.attrib.shotgridId === String(task.id))!;
    await person.updateTask(P, ayonTask.id, { assignees: ["ann"] });
    expect((await pushed("entity.task.assignees_changed", ayonTask.id)).status).toBe("finished");
    expect(((await sgRead("Task", task.id, ["task_assignees"]))?.task_assignees as Array<{ type: string; id: number }>).map((u) => [u.type, u.id])).toEqual([["HumanUser", artistId]]);
  });

  it("a task type with no ShotGrid Step is skipped with one sentence, and nothing is created", async () => {
    const shot = generated.tree.shots[0]!;
    const folder = await folderOf(P, "Shot", shot.id);
    const project = (await env.ayon.getProject(P))!;
    await env.ayon.updateProject(P, { taskTypes: [...(project.taskTypes ?? []), { name: "Previz", shortName: "pvz" }] });
    const tasksBefore = (await env.sg.searchAll("Task", { filters: [["project", "is", { type: "Project", id: generated.projectId }]], fields: ["id"] })).length;
    const id = await person.createTask(P, { name: "previz", taskType: "Previz", folderId: folder.id });
    const job = await pushed("entity.task.created", id);
    expect(job.status).toBe("skipped");
    expect(job.description).toMatch(/task type 'Previz' has no ShotGrid Pipeline Step/);
    const tasksAfter = (await env.sg.searchAll("Task", { filters: [["project", "is", { type: "Project", id: generated.projectId }]], fields: ["id"] })).length;
    expect(tasksAfter).toBe(tasksBefore);
    expect((await env.ayon.getTask(P, id))!.attrib.shotgridId ?? null).toBeNull();
  });
});
