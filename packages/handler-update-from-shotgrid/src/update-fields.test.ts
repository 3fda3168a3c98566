// Live updates of mapped fields (custom_attribs_map, tags, task assignees) through the real runtime, ShotGrid
// edits replayed as the leecher dispatches them: exactly the edited field changes, new tags reach the anatomy, an
// assignee with no AYON user is reported on the job, and replaying the same events writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { editAndReplay, dispatchEvents, lastEventId, leechableEvents, smallProject, startUpdateWorld, type UpdateWorld } from "./update.test-helpers.js";

let world: UpdateWorld;

const ATTRIBS_MAP = [
  { ayon: "frameStart", type: "integer", sg: "cut_in", scope: ["Shot"] },
  { ayon: "fps", type: "float", sg: "fps", scope: ["Project", "Shot", "Task"] },
  { ayon: "startDate", type: "datetime", sg: "start_date", scope: ["Task"] },
];

beforeAll(async () => {
  world = await startUpdateWorld({ settings: { compatibility_settings: { custom_attribs_map: ATTRIBS_MAP } } });
}, 30_000);

afterAll(async () => {
  await world?.close();
});

function entity(project: string, sgType: string, sgId: number) {
  const state = world.env.ayonEmulator.state.project(project)!;
  const all = [...state.folders.values(), ...state.tasks.values()] as Array<{ attrib: Record<string, unknown>; tags: string[]; assignees?: string[] }>;
  return all.find((e) => e.attrib.shotgridType === sgType && e.attrib.shotgridId === String(sgId))!;
}

describe("live updates of mapped fields", () => {
  it("a cut in, a tag and assignees change exactly that; an unknown assignee is reported; a replay writes nothing", async () => {
    const { g, p } = await smallProject(world, "live_fields");
    const [shotId] = g.ids.Shot as [number];
    const [taskId] = g.ids.Task as [number];
    await world.env.ayon.createUser("ann", { attrib: { email: "ann@studio.com" } });
    const ghost = world.store.create("HumanUser", { login: "ghost", name: "Ghost Writer", sg_status_list: "act" });
    const hero = world.store.create("Tag", { name: "hero" });
    const fpsBefore = entity(p.ayon, "Shot", shotId).attrib.fps;

    const before = lastEventId(world.store);
    const reports = await editAndReplay(world, p, (store, as) => {
      store.update("Shot", shotId, { sg_cut_in: 1017, tags: [{ type: "Tag", id: hero.id }] }, as);
      store.update("Task", taskId, { task_assignees: [world.artist, { type: "HumanUser", id: ghost.id }], start_date: "2024-06-03" }, as);
    });
    expect(reports.map((r) => r.status)).toEqual(reports.map(() => "finished"));
    const shot = entity(p.ayon, "Shot", shotId);
    expect(shot.attrib.frameStart).toBe(1017);
    expect(shot.attrib.fps).toBe(fpsBefore);
    expect(shot.tags).toEqual(["hero"]);
    expect((await world.env.ayon.getProject(p.ayon))!.tags.map((t) => t.name)).toContain("hero");
    const task = entity(p.ayon, "Task", taskId);
    expect(task.assignees).toEqual(["ann"]);
    expect(String(task.attrib.startDate)).toMatch(/^2024-06-03T00:00:00/);
    const assigned = reports.filter((r) => /assignee/.test(r.description));
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned[0]!.description).toContain(`no AYON user, so not assigned (run Sync users): Ghost Writer (ShotGrid user ${ghost.id}, 1 task)`);
    // The job event carries it too (payload.result), for tools reading the outcome.
    const job = await world.env.ayon.getEvent(assigned[0]!.jobId);
    expect(job.payload).toMatchObject({ result: { unknownAssignees: [{ sgUserId: ghost.id, name: "Ghost Writer", login: "ghost", tasks: 1 }] } });
    expect(reports.some((r) => /updated in AYON \((frameStart, tags|tags, frameStart)\)/.test(r.description))).toBe(true);

    // The same events again: everything is in place, AYON receives no write.
    world.requests.ayon.reset();
    const again = await dispatchEvents(world, p.ayon, p.sgId, leechableEvents(world.env, before, p.sgId));
    expect(again.every((r) => r.status === "skipped" || /already in sync/.test(r.description))).toBe(true);
    const writes = [...world.requests.ayon.counts].filter(([route]) => !route.startsWith("GET ") && !route.startsWith("POST /graphql"));
    expect(writes).toEqual([]);
  });

  it("a Project's mapped field and tag reach the AYON project and its anatomy", async () => {
    const { p, ref } = await smallProject(world, "live_project_fields");
    const wip = world.store.create("Tag", { name: "wip" });
    const reports = await editAndReplay(world, p, (store, as) => {
      store.update("Project", ref.id, { sg_fps: "48.0", tags: [{ type: "Tag", id: wip.id }] }, as);
    });
    expect(reports.map((r) => r.status)).toEqual(reports.map(() => "finished"));
    expect(reports.some((r) => /AYON project updated \(fps/.test(r.description))).toBe(true);
    const project = (await world.env.ayon.getProject(p.ayon))!;
    expect(project.attrib.fps).toBe(48);
    expect(project.tags.map((t) => t.name)).toContain("wip");
  });
});
