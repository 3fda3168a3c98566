// Mapped fields in the full sync against both emulators: custom_attribs_map values, tags (added to the
// anatomy), task assignees through the users map, the unknown assignee on the job summary, and a re-run that
// writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { AddonSettings, SilentLogger } from "@ayon-sg/core";
import { describeSummary, runFullSync, type FullSyncSummary } from "./full-sync.js";
import { loadProjectContext } from "./project-context.js";
import { ayonWrites, linkedProject, SMALL_PROJECT, startSyncEnv, type SyncEnv } from "./sync-env.test-helpers.js";

let env: SyncEnv;
let settings: AddonSettings;
const logger = new SilentLogger();

const ATTRIBS_MAP = [
  { ayon: "fps", type: "float", sg: "fps", scope: ["Project", "Shot", "Task"] },
  { ayon: "frameStart", type: "integer", sg: "cut_in", scope: ["Shot"] },
  { ayon: "startDate", type: "datetime", sg: "start_date", scope: ["Task"] },
  { ayon: "description", type: "string", sg: "description", scope: ["Shot"] },
  { ayon: "priority", type: "string", sg: "", scope: ["Shot"] },
];

beforeAll(async () => {
  env = await startSyncEnv();
  settings = new AddonSettings("shotgrid", null, { ...env.studioSettings, compatibility_settings: { custom_attribs_map: ATTRIBS_MAP } }, null);
});
afterAll(async () => {
  await env?.close();
});

async function sync(project: string): Promise<FullSyncSummary> {
  const loaded = await loadProjectContext({ ayon: env.ayon, sg: env.sg, settings }, project);
  if (!loaded.ok) throw new Error(loaded.reason);
  return runFullSync({ ayon: env.ayon, sg: env.sg, logger }, loaded.context);
}

function ayonEntity(project: string, sgType: string, sgId: number) {
  const state = env.ayonEmulator.state.project(project)!;
  const all = [...state.folders.values(), ...state.tasks.values()] as Array<{ attrib: Record<string, unknown>; tags: string[]; assignees?: string[] }>;
  return all.find((e) => e.attrib.shotgridType === sgType && e.attrib.shotgridId === String(sgId));
}

