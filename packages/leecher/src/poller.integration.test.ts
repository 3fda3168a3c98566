// The poller against both emulators, driven poll by poll: what reaches AYON, exactly once, through first
// starts, restarts, gaps, backfills and AYON outages; data-compatible with
// the Python leecher (ynput/ayon-shotgrid services/leecher/leecher/listener.py).
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { CapturingLogger } from "@ayon-sg/testing";
import type { ShotgridEmulatorOptions } from "@ayon-sg/testkit";
import { normalizeSiteUrl } from "./event-requests.js";
import { ServiceFailure, ServiceHealth } from "./health.js";
import { deliveryProblems, expectedEventIds, leechedCounts, linkedProject, startWorld, syncRequests, type World } from "./leecher.test-helpers.js";
import { EventPoller, type PollerSettings } from "./poller.js";
import { STATE_TOPIC } from "./state-store.js";

let world: World;
const worlds: World[] = [];

async function open(options: ShotgridEmulatorOptions = {}): Promise<World> {
  world = await startWorld(options);
  worlds.push(world);
  return world;
}

afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.close()));
});

function poller(settings: Partial<PollerSettings> = {}, logger = new CapturingLogger()): { poller: EventPoller; logger: CapturingLogger } {
  return { poller: new EventPoller(pollerDeps(logger, settings)), logger };
}

function pollerDeps(logger = new CapturingLogger(), settings: Partial<PollerSettings> = {}): ConstructorParameters<typeof EventPoller>[0] {
  return {
    shotgrid: world.sg,
    ayon: world.ayon,
    logger,
    health: { shotgrid: new ServiceHealth("ShotGrid", logger), ayon: new ServiceHealth("AYON", logger) },
    settings: {
      site: normalizeSiteUrl(world.sg.siteUrl),
      scriptName: "ayon-sg",
      enabledEntities: ["Project", "Episode", "Sequence", "Shot", "Asset", "Task"],
      projectCodeField: "code",
      pollIntervalMs: 0,
      settleMs: 30_000,
      batchSize: 200,
      dispatchConcurrency: 4,
      restartSafetyIds: 1000,
      cursorWriteMs: 0,
      ...settings,
    },
  };
}

/** Polls until a poll finds no backlog and no congestion. */
async function drain(p: EventPoller): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const result = await p.poll();
    if (!result.backlog && !result.congested) return;
  }
  throw new Error("the leecher never caught up");
}

function newestId(): number {
  return world.sgEmu.store.find("EventLogEntry", [], { fields: ["id"], sort: "-id", limit: 1 })[0]?.id ?? 0;
}

/** A burst of varied writes in a project, by an artist unless said otherwise. */
function writeSome(projectId: number, tag: string, as: { type: "HumanUser" | "ApiUser"; id: number } = world.artist): void {
  const store = world.sgEmu.store;
  const project = { type: "Project", id: projectId };
  const seq = store.create("Sequence", { project, code: `sq_${tag}` }, { as });
  const shot = store.create("Shot", { project, code: `sh_${tag}`, sg_sequence: { type: "Sequence", id: seq.id } }, { as });
  store.create("Task", { project, content: `comp_${tag}`, entity: { type: "Shot", id: shot.id } }, { as });
  store.update("Shot", shot.id, { description: `changed ${tag}` }, { as });
  store.retire("Shot", shot.id, { as });
  store.revive("Shot", shot.id, { as });
  store.create("Asset", { project, code: `asset_${tag}`, sg_asset_type: "Prop" }, { as });
}

