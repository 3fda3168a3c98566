// Load: several real runtime processes share one AYON queue; thousands of events over many projects are each
// handled exactly once, in per-project order, never two at a time within a project, and every job finishes.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { join } from "node:path";
import { clearFigures, recordFigures } from "./figures.js";
import { LEDGER_JOB_TOPIC, LEDGER_TOPIC, ledgerProblems, NO_LEDGER_PROBLEMS, readLedger } from "./ledger.js";
import { currentProfile, timeoutFor } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { waitUntil, World } from "./world.js";

const SCENARIO = "load";
const profile = currentProfile();
const JOB_TOPIC = LEDGER_JOB_TOPIC;

let world: World;

beforeAll(async () => {
  clearFigures(SCENARIO);
  world = await World.start();
}, 30_000);

afterAll(async () => {
  await world?.close();
});

/** Dispatches `count` events per project in order (projects in parallel); returns the source ids. */
async function dispatch(projects: string[], perProject: number, seq: Map<string, number>): Promise<string[]> {
  const ids: string[] = [];
  await Promise.all(
    projects.map(async (project) => {
      for (let i = 0; i < perProject; i++) {
        const next = (seq.get(project) ?? 0) + 1;
        seq.set(project, next);
        ids.push(await world.dispatch({ topic: LEDGER_TOPIC, project, payload: { seq: next } }));
      }
    }),
  );
  return ids;
}

function unfinishedJobs(): number {
  return world.ayonEmu.state.events.ofTopic(JOB_TOPIC).filter((e) => e.status !== "finished").length;
}

describe(`${profile.loadProcesses} runtime processes, ${profile.loadProjects} projects, ${profile.loadEvents} events`, () => {
  it(
    "handles each event exactly once, in per-project order, one at a time per project; every job finishes",
    async () => {
      const projects = Array.from({ length: profile.loadProjects }, (_, i) => `load_p${String(i + 1).padStart(2, "0")}`);
      for (const name of projects) await world.ayon.createProject({ name, code: name.replace(/_/g, "") });
      const studio = world.studio(["ledger"], { pollIntervalMs: 100, sweepIntervalSeconds: 2 });
      const ledger = join(studio, "ledger.jsonl");
      const perProject = Math.floor(profile.loadEvents / projects.length);
      const total = perProject * projects.length;
      const seq = new Map<string, number>();

      const started = Date.now();
      // Half waits in the queue before any runtime starts; the other half arrives while they work.
      const ids = await dispatch(projects, Math.floor(perProject / 2), seq);
      // The last process takes one event per call, the others batches of up to 10: both ways share the queue.
      const runs = Array.from({ length: profile.loadProcesses }, (_, i) =>
        world.launch(studio, `load-${String.fromCharCode(97 + i)}`, {
          AYON_SG_CONCURRENCY: "4", LEDGER_FILE: ledger, LEDGER_DELAY_MS: "2", LEDGER_BATCH: i === profile.loadProcesses - 1 ? "1" : "10",
        }),
      );
      await Promise.all(runs.map((r) => r.waitFor("starting", 30_000)));
      ids.push(...(await dispatch(projects, perProject - Math.floor(perProject / 2), seq)));
      const dispatchedMs = Date.now() - started;

      await waitUntil(
        () => world.ayonEmu.state.events.ofTopic(JOB_TOPIC).filter((e) => e.status === "finished").length >= total,
        `${total} finished jobs`,
        timeoutFor(total * 10),
        250,
      );
      const durationMs = Date.now() - started;
      const stopped = await Promise.all(runs.map((r) => r.stop("SIGTERM")));
      for (const result of stopped) expect(result.code).toBe(0);

      const lines = readLedger(ledger);
      const expected = new Map(projects.map((p) => [p, perProject]));
      expect(ledgerProblems(lines, expected, new Set(ids))).toEqual(NO_LEDGER_PROBLEMS);
      expect(lines).toHaveLength(total);
      expect(unfinishedJobs()).toBe(0);
      const perProcess = new Map<number, number>();
      for (const line of lines) perProcess.set(line.pid, (perProcess.get(line.pid) ?? 0) + 1);
      expect(perProcess.size).toBe(profile.loadProcesses); // the work really was shared
      const inBatches = lines.filter((line) => (line.batch ?? 1) > 1).length;
      expect(inBatches).toBeGreaterThan(0);

      recordFigures(SCENARIO, {
        processes: profile.loadProcesses,
        projects: projects.length,
        eventsChecked: total,
        durationSeconds: durationMs / 1000,
        dispatchSeconds: dispatchedMs / 1000,
        eventsPerSecond: total / (durationMs / 1000),
        busiestProcessShare: Math.max(...perProcess.values()) / total,
        eventsInBatches: inBatches,
      });
    },
    timeoutFor(profile.loadEvents * 12),
  );

  it("leaks no secret into the binaries' output or any AYON event", () => {
    const capture = world.collect();
    expect(capture.size).toBeGreaterThan(profile.loadEvents); // the events themselves were scanned
    expect(scanForSecrets(capture, world.secrets())).toEqual([]);
    recordFigures(SCENARIO, { capturedItems: capture.size, capturedMegabytes: capture.bytes / 1e6 });
  });
});
