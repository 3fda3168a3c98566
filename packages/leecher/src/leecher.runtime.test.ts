// The leecher as a plugin in a real runtime (DI, config validation, source lifecycle) against both emulators:
// the poll loop, stop saving the cursor, outages logged once per change of state, secrets kept out of logs.
import { afterEach, describe, expect, it } from "@jest/globals";
import { RuntimeConfigError } from "@ayon-sg/core";
import { createTestRuntime, type TestRuntime } from "@ayon-sg/testing";
import { ShotgridClient } from "@ayon-sg/shotgrid";
import leecherPlugin from "./index.js";
import { allLeeched, AYON_KEY, deliveryProblems, expectedEventIds, leechedCounts, linkedProject, SCRIPT, startWorld, waitUntil, type World } from "./leecher.test-helpers.js";
import { STATE_TOPIC } from "./state-store.js";

const FAST = { pollIntervalSeconds: 0.05, initialBackoffSeconds: 0.05, maxBackoffSeconds: 0.4, cursorWriteSeconds: 0.1 };

let world: World | null = null;
let rt: TestRuntime | null = null;

afterEach(async () => {
  await rt?.stop().catch(() => undefined);
  await world?.close();
  rt = null;
  world = null;
});

async function runtime(w: World, config: Record<string, unknown> = FAST, settings: Record<string, unknown> = {}): Promise<TestRuntime> {
  rt = await createTestRuntime({
    plugins: [leecherPlugin],
    ayon: { url: w.ayonEmu.url, apiKey: AYON_KEY },
    settings: { shotgrid_server: w.sgEmu.url, service_settings: { script_name: SCRIPT.name, script_key: "sg_script_key" }, ...settings },
    config: { "shotgrid-leecher": config },
    services: [{ token: ShotgridClient, value: w.sg }],
  });
  return rt;
}

/** The last EventLogEntry id the leecher's saved state says it scanned. */
function savedScan(w: World): number {
  return (w.ayonEmu.state.events.ofTopic(STATE_TOPIC)[0]!.summary as { scanned: number }).scanned;
}

/** Waits for the leecher's first saved state; returns what it had scanned then. */
async function firstSave(w: World): Promise<number> {
  await waitUntil(() => w.ayonEmu.state.events.ofTopic(STATE_TOPIC).length === 1, "the first state save");
  return savedScan(w);
}

function shotChanges(w: World, projectId: number, count: number, tag: string): void {
  const shot = w.sgEmu.store.create("Shot", { project: { type: "Project", id: projectId }, code: `sh_${tag}` }, { as: w.artist });
  for (let i = 0; i < count; i++) w.sgEmu.store.update("Shot", shot.id, { description: `${tag} ${i}` }, { as: w.artist });
}