describe("first start (no silent start from 'now', unlike the Python leecher)", () => {
  beforeEach(async () => {
    await open();
  });

  it("requests a full sync of each linked project, then leeches only what is relevant, exactly once", async () => {
    const a = await linkedProject(world, "alpha");
    const off = await linkedProject(world, "bravo", { autoSync: false });
    const notInAyon = await linkedProject(world, "charlie", { ayonName: null });
    writeSome(a.id, "before");
    const start = newestId();

    const { poller: p, logger } = poller();
    await p.initialize();
    expect(syncRequests(world)).toEqual([["alpha", "first-start"]]);
    expect(p.position).toEqual({ lowWater: start, scanned: start, holes: 0 });
    logger.assertLogged({ level: "info", message: /first start/ });

    writeSome(a.id, "1");
    writeSome(off.id, "2");
    writeSome(notInAyon.id, "3");
    writeSome(a.id, "own", world.script);
    world.sgEmu.store.update("Project", a.id, { sg_description: "project change" }, { as: world.artist });
    world.sgEmu.store.update("Project", off.id, { sg_description: "unlinked project change" }, { as: world.artist });
    await drain(p);

    const expected = expectedEventIds(world, { after: start, projectIds: [a.id] });
    expect(expected.length).toBeGreaterThan(10);
    expect(deliveryProblems(expected, leechedCounts(world))).toEqual({});
    const last = world.sgEmu.store.find("EventLogEntry", [], { fields: ["id"], sort: "-id", limit: 1 })[0]!.id;
    expect(p.position).toEqual({ lowWater: last, scanned: last, holes: 0 });

    // The payload of a retirement whose entity is gone, as AYON stores it.
    const retirement = world.ayonEmu.state.events.ofTopic("shotgrid.event").find((e) => (e.payload as any).sg_payload?.event_type === "Shotgun_Shot_Retirement");
    expect(retirement).toMatchObject({
      project: "alpha",
      summary: { sg_site: normalizeSiteUrl(world.sg.siteUrl) },
      payload: { action: "shotgrid-event", project_name: "alpha", project_code: "alpha", project_code_field: "code", user_name: "Ann Artist" },
    });
  });
});

describe("back-references (Sequence.shots when a Shot's sg_sequence is set)", () => {
  beforeEach(async () => {
    await open();
  });

  /** The leeched rows that are back-references, as `Type.field`. */
  function leechedBackReferences(after: number): string[] {
    const counts = leechedCounts(world);
    const rows = world.sgEmu.store.find("EventLogEntry", [["id", "greater_than", after]], { fields: ["event_type", "attribute_name", "meta", "entity"], sort: "id" });
    return rows
      .filter((row) => counts.has(row.id) && String(row.event_type).endsWith("_Change"))
      .filter((row) => (row.meta as { entity_type?: string }).entity_type !== String(row.event_type).split("_")[1])
      .map((row) => `${String(row.event_type).split("_")[1]}.${String(row.attribute_name)}`);
  }

  it("leeches those of a field the project's attribute map reads, and drops the others", async () => {
    const a = await linkedProject(world, "alpha");
    const p = new EventPoller({ ...pollerDeps(), fieldMapOf: async (name) => ({ readFields: (type) => (name === "alpha" && type === "Sequence" ? ["tags", "shots"] : ["tags"]) }) });
    await p.initialize();
    const start = newestId();
    writeSome(a.id, "1");
    await drain(p);
    // writeSome links a Shot to a Sequence (Sequence.shots) and a Task to the Shot (Shot.tasks): only the mapped one comes.
    expect(leechedBackReferences(start)).toEqual(["Sequence.shots"]);
    const shotNew = world.sgEmu.store.find("EventLogEntry", [["id", "greater_than", start], ["event_type", "is", "Shotgun_Shot_New"]], { fields: ["id"] });
    expect(shotNew.every((row) => leechedCounts(world).has(row.id))).toBe(true);
  });

  it("leeches them all when the config asks for them (backReferences)", async () => {
    const a = await linkedProject(world, "alpha");
    const p = new EventPoller(pollerDeps(new CapturingLogger(), { backReferences: true }));
    await p.initialize();
    const start = newestId();
    writeSome(a.id, "1");
    await drain(p);
    expect(leechedBackReferences(start).sort()).toEqual(["Sequence.shots", "Shot.tasks"]);
  });

  it("leeches them all, saying so once, while a project's settings cannot be read", async () => {
    const a = await linkedProject(world, "alpha");
    const logger = new CapturingLogger();
    const p = new EventPoller({ ...pollerDeps(logger), fieldMapOf: async () => Promise.reject(new Error("settings unavailable")) });
    await p.initialize();
    const start = newestId();
    writeSome(a.id, "1");
    writeSome(a.id, "2");
    await drain(p);
    expect(leechedBackReferences(start).sort()).toEqual(["Sequence.shots", "Sequence.shots", "Shot.tasks", "Shot.tasks"]);
    expect(logger.at("warn").filter((e) => /settings of AYON project alpha could not be read/.test(e.message))).toHaveLength(1);
  });
});

