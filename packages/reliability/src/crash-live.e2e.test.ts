// Crashes during live updates: ShotGrid edits (creates, renames, moves, step changes, retirements, revivals —
// the update handler's seeded edit script) flow leecher → AYON queue → live-update handler inside the real
// binary, which is killed with SIGKILL at seeded random points while the edits go on, and restarted each time.
// At the end every relevant EventLogEntry is in AYON exactly once with a finished job, nothing is left
// pending or in progress, and AYON equals a fresh full sync of the final ShotGrid state into an empty AYON
// (compared as the handler's own must-show compares them: ids, labels, parents, types, status, active flags;
// names exactly unless a sibling clash made them depend on history, and then both must be forms of the
// entity's current ShotGrid name). Every ShotGrid entity's sg_ayon_id names its AYON entity.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { generateShotgridProject, startAyonEmulator, type AyonEmulator, type GeneratedShotgridProject } from "@ayon-sg/testkit";
import { EditScript, expectEqualTrees, leechableEvents } from "@ayon-sg/handler-update-from-shotgrid/testing";
import type { SyncEnv } from "@ayon-sg/shotgrid/testing";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { clearFigures, FIGURES_DIR, recordFigures } from "./figures.js";
import { freshFullSync } from "./fresh-sync.js";
import { allDelivered, deliveredCounts, deliveryProblems, updateHandlerAvailable } from "./live-world.test-helpers.js";
import { currentProfile, timeoutFor } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { runSeed, seededRandom } from "./seeded-random.js";
import { AYON_KEY, logLines, waitUntil, World } from "./world.js";

const SCENARIO = "crash-live";
const profile = currentProfile();
const seed = runSeed();
const random = seededRandom(seed);
const P = "crash_live";

let world: World;
let fresh: AyonEmulator;
let generated: GeneratedShotgridProject;
let studio: string;
let available = false;

beforeAll(async () => {
  clearFigures(SCENARIO);
  available = await updateHandlerAvailable();
  if (!available) return;
  process.stdout.write(`[reliability] ${SCENARIO}: seed ${seed} (replay with RELIABILITY_SEED=${seed})\n`);
  world = await World.start({ settings: { sync_settings: { leecher_settle_seconds: 5 } } });
  generated = generateShotgridProject(world.sgEmu.store, {
    name: P, episodes: 2, sequencesPerEpisode: 3, shots: 24, assets: 9, assetCategories: ["Character", "Prop", "Environment"], tasksPerEntity: 2, autoSync: true, seed,
  });
  await world.ayon.createProject({ name: P, code: P });
  await world.ayon.updateProject(P, { attrib: { shotgridId: String(generated.projectId), shotgridType: "Project" } });
  studio = world.studio(["leecher", "sync", "update"], {
    sweepIntervalSeconds: 1, stuckJobSeconds: 3, maxRetries: 10,
    config: { "shotgrid-leecher": { cursorWriteSeconds: 0.5, maxBackoffSeconds: 2 } },
  });
  fresh = await startAyonEmulator({ apiKey: AYON_KEY });
}, 60_000);

afterAll(async () => {
  await world?.close();
  await fresh?.close();
});

function jobs() {
  return world.ayonEmu.state.events.ofTopic("shotgrid.proc");
}

/** Every `shotgrid.event` in AYON has a job, and every job is finished (skips are stored as finished). */
function everySourceFinished(): boolean {
  const done = new Set(jobs().filter((j) => j.status === "finished").map((j) => j.dependsOn));
  return jobs().every((j) => j.status === "finished") && world.ayonEmu.state.events.ofTopic("shotgrid.event").every((e) => done.has(e.id));
}

const logPath = (seed: number) => join(FIGURES_DIR, `${SCENARIO}-seed-${seed}.log`);

/**
 * For a failing run: every job's outcome (with its sender and last update), the edit log, and what the runtimes
 * warned about (a stuck job released, an outage), in order, to read next to the seed.
 */