describe("full sync: mapped fields SG → AYON", () => {
  it("writes attributes, tags and assignees once, reports an unknown assignee, and a re-run writes nothing", async () => {
    const generated = await linkedProject(env, "fields_a", SMALL_PROJECT);
    const store = env.sgEmulator.store;
    const [shotId, otherShotId] = generated.ids.Shot as [number, number];
    const [taskId] = generated.ids.Task as [number];
    const hero = store.create("Tag", { name: "hero" });
    const rush = store.create("Tag", { name: "rush" });
    const ann = store.create("HumanUser", { login: "ann@studio.com", email: "ann@studio.com", name: "Ann Lee", sg_status_list: "act" });
    const ghost = store.create("HumanUser", { login: "ghost", email: "ghost@studio.com", name: "Ghost Writer", sg_status_list: "act" });
    store.update("Project", generated.projectId, { sg_fps: "25.0", tags: [{ type: "Tag", id: rush.id }] });
    store.update("Shot", shotId, { sg_fps: "23.976", sg_cut_in: 1001, description: "wide, slow push", tags: [{ type: "Tag", id: hero.id }] });
    // Linked by hand under another name and email, as the Python addon allows (data.sg_user_id only).
    const lee = store.create("HumanUser", { login: "lee", email: "lee@home.net", name: "Lee Ray", sg_status_list: "act" });
    store.update("Task", taskId, {
      start_date: "2024-05-02",
      task_assignees: [{ type: "HumanUser", id: ann.id }, { type: "HumanUser", id: ghost.id }, { type: "HumanUser", id: lee.id }],
    });
    await env.ayon.createUser("ann_studio.com", { attrib: { email: "ann@studio.com" } });
    await env.ayon.createUser("l.ray", { attrib: { email: "l.ray@studio.com" }, data: { sg_user_id: lee.id } });

    const tagsBefore = (await env.ayon.getProject("fields_a"))!.tags.map((t) => t.name);
    const first = await sync("fields_a");
    expect(first.failed).toBe(0);
    expect(ayonEntity("fields_a", "Shot", shotId)).toMatchObject({
      attrib: { fps: 23.976, frameStart: 1001, description: "wide, slow push" }, tags: ["hero"],
    });
    // Every shot gets its own cut in (the generator sets one); an empty ShotGrid field writes nothing.
    const otherCutIn = store.findOne("Shot", otherShotId, { fields: ["sg_cut_in"] })?.sg_cut_in;
    expect(typeof otherCutIn).toBe("number");
    expect(ayonEntity("fields_a", "Shot", otherShotId)?.attrib).toMatchObject({ frameStart: otherCutIn });
    expect(ayonEntity("fields_a", "Shot", otherShotId)?.attrib.description).toBeUndefined();
    const task = ayonEntity("fields_a", "Task", taskId)!;
    expect(task.assignees).toEqual(["ann_studio.com", "l.ray"]);
    expect(String(task.attrib.startDate)).toMatch(/^2024-05-02T00:00:00/);
    const project = (await env.ayon.getProject("fields_a"))!;
    expect(project.attrib.fps).toBe(25);
    // The anatomy's own tags (AYON's built-in preset has some) stay; the ShotGrid tags are added.
    expect(project.tags.map((t) => t.name).sort()).toEqual([...tagsBefore, "hero", "rush"].sort());
    expect(first.anatomyAdded.tags.sort()).toEqual(["hero", "rush"]);
    expect(first.unknownAssignees).toEqual([{ sgUserId: ghost.id, name: "Ghost Writer", login: "ghost", tasks: 1 }]);
    expect(describeSummary(first)).toContain(`1 assignee has no AYON user, so not assigned (run Sync users): Ghost Writer (ShotGrid user ${ghost.id}, 1 task)`);

    env.ayonEmulator.resetStats();
    const second = await sync("fields_a");
    expect(ayonWrites(env.ayonEmulator.stats())).toEqual({});
    expect(second.folders.updated + second.tasks.updated).toBe(0);
    expect(second.unknownAssignees).toHaveLength(1);

    // A ShotGrid edit changes exactly that field on that entity.
    store.update("Shot", shotId, { sg_cut_in: 1009, tags: [{ type: "Tag", id: hero.id }, { type: "Tag", id: rush.id }] });
    env.ayonEmulator.resetStats();
    const third = await sync("fields_a");
    expect(third.folders.updated).toBe(1);
    expect(third.tasks.updated).toBe(0);
    expect(ayonEntity("fields_a", "Shot", shotId)).toMatchObject({ attrib: { frameStart: 1009, fps: 23.976 }, tags: ["hero", "rush"] });
  });

  it("names mapped attributes AYON does not have and syncs the rest", async () => {
    await linkedProject(env, "fields_b", { ...SMALL_PROJECT, shots: 1, assets: 0, assetCategories: [] });
    const withUnknown = new AddonSettings("shotgrid", null, {
      ...env.studioSettings, compatibility_settings: { custom_attribs_map: [...ATTRIBS_MAP, { ayon: "lensMm", type: "float", sg: "lens", scope: ["Shot"] }] },
    }, null);
    const loaded = await loadProjectContext({ ayon: env.ayon, sg: env.sg, settings: withUnknown }, "fields_b");
    if (!loaded.ok) throw new Error(loaded.reason);
    const summary = await runFullSync({ ayon: env.ayon, sg: env.sg, logger }, loaded.context);
    expect(summary.failed).toBe(0);
    expect(summary.unknownAttributes).toEqual(["lensMm"]);
    expect(describeSummary(summary)).toContain("mapped attributes AYON does not have: lensMm");
  });
});