describe("the shotgrid-leecher plugin in a runtime", () => {
  it("polls on its own, dispatches every relevant event once, and saves the cursor when stopped", async () => {
    const w = (world = await startWorld());
    const a = await linkedProject(w, "alpha");
    const t = await runtime(w);
    await t.start();
    const start = await firstSave(w);
    shotChanges(w, a.id, 30, "run");
    const expected = expectedEventIds(w, { after: start, projectIds: [a.id] });
    await waitUntil(() => allLeeched(w, expected), "every event in AYON");
    await t.stop();
    rt = null;
    expect(deliveryProblems(expected, leechedCounts(w))).toEqual({});
    const last = expected[expected.length - 1]!;
    expect((w.ayonEmu.state.events.ofTopic(STATE_TOPIC)[0]!.summary as { low_water: number }).low_water).toBeGreaterThanOrEqual(last);
    t.logger.assertLogged({ level: "info", message: /leeching http:\/\/127\.0\.0\.1:\d+ as 'ayon-sg' every 0.05 s/ });
    t.logger.assertLogged({ level: "info", message: "leecher stopped" });
    expect(t.logger.text()).not.toContain(SCRIPT.key);
  });

  it("rides out a ShotGrid outage: one warning, one recovery line, nothing lost", async () => {
    const w = (world = await startWorld());
    const a = await linkedProject(w, "alpha");
    const t = await runtime(w);
    await t.start();
    const start = await firstSave(w);
    const fault = w.sgEmu.faults.add({ match: { path: "^/api/v1/" }, status: 503 });
    shotChanges(w, a.id, 10, "outage");
    await waitUntil(() => t.logger.entries.some((e) => /ShotGrid unreachable/.test(e.message)), "the outage warning");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    w.sgEmu.faults.remove(fault);
    const expected = expectedEventIds(w, { after: start, projectIds: [a.id] });
    await waitUntil(() => allLeeched(w, expected), "every event in AYON after the outage");
    expect(deliveryProblems(expected, leechedCounts(w))).toEqual({});
    const outageLines = t.logger.entries.filter((e) => /ShotGrid (unreachable|reachable again)/.test(e.message));
    expect(outageLines.map((e) => e.level)).toEqual(["warn", "info"]);
  });

  it("rides out an AYON outage the same way", async () => {
    const w = (world = await startWorld());
    const a = await linkedProject(w, "alpha");
    const t = await runtime(w);
    await t.start();
    const start = await firstSave(w);
    const fault = w.ayonEmu.faults.add({ match: { path: "^/api/(events|projects)" }, status: 503 });
    shotChanges(w, a.id, 10, "ayon-outage");
    await waitUntil(() => t.logger.entries.some((e) => /AYON unreachable/.test(e.message)), "the outage warning");
    await new Promise((resolve) => setTimeout(resolve, 800));
    w.ayonEmu.faults.remove(fault);
    const expected = expectedEventIds(w, { after: start, projectIds: [a.id] });
    await waitUntil(() => allLeeched(w, expected), "every event in AYON after the outage");
    expect(deliveryProblems(expected, leechedCounts(w))).toEqual({});
    expect(t.logger.entries.filter((e) => /AYON (unreachable|reachable again)/.test(e.message)).map((e) => e.level)).toEqual(["warn", "info"]);
  });

  it("drains a backlog without sleeping between full windows (as shotgunEvents' daemon does)", async () => {
    const w = (world = await startWorld());
    const a = await linkedProject(w, "alpha");
    // A first run saves the start position, then stops.
    const first = await runtime(w, { ...FAST, pollIntervalSeconds: 60 });
    await first.start();
    await firstSave(w);
    await first.stop();
    const start = savedScan(w);
    shotChanges(w, a.id, 120, "backlog"); // 120+ ids: 13 windows of 10
    const t = await runtime(w, { ...FAST, pollIntervalSeconds: 60, batchSize: 10 });
    const started = Date.now();
    await t.start();
    const expected = expectedEventIds(w, { after: start, projectIds: [a.id] });
    await waitUntil(() => allLeeched(w, expected), "the backlog drained", 10_000);
    expect(Date.now() - started).toBeLessThan(10_000); // one 60 s sleep would have failed this
    expect(deliveryProblems(expected, leechedCounts(w))).toEqual({});
  });

  it("polls once per interval however long a poll takes: the interval is a period, not a pause after each poll", async () => {
    const w = (world = await startWorld());
    await linkedProject(w, "alpha");
    const t = await runtime(w, { ...FAST, pollIntervalSeconds: 1 });
    await t.start();
    await firstSave(w);
    // A quiet poll reads the event log once (more when something is new): at 900 ms a read, a pause after each
    // poll would make polls 1.9 s apart.
    w.sgEmu.faults.add({ match: { method: "POST", path: /_search$/ }, delayMs: 900 });
    w.sgEmu.resetStats();
    await new Promise((resolve) => setTimeout(resolve, 7000));
    const reads = w.sgEmu.stats().byRoute["POST /api/v1/entity/{type}/_search"]?.count ?? 0;
    // About 7 polls in 7 s (6 searches end inside the window); 4 if the interval were a pause.
    expect(reads).toBeGreaterThanOrEqual(5);
  }, 20_000);

  it("stops promptly in the middle of a slow dispatch, saves where it is, and the next run finishes the job once", async () => {
    const w = (world = await startWorld());
    const a = await linkedProject(w, "alpha");
    const t = await runtime(w);
    await t.start();
    const start = await firstSave(w);
    const slow = w.ayonEmu.faults.add({ match: { method: "POST", path: "^/api/events$" }, delayMs: 100 });
    shotChanges(w, a.id, 60, "slow");
    const expected = expectedEventIds(w, { after: start, projectIds: [a.id] });
    await waitUntil(() => leechedCounts(w).size >= 5, "a few slow dispatches");
    const stopping = Date.now();
    await t.stop();
    expect(Date.now() - stopping).toBeLessThan(2000);
    const saved = (w.ayonEmu.state.events.ofTopic(STATE_TOPIC)[0]!.summary as { low_water: number }).low_water;
    expect(saved).toBeLessThan(expected[expected.length - 1]!);
    expect(saved).toBeGreaterThan(start);

    w.ayonEmu.faults.remove(slow);
    const again = await runtime(w);
    await again.start();
    await waitUntil(() => allLeeched(w, expected), "the rest after the restart");
    expect(deliveryProblems(expected, leechedCounts(w))).toEqual({});
  });

  it("refuses a bad plugin config at creation, naming the key", async () => {
    const w = (world = await startWorld());
    await expect(runtime(w, { batchSize: 5 })).rejects.toThrow(RuntimeConfigError);
    await expect(runtime(w, { pollIntervalSecond: 1 })).rejects.toThrow(/shotgrid-leecher.*pollIntervalSecond/);
    rt = null;
  });

  it("reports bad addon settings from start, without crashing the runtime", async () => {
    const w = (world = await startWorld());
    const t = await runtime(w, FAST, { service_settings: { script_name: SCRIPT.name, script_key: "x", polling_frequency: 0 } });
    const errors: unknown[] = [];
    t.runtime.events.on("source:error", ({ error }) => errors.push(error));
    await t.start();
    await waitUntil(() => errors.length > 0, "the source error");
    expect(String(errors[0])).toMatch(/service_settings\.polling_frequency/);
  });
});