describe("gaps: ids reserved ahead and committed late", () => {
  it("picks up every late row once, and keeps the low-water mark below the open gaps meanwhile", async () => {
    await open({ gapMode: { enabled: true, gapEvery: 3, commitDelayMs: 150 } });
    const a = await linkedProject(world, "alpha");
    const b = await linkedProject(world, "bravo");
    const { poller: p } = poller({ settleMs: 10_000 });
    await p.initialize();
    const start = p.position!.scanned;
    for (let i = 0; i < 15; i++) writeSome(i % 2 ? a.id : b.id, `g${i}`);
    const first = await p.poll();
    expect(first.backlog || p.position!.holes > 0).toBe(true);
    expect(p.position!.lowWater).toBeLessThan(p.position!.scanned);

    await new Promise((resolve) => setTimeout(resolve, 250));
    await drain(p);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await drain(p);
    expect(world.sgEmu.store.pendingEventIds()).toEqual([]);
    const expected = expectedEventIds(world, { after: start, projectIds: [a.id, b.id] });
    expect(deliveryProblems(expected, leechedCounts(world))).toEqual({});
    expect(p.position!.holes).toBe(0);
  });

  it("keeps draining a backlog when the last id of a full window is a gap", async () => {
    await open({ gapMode: { enabled: true, gapEvery: 2, commitDelayMs: 60_000 } });
    const a = await linkedProject(world, "alpha");
    // Every other id stays uncommitted; an odd window size makes one of two windows end on such a gap.
    const { poller: p } = poller({ batchSize: 41 });
    await p.initialize();
    const start = p.position!.scanned;
    const shot = world.sgEmu.store.create("Shot", { project: { type: "Project", id: a.id }, code: "x" });
    for (let i = 0; i < 130; i++) world.sgEmu.store.update("Shot", shot.id, { description: `d${i}` });
    expect(newestId()).toBeGreaterThan(start + 3 * 41);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await p.poll());
    expect(results.map((r) => r.backlog)).toEqual([true, true, true]);
    expect(p.position!.scanned).toBeGreaterThanOrEqual(start + 3 * 40);
  });

  it("moves past a gap that never commits after the settle time, with a warning; a restart's safety window recovers it", async () => {
    await open({ gapMode: { enabled: true, gapEvery: 2, commitDelayMs: 60_000 } });
    const a = await linkedProject(world, "alpha");
    const { poller: p, logger } = poller({ settleMs: 100 });
    await p.initialize();
    const start = p.position!.scanned;
    world.sgEmu.store.update("Shot", world.sgEmu.store.create("Shot", { project: { type: "Project", id: a.id }, code: "x" }).id, { description: "d" });
    world.sgEmu.store.update("Project", a.id, { sg_description: "p" });
    await p.poll();
    const stuck = world.sgEmu.store.pendingEventIds();
    expect(stuck.length).toBeGreaterThan(0);
    expect(p.position!.holes).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await p.poll();
    logger.assertLogged({ level: "warn", message: /never appeared within 0.1 s; moving past them/ });
    expect(p.position!.holes).toBe(0);

    world.sgEmu.store.flushPendingEvents(); // they commit after all, below the cursor
    await drain(p);
    await p.persist(true);
    const expected = expectedEventIds(world, { after: start, projectIds: [a.id] });
    const missed = expected.filter((id) => !leechedCounts(world).has(id));
    expect(missed.length).toBeGreaterThan(0);

    const { poller: restarted } = poller();
    await restarted.initialize();
    expect(deliveryProblems(expected, leechedCounts(world))).toEqual({});
  });
});

