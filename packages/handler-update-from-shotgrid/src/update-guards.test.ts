// The guards of the shotgrid-event handler, through the real runtime and AYON's queue against both emulators:
// replays, skips, hostile input, secrets, Project events, unresolvable clashes. ShotGrid edits are made as an
// artist; the EventLogEntry rows they log are dispatched as the leecher would, in id order.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { JobReport } from "@ayon-sg/core";
import { eventDispatch } from "@ayon-sg/leecher";
import {
  AYON_KEY, SG_SCRIPT, ayonTree, editAndReplay, lastEventId, leechableEvents, dispatchEvents, sgIdentity, smallProject, startUpdateWorld, type UpdateWorld,
} from "./update.test-helpers.js";

let world: UpdateWorld;

beforeAll(async () => {
  world = await startUpdateWorld();
}, 30_000);

afterAll(async () => {
  await world?.close();
});

const project = (name: string) => smallProject(world, name);

const tree = (name: string) => ayonTree(world.env.ayonEmulator, name);

describe("replays are harmless", () => {
  it("replaying the same events changes nothing and writes nothing, on either side", async () => {
    const { g, p } = await project("replay");
    const before = lastEventId(world.store);
    const shot = g.tree.shots[0]!;
    world.store.update("Shot", shot.id, { code: "renamed_once" }, { as: world.artist });
    world.store.retire("Asset", g.ids.Asset[0]!, { as: world.artist });
    const created = world.store.create("Task", { project: { type: "Project", id: g.projectId }, content: "extra", entity: { type: "Shot", id: shot.id } }, { as: world.artist });
    const events = leechableEvents(world.env, before, g.projectId);
    await dispatchEvents(world, p.ayon, p.sgId, events);
    const first = tree(p.ayon);
    expect(first.linked.get(`Task:${created.id}`)).toMatchObject({ type: "Generic" });

    world.env.ayonEmulator.resetStats();
    world.env.sgEmulator.resetStats();
    world.requests.ayon.reset();
    world.requests.sg.reset();
    const again = await dispatchEvents(world, p.ayon, p.sgId, events);
    expect(again.map((r) => r.status)).toEqual(again.map(() => expect.stringMatching(/finished|skipped/)));
    expect(tree(p.ayon)).toEqual(first);
    const writes = [...world.requests.ayon.counts.keys(), ...world.requests.sg.counts.keys()].filter((route) => /operations|PATCH|PUT|DELETE|_batch/.test(route));
    expect(writes).toEqual([]);
    expect(world.requests.ayon.total()).toBeGreaterThan(0); // the handler did look
  });
});

describe("skips, with the reason", () => {
  it("skips events of a project whose auto-sync is off, not imported, not linked, or linked to another ShotGrid project", async () => {
    const { g, p } = await project("autosync_off");
    world.store.update("Project", g.projectId, { sg_ayon_auto_sync: false });
    const reports = await editAndReplay(world, p, (store, as) => store.update("Shot", g.ids.Shot[0]!, { code: "ignored" }, as));
    expect(reports[0]).toMatchObject({ status: "skipped", description: expect.stringMatching(/auto-sync is off for ShotGrid project \d+ \(sg_ayon_auto_sync\)/) });
    expect(tree(p.ayon).linked.get(`Shot:${g.ids.Shot[0]}`)?.label).not.toBe("ignored");

    const shotNew = (project: string, sgProjectId: number) =>
      world.runtime.dispatch("shotgrid.event", {
        project,
        payload: {
          action: "shotgrid-event", project_name: project,
          sg_payload: { id: 1, event_type: "Shotgun_Shot_New", meta: { entity_type: "Shot", entity_id: 1 }, entity: { type: "Shot", id: 1 }, project: { type: "Project", id: sgProjectId } },
        },
      });
    expect(await world.runtime.waitForJob(await shotNew("not_imported", 1))).toMatchObject({ status: "skipped", description: expect.stringMatching(/does not exist; import it from ShotGrid first/) });
    await world.env.ayon.createProject({ name: "not_linked", code: "not_linked" });
    expect(await world.runtime.waitForJob(await shotNew("not_linked", 1))).toMatchObject({ status: "skipped", description: expect.stringMatching(/not linked to a ShotGrid project/) });
    const other = await project("linked_elsewhere");
    expect(await world.runtime.waitForJob(await shotNew("linked_elsewhere", other.g.projectId + 1000))).toMatchObject({
      status: "skipped",
      description: expect.stringMatching(new RegExp(`belongs to ShotGrid project ${other.g.projectId + 1000}, but AYON project linked_elsewhere is linked to ShotGrid project ${other.g.projectId}`)),
    });
  });

  it("skips a change of a field the sync does not use without writing anything", async () => {
    const { g, p } = await project("irrelevant");
    world.requests.ayon.reset();
    const reports = await editAndReplay(world, p, (store, as) => store.update("Shot", g.ids.Shot[0]!, { description: "notes" }, as));
    expect(reports[0]).toMatchObject({ status: "skipped", description: expect.stringMatching(/nothing the sync uses changed \(Shot\.description\)/) });
    expect([...world.requests.ayon.counts.keys()].filter((r) => /operations/.test(r))).toEqual([]);
  });
});

