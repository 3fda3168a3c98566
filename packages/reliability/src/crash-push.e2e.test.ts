// Crashes in the AYON → ShotGrid direction: the real binary with the `update-from-ayon` plugin is killed with
// SIGKILL at seeded random points, and restarted each time (sometimes under a new instance name, so the stuck-job
// reaper frees the dead worker's job).
// 1. During `sync-from-ayon` of projects born in AYON (small `_batch` chunks, so there are many commit points to
//    die between): at the end ShotGrid holds exactly one entity per AYON entity, each naming it in `sg_ayon_id`
//    and named by it in `shotgridId`, and one more sync creates and updates nothing.
// 2. During live pushes, while a person keeps editing a pushed project in AYON (new shots and tasks, labels,
//    statuses): at the end every AYON folder and task is in ShotGrid, once, with its name and status.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, AyonClient, newAyonId, SilentLogger, type Operation } from "@ayon-sg/core";
import { loadProjectContext, runFullSync } from "@ayon-sg/shotgrid";
import { generateShotgridProject } from "@ayon-sg/testkit";
import { clearFigures, recordFigures } from "./figures.js";
import { currentProfile, timeoutFor } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { runSeed, seededRandom } from "./seeded-random.js";
import { ADDON, AYON_KEY, waitUntil, World } from "./world.js";

const SCENARIO = "crash-push";
const profile = currentProfile();
const seed = runSeed();
const random = seededRandom(seed);
const KILLS = Math.max(5, Math.round(profile.fullSyncKills / 2));
const SG_TYPES = new Set(["Episode", "Sequence", "Shot", "Asset", "Task"]);

let world: World;
let studio: string;
let person: AyonClient;

beforeAll(async () => {
  clearFigures(SCENARIO);
  process.stdout.write(`[reliability] ${SCENARIO}: seed ${seed} (replay with RELIABILITY_SEED=${seed})\n`);
  world = await World.start({ ayon: { latencyMs: 10 }, shotgrid: { latencyMs: 10 } });
  studio = world.studio(["push"], { sweepIntervalSeconds: 1, stuckJobSeconds: 3, maxRetries: 10, config: { "update-from-ayon": { shotgridBatchSize: 10 } } });
  person = new AyonClient({ serverUrl: world.ayonEmu.url, apiKey: AYON_KEY, sender: "coordinator", senderType: "api", retry: { limit: 3, baseDelayMs: 20, maxDelayMs: 200 } });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

const jobs = () => world.ayonEmu.state.events.ofTopic("shotgrid.proc");
const finishedSources = () => new Set(jobs().filter((j) => j.status === "finished").map((j) => j.dependsOn));

/** Kills the binary `KILLS` times while `busy()` says a job of it runs; `between` runs before each restart. */
async function killWhileBusy(label: string, between: () => Promise<void>): Promise<{ kills: number; restarts: number }> {
  let kills = 0;
  let restarts = 0;
  for (let round = 0; kills < KILLS; round++) {
    await between();
    restarts += 1;
    const instance = round % 3 === 2 ? `${label}-${round}` : label;
    const launchedAt = Date.now();
    const run = world.launch(studio, instance);
    const runningHere = () => jobs().filter((j) => (j.status === "pending" || j.status === "in_progress") && (j.sender ?? "").startsWith(`${instance}-w`) && j.updatedAt >= launchedAt);
    await run.waitFor("starting", 30_000);
    await waitUntil(() => runningHere().length > 0, `a ${label} job to run`, 30_000, 10).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, random.int(30, 600)));
    const running = runningHere().length;
    run.child.kill("SIGKILL");
    expect((await run.exited).signal).toBe("SIGKILL");
    if (running > 0) kills += 1;
  }
  return { kills, restarts };
}

/** The status codes ShotGrid allows on a type, lower-cased. */
async function validStatusCodes(type: string): Promise<Set<string>> {
  const field = await world.sg.schemaField(type, "sg_status_list");
  return new Set(((field?.properties.valid_values as string[] | undefined) ?? []).map((code) => code.toLowerCase()));
}

