// AYON unavailable while events flow: two real runtime processes work through a backlog of ordered events, and
// a third runs the leecher (with the sync and update handlers) while artists keep editing ShotGrid, when AYON
// starts answering 503 (first half of the outage) and then drops every connection (second half). Nothing may be
// lost or duplicated — neither the backlog nor the ShotGrid edits made during the outage — the processes must
// recover by themselves, and their request rate during the outage stays bounded (measured from the emulator's
// fault counters, which see every request that reached it).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { join } from "node:path";
import { clearFigures, recordFigures } from "./figures.js";
import { LEDGER_JOB_TOPIC, LEDGER_TOPIC, ledgerProblems, NO_LEDGER_PROBLEMS, readLedger } from "./ledger.js";
import { currentProfile, timeoutFor } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { STATE_TOPIC } from "@ayon-sg/leecher";
import {
  deliveredCounts, deliveryProblems, lastEventLogId, linkedLiveProject, relevantEventIds, streamWrites, updateHandlerAvailable,
} from "./live-world.test-helpers.js";
import { logLines, waitUntil, World, type PluginChoice } from "./world.js";

const SCENARIO = "ayon-outage";
const profile = currentProfile();
const LEDGER_PROCESSES = 2;
/** The two ledger processes and the leecher's. */
const PROCESSES = LEDGER_PROCESSES + 1;
const PROJECTS = ["out_a", "out_b", "out_c", "out_d", "out_e"];
const PER_PROJECT = 300;
/**
 * The bound: per process, at most 3 requests a second averaged over the outage. A process has 4 worker
 * slots and 3 background loops; with the shared backoff (0.5 s doubling to 30 s) they make a few dozen
 * attempts a minute, where a hot loop would make thousands.
 */
const MAX_REQUESTS_PER_SECOND_PER_PROCESS = 3;

let world: World;

beforeAll(async () => {
  clearFigures(SCENARIO);
  world = await World.start();
}, 30_000);

afterAll(async () => {
  await world?.close();
});

const ledgerIds = new Set<string>();

function finishedJobs(): number {
  return world.ayonEmu.state.events.ofTopic(LEDGER_JOB_TOPIC).filter((e) => e.status === "finished" && ledgerIds.has(e.dependsOn ?? "")).length;
}

/** Every `shotgrid.event` in AYON has a finished job. */
function liveJobsDone(): boolean {
  const done = new Set(world.ayonEmu.state.events.ofTopic("shotgrid.proc").filter((j) => j.status === "finished").map((j) => j.dependsOn));
  return world.ayonEmu.state.events.ofTopic("shotgrid.event").every((e) => done.has(e.id));
}

