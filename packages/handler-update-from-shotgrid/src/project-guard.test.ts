// The right project, always: an event that names no project, or an entity moved to another ShotGrid project since,
// never imports that entity into this AYON project nor writes `sg_ayon_id` into the other project — through the
// real runtime and AYON's queue against both emulators (both the one-by-one and the batch path run here: the
// runtime hands the handler the queued events of a project together).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { generateShotgridProject } from "@ayon-sg/testkit";
import {
  ayonTree, dispatchEvents, lastEventId, leechableEvents, sgIdentity, smallProject, startUpdateWorld, type UpdateWorld,
} from "./update.test-helpers.js";

let world: UpdateWorld;

beforeAll(async () => {
  world = await startUpdateWorld();
}, 30_000);

afterAll(async () => {
  await world?.close();
});

// Reads travel as POST too (ShotGrid `_search`, AYON GraphQL); everything else that is not a GET writes.
const writesTo = (counter: UpdateWorld["requests"]["sg"]) =>
  [...counter.counts.keys()].filter((route) => /^(POST|PUT|PATCH|DELETE) /.test(route) && !/_search|_summarize|access_token|graphql/.test(route));

describe("the re-read entity must be in the ShotGrid project linked to the event's AYON project", () => {
  it("skips an event without project that names a Shot of an unlinked ShotGrid project, naming both projects", async () => {
    const { p } = await smallProject(world, "guard_home");
    const stranger = generateShotgridProject(world.store, { name: "Stranger Show", episodes: 0, sequences: 1, shots: 1, assets: 0, assetCategories: [], tasksPerEntity: 0 });
    const strangerShot = stranger.tree.shots[0]!;
    const before = lastEventId(world.store);
    world.store.update("Shot", strangerShot.id, { code: "lured" }, { as: world.artist });
    const [row] = leechableEvents(world.env, before, stranger.projectId);
    const treeBefore = ayonTree(world.env.ayonEmulator, p.ayon);
    world.requests.sg.reset();
    world.requests.ayon.reset();

    const [report] = await dispatchEvents(world, p.ayon, p.sgId, [{ ...row!, project: null }]);
    expect(report).toMatchObject({
      status: "skipped",
      description: expect.stringContaining(`EventLogEntry ${row!.id} (Shotgun_Shot_Change.code): ShotGrid Shot ${strangerShot.id} belongs to ShotGrid project ${stranger.projectId} (Stranger Show), not to ShotGrid project ${p.sgId} (guard_home) that AYON project guard_home is linked to: nothing imported from it, nothing written to it`),
    });
    expect(ayonTree(world.env.ayonEmulator, p.ayon)).toEqual(treeBefore);
    expect(sgIdentity(world.store, "Shot", strangerShot.id).sg_ayon_id ?? null).toBeNull();
    expect(writesTo(world.requests.sg)).toEqual([]);
    expect(writesTo(world.requests.ayon)).toEqual([]);
  });

  it("lets go of a Shot moved to another ShotGrid project (as a retirement would), alone or in a batch, writing nothing there", async () => {
    const { g, p } = await smallProject(world, "guard_moved");
    const elsewhere = generateShotgridProject(world.store, { name: "Elsewhere", episodes: 0, sequences: 1, shots: 1, assets: 0, assetCategories: [], tasksPerEntity: 0 });
    const [moved, kept] = [g.tree.shots[0]!, g.tree.shots[1]!];
    const before = lastEventId(world.store);
    world.store.update("Shot", moved.id, { code: "renamed_before_move" }, { as: world.artist });
    world.store.update("Shot", kept.id, { code: "renamed_and_kept" }, { as: world.artist });
    const rows = leechableEvents(world.env, before, p.sgId);
    // The move (with the Shot's Tasks) happens before the queued events are handled.
    const there = { project: { type: "Project", id: elsewhere.projectId } };
    world.store.update("Shot", moved.id, { ...there, sg_sequence: null }, { as: world.artist });
    const tasks = world.store.find("Task", [["entity", "is", { type: "Shot", id: moved.id }]], { fields: ["id"] });
    for (const task of tasks) world.store.update("Task", task.id, there, { as: world.artist });
    const identities = [sgIdentity(world.store, "Shot", moved.id), ...tasks.map((t) => sgIdentity(world.store, "Task", t.id))];

    const reports = await dispatchEvents(world, p.ayon, p.sgId, rows);
    expect(reports.map((r) => r.status)).toEqual(["finished", "finished"]);
    expect(reports[0]!.description).toContain(`ShotGrid Shot ${moved.id} belongs to ShotGrid project ${elsewhere.projectId} (Elsewhere), not to ShotGrid project ${p.sgId} (guard_moved) that AYON project guard_moved is linked to`);
    expect(reports[0]!.description).toMatch(new RegExp(`Shot ${moved.id} deleted in AYON`));
    const after = ayonTree(world.env.ayonEmulator, p.ayon);
    expect(after.linked.has(`Shot:${moved.id}`)).toBe(false);
    for (const task of tasks) expect(after.linked.has(`Task:${task.id}`)).toBe(false);
    expect(after.linked.get(`Shot:${kept.id}`)?.label).toBe("renamed_and_kept");
    expect([sgIdentity(world.store, "Shot", moved.id), ...tasks.map((t) => sgIdentity(world.store, "Task", t.id))]).toEqual(identities);
  });
});