describe("restarts: the cursor comes back from AYON", () => {
  beforeEach(async () => {
    await open();
  });

  it("resumes from the saved state, re-reads the safety window without duplicating, and asks for no new sync", async () => {
    const a = await linkedProject(world, "alpha");
    const { poller: p1 } = poller();
    await p1.initialize();
    const start = p1.position!.scanned;
    writeSome(a.id, "1");
    await drain(p1);
    await p1.persist(true);

    writeSome(a.id, "2"); // written while no leecher runs
    const { poller: p2, logger } = poller();
    await p2.initialize();
    logger.assertLogged({ level: "info", message: /resuming after EventLogEntry/ });
    logger.assertLogged({ level: "info", message: /0 event\(s\) were missing in AYON, \d+ already there/ });
    await drain(p2);
    await p2.persist(true);
    expect(deliveryProblems(expectedEventIds(world, { after: start, projectIds: [a.id] }), leechedCounts(world))).toEqual({});
    expect(syncRequests(world)).toEqual([["alpha", "first-start"]]);
    const states = world.ayonEmu.state.events.ofTopic(STATE_TOPIC);
    expect(states).toHaveLength(1);
    expect(states[0]!.summary).toMatchObject({ low_water: p2.position!.lowWater, open_holes: 0 });
  });

  it("loses nothing and duplicates nothing when the state saved is older than what was dispatched", async () => {
    const a = await linkedProject(world, "alpha");
    const { poller: p1 } = poller({ cursorWriteMs: 3_600_000 }); // saved once at initialization, never again
    await p1.initialize();
    const start = p1.position!.scanned;
    writeSome(a.id, "1");
    await drain(p1);
    const { poller: p2 } = poller();
    await p2.initialize();
    writeSome(a.id, "2");
    await drain(p2);
    // Without the state its floor is gone too: the safety window may also pass on rows from before the first
    // start (harmless: handlers re-read ShotGrid). What matters: nothing missing, nothing twice.
    const problems = deliveryProblems(expectedEventIds(world, { after: start, projectIds: [a.id] }), leechedCounts(world));
    expect(problems.missing).toBeUndefined();
    expect(problems.duplicated).toBeUndefined();
    expect((problems.unexpected ?? []).every((id) => id <= start)).toBe(true);
  });

  it("continues after the Python addon's newest summary.sg_event_id without re-syncing", async () => {
    const a = await linkedProject(world, "alpha");
    writeSome(a.id, "python-era");
    const pythonLast = newestId() - 3; // the Python leecher had handled up to here
    await world.ayon.dispatchEvent({ topic: "shotgrid.event", hash: "py-1", project: "alpha", summary: { sg_event_id: pythonLast - 5 }, payload: { action: "shotgrid-event" } });
    await world.ayon.dispatchEvent({ topic: "shotgrid.event", hash: "py-2", project: "alpha", summary: { sg_event_id: pythonLast }, payload: { action: "shotgrid-event" } });
    const { poller: p, logger } = poller();
    await p.initialize();
    logger.assertLogged({ level: "info", message: `continuing after EventLogEntry ${pythonLast}, the newest in the Python addon's` });
    expect(syncRequests(world)).toEqual([]);
    await drain(p);
    const counts = leechedCounts(world);
    expect(deliveryProblems(expectedEventIds(world, { after: pythonLast, projectIds: [a.id] }), counts)).toMatchObject({ unexpected: [pythonLast - 5, pythonLast] });
    expect([...counts.keys()].filter((id) => id < pythonLast - 5)).toEqual([]);
  });

  it("reports an unreadable state event and recovers from the dispatched events", async () => {
    const a = await linkedProject(world, "alpha");
    const { poller: p1 } = poller();
    await p1.initialize();
    const start = p1.position!.scanned;
    writeSome(a.id, "1");
    await drain(p1);
    const state = world.ayonEmu.state.events.ofTopic(STATE_TOPIC)[0]!;
    await world.ayon.updateEvent(state.id, { payload: { version: 1, scanned: "garbage" } });
    const { poller: p2, logger } = poller();
    await p2.initialize();
    logger.assertLogged({ level: "error", message: /cannot be read .*recovering the position from the dispatched events/ });
    logger.assertLogged({ level: "info", message: /the newest in this leecher's shotgrid.event history/ });
    writeSome(a.id, "2");
    await drain(p2);
    // Without the state its floor is gone too: the safety window may also pass on rows from before the first
    // start (harmless: handlers re-read ShotGrid). What matters: nothing missing, nothing twice.
    const problems = deliveryProblems(expectedEventIds(world, { after: start, projectIds: [a.id] }), leechedCounts(world));
    expect(problems.missing).toBeUndefined();
    expect(problems.duplicated).toBeUndefined();
    expect((problems.unexpected ?? []).every((id) => id <= start)).toBe(true);
  });
});

describe("backfill when auto-sync is switched on", () => {
  beforeEach(async () => {
    await open();
  });

  it("requests one full sync per switch-on, none again after a restart, and leeches the project from then on", async () => {
    const a = await linkedProject(world, "alpha");
    const late = await linkedProject(world, "late", { autoSync: false });
    const { poller: p1 } = poller();
    await p1.initialize();
    const start = p1.position!.scanned;
    writeSome(late.id, "while-off");
    world.sgEmu.store.update("Project", late.id, { sg_ayon_auto_sync: true }, { as: world.artist });
    const switchedAt = newestId();
    writeSome(late.id, "while-on");
    await drain(p1);
    expect(syncRequests(world)).toEqual([["alpha", "first-start"], ["late", "auto-sync-enabled"]]);
    const delivered = leechedCounts(world);
    for (const id of expectedEventIds(world, { after: switchedAt, projectIds: [late.id] })) expect(delivered.get(id)).toBe(1);

    const { poller: p2 } = poller();
    await p2.initialize();
    await drain(p2);
    expect(syncRequests(world)).toHaveLength(2);

    world.sgEmu.store.update("Project", late.id, { sg_ayon_auto_sync: false }, { as: world.artist });
    await drain(p2);
    writeSome(late.id, "off-again");
    world.sgEmu.store.update("Project", late.id, { sg_ayon_auto_sync: true }, { as: world.artist });
    await drain(p2);
    expect(syncRequests(world)).toEqual([["alpha", "first-start"], ["late", "auto-sync-enabled"], ["late", "auto-sync-enabled"]]);
    const counts = leechedCounts(world);
    for (const id of expectedEventIds(world, { after: start, projectIds: [a.id] })) expect(counts.get(id)).toBe(1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("asks for the same sync again only as a 409 when the state was lost before it was saved", async () => {
    await linkedProject(world, "alpha");
    const { poller: p1 } = poller();
    await p1.initialize();
    for (const state of world.ayonEmu.state.events.ofTopic(STATE_TOPIC)) world.ayonEmu.state.events.delete(state);
    // No state, no shotgrid.event with an sg_event_id: a first start again, with the same switch-on trigger.
    const { poller: p2, logger } = poller();
    await p2.initialize();
    logger.assertLogged({ level: "info", message: /full sync of AYON project alpha .* was already requested/ });
    expect(syncRequests(world)).toEqual([["alpha", "first-start"]]);
  });
});

describe("AYON refusing or failing dispatches", () => {
  beforeEach(async () => {
    await open();
  });

  it("keeps the events of an outage and dispatches them once AYON is back", async () => {
    const a = await linkedProject(world, "alpha");
    const { poller: p } = poller();
    await p.initialize();
    const start = p.position!.scanned;
    writeSome(a.id, "1");
    const fault = world.ayonEmu.faults.add({ match: { method: "POST", path: "^/api/events$" }, status: 503 });
    const error = await p.poll().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceFailure);
    expect((error as ServiceFailure).service).toBe("AYON");
    expect(p.position!.lowWater).toBe(start);
    world.ayonEmu.faults.remove(fault);
    await drain(p);
    expect(deliveryProblems(expectedEventIds(world, { after: start, projectIds: [a.id] }), leechedCounts(world))).toEqual({});
  });

  it("moves past an event AYON refuses for good, saying which", async () => {
    const a = await linkedProject(world, "alpha");
    const { poller: p, logger } = poller();
    await p.initialize();
    world.sgEmu.store.update("Project", a.id, { sg_description: "refused" }, { as: world.artist });
    world.ayonEmu.faults.add({ match: { method: "POST", path: "^/api/events$" }, status: 400, times: 1 });
    await drain(p);
    logger.assertLogged({ level: "error", message: /AYON refused the event of EventLogEntry \d+ for good/ });
    expect(p.position!.holes).toBe(0);
  });
});