describe("ShotGrid or AYON unreachable: retried through AYON", () => {
  it("gives the job back while ShotGrid answers 503, and the runtime's next attempt applies the event", async () => {
    const { g, p } = await project("outage");
    const reports: JobReport[] = [];
    const listener = (report: JobReport) => reports.push(report);
    world.runtime.runtime.events.on("job:done", listener);
    // Two 503s: the client's own retry gives up, the job's first attempt ends; the runtime's next attempt gets through.
    world.env.sgEmulator.faults.add({ match: { path: "^/api/v1/entity/shots/" }, status: 503, times: 2 });
    const before = lastEventId(world.store);
    world.store.update("Shot", g.ids.Shot[0]!, { code: "after_outage" }, { as: world.artist });
    const rows = leechableEvents(world.env, before, g.projectId);
    const linked = { sgProjectId: g.projectId, sgProjectName: p.ayon, projectCode: p.ayon, projectCodeField: "code", ayonProjectName: p.ayon };
    const request = eventDispatch(rows[0]!, linked, world.env.sgEmulator.url);
    const sourceId = await world.runtime.dispatch(request.topic, { project: p.ayon, payload: request.payload, summary: request.summary });
    const deadline = Date.now() + 15_000;
    while (!reports.some((r) => r.sourceId === sourceId && r.status === "finished") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    world.runtime.runtime.events.off("job:done", listener);
    // The runtime tells an unavailable service from a failure: the job is released (no retry spent) and runs again.
    const attempts = reports.filter((r) => r.sourceId === sourceId);
    expect(attempts.map((r) => [r.status, r.retryable])).toEqual([["released", true], ["finished", false]]);
    expect(attempts[0]!.description).toMatch(/ShotGrid was unavailable for GET \/entity\/shots\/\d+ after 2 attempts \(HTTP 503\)/);
    expect(tree(p.ayon).linked.get(`Shot:${g.ids.Shot[0]}`)?.name).toBe("after_outage");
  });
});

describe("hostile input never crashes the handler or the process", () => {
  it("fails malformed events at once (not retried) with a clear description, then goes on with the next event", async () => {
    const { g, p } = await project("hostile");
    const bad: unknown[] = [
      { action: "shotgrid-event", project_name: p.ayon },
      { action: "shotgrid-event", project_name: p.ayon, sg_payload: { id: "1; DROP TABLE", event_type: "Shotgun_Shot_New" } },
      { action: "shotgrid-event", project_name: p.ayon, sg_payload: { id: 9, event_type: "Shotgun_Shot_Change", meta: [1], entity: { type: "Shot", id: 1 } } },
      { action: "shotgrid-event", project_name: p.ayon, sg_payload: { id: 9, event_type: "Shotgun_../../etc_New", meta: {} } },
      { action: "shotgrid-event", project_name: p.ayon, sg_payload: { id: 9, event_type: "x".repeat(50_000) } },
    ];
    for (const payload of bad) {
      const id = await world.runtime.dispatch("shotgrid.event", { project: p.ayon, payload: payload as Record<string, unknown> });
      const report = await world.runtime.waitForJob(id);
      expect(report).toMatchObject({ status: "failed", retryable: false, description: expect.stringMatching(/malformed shotgrid-event: payload\./) });
      expect(report.description.length).toBeLessThan(600);
    }
    // An event for an id ShotGrid never had, of a type it syncs: nothing to do, nothing crashes.
    const ghost = await world.runtime.dispatch("shotgrid.event", {
      project: p.ayon,
      payload: { action: "shotgrid-event", project_name: p.ayon, sg_payload: { id: 10, event_type: "Shotgun_Shot_Change", attribute_name: "code", meta: { entity_type: "Shot", entity_id: 987654 }, entity: null, project: { type: "Project", id: g.projectId } } },
    });
    expect(await world.runtime.waitForJob(ghost)).toMatchObject({ status: "finished", description: expect.stringMatching(/Shot 987654 not in AYON; nothing to remove/) });

    const [next] = await editAndReplay(world, p, (store, as) => store.update("Shot", g.ids.Shot[0]!, { code: "still_working" }, as));
    expect(next).toMatchObject({ status: "finished" });
    expect(tree(p.ayon).linked.get(`Shot:${g.ids.Shot[0]}`)?.name).toBe("still_working");
  });

  it("writes no secret into jobs or logs", async () => {
    const { g, p } = await project("secrets");
    const [report] = await editAndReplay(world, p, (store, as) => store.update("Shot", g.ids.Shot[0]!, { code: "sh_secret_test" }, as));
    const job = JSON.stringify(await world.runtime.jobEvent((await world.runtime.ayon.queryEvents({ topics: ["shotgrid.event"], last: 1 })).events[0]!.id));
    const logs = JSON.stringify(world.runtime.logger.entries);
    expect(report!.status).toBe("finished");
    expect(job).toMatch(/Shot \d+ updated in AYON \(label, name\)/); // the job event was found, and it says what changed
    for (const secret of [AYON_KEY, SG_SCRIPT.key]) {
      expect(job).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});

describe("Project events and unresolvable clashes", () => {
  it("reloads the project on a navchains change, so the next event follows the new hierarchy", async () => {
    const { g, p, ref } = await project("navchains");
    const shot = g.tree.shots[0]!;
    const [projectEvent] = await editAndReplay(world, p, (store, as) =>
      store.update("Project", ref.id, { tracking_settings: { navchains: { Shot: "__flat__", Sequence: "Sequence.episode", Asset: "Asset.sg_asset_type" } } }, as),
    );
    expect(projectEvent).toMatchObject({ status: "finished", description: expect.stringMatching(/Project\.tracking_settings changed; project settings reloaded/) });
    await editAndReplay(world, p, (store, as) => store.update("Shot", shot.id, { code: "flat_now" }, as));
    expect(tree(p.ayon).linked.get(`Shot:${shot.id}`)).toMatchObject({ name: "flat_now", parent: null });
  });

  it("skips at once after auto-sync is switched off in ShotGrid (the Project event reloads it)", async () => {
    const { g, p, ref } = await project("switch_off");
    const reports = await editAndReplay(world, p, (store, as) => {
      store.update("Project", ref.id, { sg_ayon_auto_sync: false }, as);
      store.update("Shot", g.ids.Shot[0]!, { code: "not_applied" }, as);
    });
    expect(reports.map((r) => r.status)).toEqual(["skipped", "skipped"]);
    expect(reports[1]!.description).toMatch(/auto-sync is off/);
  });

  it("fails, with the reason and 'Failed' in ShotGrid, when a kept published Shot comes back to a name taken meanwhile", async () => {
    const { g, p, ref } = await project("clash_published");
    const shot = g.tree.shots[0]!;
    const folderId = tree(p.ayon).linked.get(`Shot:${shot.id}`)!.id;
    world.env.ayonEmulator.state.project(p.ayon)!.folders.get(folderId)!.hasVersions = true;
    await editAndReplay(world, p, (store, as) => store.retire("Shot", shot.id, as));
    // A new Shot takes the name (an inactive folder does not hold it).
    let twin = 0;
    await editAndReplay(world, p, (store, as) => {
      twin = store.create("Shot", { project: ref, code: shot.code, sg_sequence: { type: "Sequence", id: shot.sequence } }, as).id;
    });
    expect(tree(p.ayon).linked.get(`Shot:${twin}`)).toMatchObject({ name: shot.code, active: true });

    const reports = await editAndReplay(world, p, (store, as) => store.revive("Shot", shot.id, as));
    const revival = reports.find((r) => /Shot_Revival/.test(r.description))!;
    expect(revival).toMatchObject({ status: "failed", retryable: false, description: expect.stringMatching(/Shot \d+ not synced: AYON refused it: .*published versions, so it cannot take another name/) });
    expect(sgIdentity(world.store, "Shot", shot.id).sg_ayon_sync_status).toBe("Failed");
    expect(world.env.ayonEmulator.state.project(p.ayon)!.folders.get(folderId)).toMatchObject({ active: false });
  });
});