describe(`AYON unavailable for ${profile.outageSeconds} s (503, then dropped connections)`, () => {
  it(
    "loses nothing, keeps per-project order, recovers without a restart and keeps the request rate bounded",
    async () => {
      for (const name of PROJECTS) await world.ayon.createProject({ name, code: name.replace(/_/g, "") });
      const studio = world.studio(["ledger"], { pollIntervalMs: 200, sweepIntervalSeconds: 5 });
      const ledger = join(studio, "ledger.jsonl");
      const ids = ledgerIds;
      for (let seq = 1; seq <= PER_PROJECT; seq++) {
        for (const project of PROJECTS) ids.add(await world.dispatch({ topic: LEDGER_TOPIC, project, payload: { seq } }));
      }
      // A slower handler keeps the backlog flowing when the outage begins.
      const runs = Array.from({ length: LEDGER_PROCESSES }, (_, i) =>
        world.launch(studio, `outage-${i + 1}`, { AYON_SG_CONCURRENCY: "4", LEDGER_FILE: ledger, LEDGER_DELAY_MS: "40" }),
      );
      // The live path: a leecher process over two linked projects.
      const projectIds = [await linkedLiveProject(world, "out_live_a"), await linkedLiveProject(world, "out_live_b")];
      const after = lastEventLogId(world);
      const plugins: PluginChoice[] = ["leecher", "sync", ...((await updateHandlerAvailable()) ? (["update"] as const) : [])];
      const leecherStudio = world.studio(plugins, { config: { "shotgrid-leecher": { cursorWriteSeconds: 0.5, maxBackoffSeconds: 5 } } });
      runs.push(world.launch(leecherStudio, "outage-leecher"));
      await waitUntil(() => world.ayonEmu.state.events.ofTopic(STATE_TOPIC).length === 1, "the leecher's first start", 30_000);
      const pids = runs.map((r) => r.child.pid);
      await waitUntil(() => finishedJobs() >= 100, "the first 100 jobs", 60_000);

      const half = (profile.outageSeconds * 1000) / 2;
      const outageStart = Date.now();
      const busy = world.ayonEmu.faults.add({ match: { path: "^/(api|graphql)" }, status: 503 });
      // Artists keep working in ShotGrid through the whole outage.
      const edits = streamWrites(world, projectIds, 60, { chunk: 3, pauseMs: (profile.outageSeconds * 1000) / 22, tag: "ayonout" });
      await new Promise((resolve) => setTimeout(resolve, half));
      const firedBusy = world.ayonEmu.faults.list().find((r) => r.id === busy)!.fired;
      world.ayonEmu.faults.remove(busy);
      const dropped = world.ayonEmu.faults.add({ match: { path: "^/(api|graphql)" }, drop: true });
      await new Promise((resolve) => setTimeout(resolve, outageStart + 2 * half - Date.now()));
      const firedDropped = world.ayonEmu.faults.list().find((r) => r.id === dropped)!.fired;
      world.ayonEmu.faults.remove(dropped);
      const outageMs = Date.now() - outageStart;
      const duringOutage = finishedJobs();

      const recoveredAt = await waitForProgress(duringOutage);
      await waitUntil(() => finishedJobs() >= ids.size, `all ${ids.size} jobs finished`, timeoutFor(ids.size * 50));
      const done = Date.now();
      await edits;
      let expectedLive: number[] = [];
      await waitUntil(
        () => {
          if (world.sgEmu.store.pendingEventIds().length > 0) return false;
          expectedLive = relevantEventIds(world, after, projectIds);
          const counts = deliveredCounts(world);
          return expectedLive.every((id) => counts.has(id)) && liveJobsDone();
        },
        "every ShotGrid edit of the outage leeched and handled",
        120_000,
        200,
      );
      expect(deliveryProblems(expectedLive, deliveredCounts(world))).toEqual({});

      // Still the same processes: recovery needed no restart.
      for (const run of runs) expect(run.child.exitCode).toBeNull();
      expect(runs.map((r) => r.child.pid)).toEqual(pids);
      const lines = readLedger(ledger);
      expect(ledgerProblems(lines, new Map(PROJECTS.map((p) => [p, PER_PROJECT])), ids)).toEqual(NO_LEDGER_PROBLEMS);
      expect([...world.ayonEmu.state.events.ofTopic("shotgrid.proc"), ...world.ayonEmu.state.events.ofTopic(LEDGER_JOB_TOPIC)].filter((e) => e.status !== "finished")).toEqual([]);
      // Each process noticed the outage, and noticed the recovery by itself within its backoff cap (30 s).
      const said = (run: (typeof runs)[number], pattern: RegExp) => logLines(run).some((l) => pattern.test(`${l.level} ${l.message}`));
      for (const run of runs) expect(said(run, /^warn AYON is unreachable/)).toBe(true);
      await waitUntil(() => runs.every((run) => said(run, /^info AYON answers again/)), "every process to log the recovery", 45_000, 200);

      const firedTotal = firedBusy + firedDropped;
      const rate = firedTotal / (outageMs / 1000) / PROCESSES;
      expect(firedTotal).toBeGreaterThan(PROCESSES * 3); // they kept probing
      expect(rate).toBeLessThan(MAX_REQUESTS_PER_SECOND_PER_PROCESS);
      const stopped = await Promise.all(runs.map((r) => r.stop("SIGTERM")));
      for (const result of stopped) expect(result.code).toBe(0);
      recordFigures(SCENARIO, {
        outageSeconds: outageMs / 1000,
        processes: PROCESSES,
        eventsChecked: ids.size,
        eventsCheckedLive: expectedLive.length,
        requestsDuringOutage: firedTotal,
        requestsPerSecondPerProcess: rate,
        boundPerSecondPerProcess: MAX_REQUESTS_PER_SECOND_PER_PROCESS,
        secondsToFirstJobAfterOutage: (recoveredAt - (outageStart + outageMs)) / 1000,
        secondsToDrainAfterOutage: (done - (outageStart + outageMs)) / 1000,
      });
    },
    timeoutFor(profile.outageSeconds * 1000 + 60_000),
  );

  it("leaks no secret into the binaries' output or any AYON event", () => {
    const capture = world.collect();
    expect(scanForSecrets(capture, world.secrets())).toEqual([]);
  });
});

/** The time the first job finished after the outage. */
async function waitForProgress(before: number): Promise<number> {
  await waitUntil(() => finishedJobs() > before, "a job finished after the outage", 90_000, 100);
  return Date.now();
}