function writeRunLog(seed: number, edits: readonly string[]): void {
  writeFileSync(logPath(seed), [
    ...jobs().map((j) => `${j.createdAt} ${j.updatedAt} ${j.status} ${j.sender} ${j.description}`),
    "--- edits",
    ...edits,
    "--- runtime warnings",
    ...world.runs.flatMap(({ label, run }) => logLines(run).filter((l) => l.level === "warn" || l.level === "error").map((l) => `${label} ${l.level} ${l.message}`)),
  ].join("\n"));
}

/** A fresh full sync of the final ShotGrid state into the empty second AYON. */
const freshSync = () => freshFullSync(world, fresh, P, generated.projectId);

describe("SIGKILL during live updates (leecher → queue → update handler)", () => {
  it(
    `survives ${profile.liveKills} kills while ShotGrid is edited and ends equal to a fresh full sync`,
    async () => {
      if (!available) {
        process.stdout.write(`[reliability] ${SCENARIO}: the live-update handler is not a plugin yet; skipped\n`);
        return;
      }
      const first = world.launch(studio, "crash-live");
      await waitUntil(() => jobs().some((j) => j.status === "finished" && /^Synced crash_live/.test(String(j.description))), "the first-start full sync", 60_000);
      // The sync's own writes (as the script ApiUser) log nothing, as on a real site: the log may still be empty.
      const start = Number(world.sgEmu.store.find("EventLogEntry", [], { fields: ["id"], sort: "-id", limit: 1 })[0]?.id ?? 0);
      const script = new EditScript(world.sgEmu.store, { as: world.sgEmu.humanUser("ann", "Ann Artist") }, generated, seed);
      let editing = true;
      const edits = script.run(profile.liveWrites, 5, 150).finally(() => (editing = false));

      let kills = 0;
      let killsWhileEditing = 0;
      let run = first;
      // Kills go on until the count is reached: while edits are made, and after them while the backlog drains.
      for (let round = 0; kills < profile.liveKills; round++) {
        await new Promise((resolve) => setTimeout(resolve, random.int(300, 2000)));
        run.child.kill("SIGKILL");
        expect((await run.exited).signal).toBe("SIGKILL");
        kills += 1;
        if (editing) killsWhileEditing += 1;
        run = world.launch(studio, round % 3 === 2 ? `crash-live-${round}` : "crash-live");
        await run.waitFor("starting", 30_000);
      }
      await edits;
      expect(killsWhileEditing).toBeGreaterThan(0);

      const expected = leechableEvents({ sgEmulator: world.sgEmu } as SyncEnv, start, generated.projectId).map((row) => row.id);
      await waitUntil(
        () => world.sgEmu.store.pendingEventIds().length === 0 && allDelivered(world, expected) && everySourceFinished(),
        "every edit leeched and every job finished",
        timeoutFor(60_000),
        200,
      ).catch((error: Error) => {
        writeRunLog(seed, script.log);
        const open = jobs().filter((j) => j.status !== "finished").map((j) => `${j.status}: ${j.description}`);
        throw new Error(`${error.message}; unfinished: ${open.slice(0, 10).join(" | ")} (every job and warning: ${logPath(seed)})`);
      });
      expect(deliveryProblems(expected, deliveredCounts(world))).toEqual({});

      writeRunLog(seed, script.log);
      await freshSync();
      const { size, historyNames } = expectEqualTrees(world.ayonEmu, fresh, P, world.sgEmu.store);
      expect((await run.stop("SIGTERM")).code).toBe(0);
      expect(logLines(run).filter((l) => l.level === "raw")).toEqual([]);
      recordFigures(SCENARIO, {
        seed,
        killsSurvived: kills,
        killsWhileEditing,
        edits: script.log.length,
        eventsChecked: expected.length,
        jobs: jobs().length,
        ayonEntitiesCompared: size,
        namesSetByHistory: historyNames.length,
      });
    },
    timeoutFor(profile.liveWrites * 60 + profile.liveKills * 4_000 + 60_000),
  );

  it("leaks no secret into the binaries' output or any AYON event", () => {
    if (!available) return;
    expect(scanForSecrets(world.collect(), world.secrets())).toEqual([]);
  });
});