/** ShotGrid's entities of a project: one per AYON entity, each linked both ways; returns how many. */
async function expectLinkedOnce(project: string): Promise<number> {
  const sgProjectId = Number((await world.ayon.getProject(project))!.attrib?.shotgridId);
  const folders = (await world.ayon.listFolders(project, { attrib: true })).filter((f) => SG_TYPES.has(f.folderType));
  const tasks = await world.ayon.listTasks(project, { attribs: ["shotgridId", "shotgridType"] });
  const ayon = [
    ...folders.map((f) => ({ id: f.id, type: f.folderType, attrib: f.attrib ?? {}, name: f.label || f.name, status: f.status })),
    ...tasks.map((t) => ({ id: t.id, type: "Task", attrib: t.attrib, name: t.label || t.name, status: t.status })),
  ];
  const codes = new Map<string, Set<string>>();
  for (const type of SG_TYPES) codes.set(type, await validStatusCodes(type));
  const sg = [];
  for (const type of SG_TYPES) {
    for (const record of await world.sg.searchAll(type, { filters: [["project", "is", { type: "Project", id: sgProjectId }]], fields: ["sg_ayon_id", "code", "content", "sg_status_list"] })) sg.push(record);
  }
  const byAyonId = new Map<string, number>();
  for (const record of sg) byAyonId.set(String(record.sg_ayon_id), (byAyonId.get(String(record.sg_ayon_id)) ?? 0) + 1);
  expect([...byAyonId].filter(([, n]) => n > 1)).toEqual([]);
  expect(sg.length).toBe(ayon.length);
  const statuses = new Map(((await world.ayon.getProject(project))!.statuses ?? []).map((s) => [s.name, s.shortName]));
  for (const entity of ayon) {
    const record = sg.find((r) => r.sg_ayon_id === entity.id);
    expect([project, entity.id, record !== undefined]).toEqual([project, entity.id, true]);
    expect([entity.id, entity.attrib.shotgridId]).toEqual([entity.id, String(record!.id)]);
    expect([entity.id, record!.code ?? record!.content]).toEqual([entity.id, entity.name]);
    // A status whose code ShotGrid has for the type is pushed; another is left out (the job says so).
    const code = entity.status ? statuses.get(entity.status)?.toLowerCase() : undefined;
    if (code && codes.get(entity.type)?.has(code)) expect([entity.id, String(record!.sg_status_list).toLowerCase()]).toEqual([entity.id, code]);
  }
  return ayon.length;
}

/** An AYON-born project: `sequences` × 12 shots × 2 tasks, no ShotGrid project yet. */
async function ayonBornProject(name: string, sequences: number): Promise<void> {
  await world.ayon.createProject({ name, code: name });
  const ops: Operation[] = [];
  for (let s = 1; s <= sequences; s++) {
    const sq = newAyonId();
    ops.push({ type: "create", entityType: "folder", entityId: sq, data: { name: `sq${s}0`, folderType: "Sequence" } });
    for (let n = 1; n <= 12; n++) {
      const sh = newAyonId();
      ops.push({ type: "create", entityType: "folder", entityId: sh, data: { name: `sq${s}0_sh${n}0`, label: `SQ${s}0 shot ${n}0`, folderType: "Shot", parentId: sq } });
      for (const task of ["layout", "animation"]) ops.push({ type: "create", entityType: "task", entityId: newAyonId(), data: { name: task, taskType: task === "layout" ? "Layout" : "Animation", folderId: sh } });
    }
  }
  await world.ayon.operations(name, ops);
}

describe(`SIGKILL in the AYON → ShotGrid direction (seed ${seed})`, () => {
  it(`sync-from-ayon survives ${KILLS} kills and leaves every entity in ShotGrid once, linked both ways`, async () => {
    // The Steps the task types need, on the site (ShotGrid's Steps are site-wide).
    for (const code of ["Layout", "Animation"]) world.sgEmu.store.create("Step", { code, short_name: code.toLowerCase(), entity_type: "Shot" });
    const projects: string[] = [];
    const requests: string[] = [];
    const addProject = async () => {
      const name = `crash_push_${projects.length + 1}`;
      await ayonBornProject(name, 3);
      projects.push(name);
      requests.push(await world.dispatch({ topic: "shotgrid.event.project.sync", project: name, payload: { action: "sync-from-ayon", project_name: name } }));
    };
    await addProject();
    await addProject();
    const { kills, restarts } = await killWhileBusy("crash-push-sync", async () => {
      if (requests.every((id) => finishedSources().has(id))) await addProject();
    });
    const last = world.launch(studio, "crash-push-sync");
    await waitUntil(() => requests.every((id) => finishedSources().has(id)), "every sync-from-ayon finished", timeoutFor(90_000), 100);
    let entities = 0;
    for (const name of projects) entities += await expectLinkedOnce(name);
    // One more sync of each finds everything in place.
    const checks: string[] = [];
    for (const name of projects) checks.push(await world.dispatch({ topic: "shotgrid.event.project.sync", project: name, payload: { action: "sync-from-ayon", project_name: name } }));
    await waitUntil(() => checks.every((id) => finishedSources().has(id)), "the check syncs", 60_000, 100);
    for (const id of checks) expect(jobs().find((j) => j.dependsOn === id)!.description).toMatch(/; 0 created, 0 updated, \d+ already in line, 0 linked in AYON/);
    expect((await last.stop("SIGTERM")).code).toBe(0);
    recordFigures(SCENARIO, { seed, syncKillsSurvived: kills, syncRestarts: restarts, syncProjects: projects.length, syncEntitiesChecked: entities });
  }, timeoutFor(KILLS * 8_000 + 90_000));

  it(`live pushes survive ${KILLS} kills while a person edits: every folder and task in ShotGrid once, as AYON has it`, async () => {
    const name = "crash_push_live";
    const generated = generateShotgridProject(world.sgEmu.store, { name, episodes: 1, sequencesPerEpisode: 3, shots: 12, assets: 0, assetCategories: [], tasksPerEntity: 1, seed });
    await world.ayon.createProject({ name, code: name });
    await world.ayon.updateProject(name, { attrib: { shotgridId: String(generated.projectId), shotgridType: "Project" } });
    const settings = new AddonSettings(ADDON.name, ADDON.version, {}, world.ayon);
    const loaded = await loadProjectContext({ ayon: world.ayon, sg: world.sg, settings }, name);
    if (!loaded.ok) throw new Error(loaded.reason);
    await runFullSync({ ayon: world.ayon, sg: world.sg, logger: new SilentLogger() }, loaded.context);
    await world.ayon.updateProject(name, { attrib: { shotgridPush: true } });
    const project = (await world.ayon.getProject(name))!;
    // Statuses ShotGrid has for Shots (the others are left out of the push, and said so), a task type with a Step.
    const shotCodes = await validStatusCodes("Shot");
    const statuses = (project.statuses ?? []).filter((s) => s.shortName && shotCodes.has(s.shortName.toLowerCase()));
    const sequences = (await world.ayon.listFolders(name)).filter((f) => f.folderType === "Sequence");
    const taskType = generated.tree.steps.find((step) => step.entity_type === "Shot")!.code;
    let edits = 0;
    const edit = async () => {
      const folders = (await world.ayon.listFolders(name)).filter((f) => f.folderType === "Shot");
      for (let i = 0; i < 6; i++, edits++) {
        const pick = random.int(0, 3);
        const shot = folders[random.int(0, folders.length - 1)]!;
        if (pick === 0) await person.createFolder(name, { name: `new_${edits}`, label: `New ${edits}`, folderType: "Shot", parentId: sequences[random.int(0, sequences.length - 1)]!.id });
        else if (pick === 1) await person.updateFolder(name, shot.id, { label: `Edited ${edits}` });
        else if (pick === 2) await person.updateFolder(name, shot.id, { status: statuses[random.int(0, statuses.length - 1)]!.name });
        else await person.createTask(name, { name: `extra_${edits}`, taskType, folderId: shot.id });
      }
    };
    const { kills, restarts } = await killWhileBusy("crash-push-live", edit);
    const last = world.launch(studio, "crash-push-live");
    const edited = () => world.ayonEmu.state.events.all().filter((e) => e.project === name && e.senderType === "api" && e.topic.startsWith("entity."));
    await waitUntil(() => edited().every((e) => finishedSources().has(e.id)), "every AYON edit's push finished", timeoutFor(90_000), 100).catch((error: Error) => {
      const open = jobs().filter((j) => j.status !== "finished").map((j) => `${j.status} ${j.description}`);
      throw new Error(`${error.message}: ${open.slice(0, 10).join("; ")}`);
    });
    const entities = await expectLinkedOnce(name);
    expect((await last.stop("SIGTERM")).code).toBe(0);
    recordFigures(SCENARIO, { liveKillsSurvived: kills, liveRestarts: restarts, liveEdits: edits, liveEntitiesChecked: entities });
  }, timeoutFor(KILLS * 10_000 + 90_000));

  it("leaks no secret into the binaries' output or any AYON event", () => {
    expect(scanForSecrets(world.collect(), world.secrets())).toEqual([]);
  });
});
