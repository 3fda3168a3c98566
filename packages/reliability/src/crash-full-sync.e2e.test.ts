// Crashes during full syncs: the real binary (sync handler, configured like a deployment) is killed with
// SIGKILL at seeded random points of full syncs of generated projects (a new project joins whenever all are
// done), and restarted each time — mostly under the same instance name (its start-up hands its own unfinished job back), sometimes under a new one
// (the stuck-job reaper frees the dead worker's job). At the end AYON holds exactly the tree a full sync of
// ShotGrid gives, every ShotGrid entity's sg_ayon_id names its AYON entity, no job is left unfinished, and
// one more sync finds nothing to write.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { generateShotgridProject, type GeneratedShotgridProject } from "@ayon-sg/testkit";
import { actualTree, expectedTree, shotgridAyonIds } from "@ayon-sg/shotgrid/testing";
import { clearFigures, recordFigures } from "./figures.js";
import { currentProfile, timeoutFor } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { runSeed, seededRandom } from "./seeded-random.js";
import { logLines, waitUntil, World } from "./world.js";

const SCENARIO = "crash-full-sync";
const profile = currentProfile();
const seed = runSeed();
const random = seededRandom(seed);
const STUCK_JOB_SECONDS = 3;

let world: World;
let studio: string;
const projects: Array<{ name: string; generated: GeneratedShotgridProject }> = [];

beforeAll(async () => {
  clearFigures(SCENARIO);
  process.stdout.write(`[reliability] ${SCENARIO}: seed ${seed} (replay with RELIABILITY_SEED=${seed})\n`);
  // A little latency on both sides makes a sync take seconds, so a kill lands in its middle.
  world = await World.start({ ayon: { latencyMs: 10 }, shotgrid: { latencyMs: 10 } });
  // Small chunks make many commit points to die between; a dead worker's job is reaped after 3 s.
  studio = world.studio(["sync"], {
    sweepIntervalSeconds: 1, stuckJobSeconds: STUCK_JOB_SECONDS, maxRetries: 10,
    config: { "sync-from-shotgrid": { ayonChunkSize: 25, shotgridBatchSize: 20 } },
  });
}, 60_000);

afterAll(async () => {
  await world?.close();
});

function jobs() {
  return world.ayonEmu.state.events.ofTopic("shotgrid.proc");
}

/** Every sync asked for has a finished job (a source not enrolled yet has no job at all). */
function everyJobDoneSoFar(): boolean {
  const done = new Set(jobs().filter((j) => j.status === "finished").map((j) => j.dependsOn));
  return world.ayonEmu.state.events.ofTopic("shotgrid.event").every((e) => done.has(e.id));
}

async function requestSync(project: string): Promise<string> {
  return world.dispatch({ topic: "shotgrid.event", project, payload: { action: "sync-from-shotgrid", project_name: project } });
}

/** A generated ShotGrid project, linked to a new AYON project, with a full sync asked for. */
async function addProject(): Promise<void> {
  const name = `crash_sync_${projects.length + 1}`;
  const shots = profile.fullSyncShots;
  const generated = generateShotgridProject(world.sgEmu.store, {
    name, episodes: 2, sequencesPerEpisode: 3, shots, assets: Math.round(shots / 4),
    assetCategories: ["Character", "Prop", "Environment"], tasksPerEntity: 4, seed: seed + projects.length,
  });
  await world.ayon.createProject({ name, code: name });
  await world.ayon.updateProject(name, { attrib: { shotgridId: String(generated.projectId), shotgridType: "Project" } });
  projects.push({ name, generated });
  await requestSync(name);
}

describe(`SIGKILL during full syncs (seed ${seed})`, () => {
  it(
    `survives ${profile.fullSyncKills} kills at random points and converges to the exact trees`,
    async () => {
      for (let i = 0; i < 3; i++) await addProject();
      let interrupted = 0;
      let rounds = 0;
      let kills = 0;
      let reaped = 0;
      for (let round = 0; kills < profile.fullSyncKills; round++) {
        // Every sync done before enough kills: give the next run new work.
        if (jobs().length > 0 && everyJobDoneSoFar()) await addProject();
        rounds = round + 1;
        const fresh = round % 3 === 2; // every third restart comes back under a new instance name
        const instance = fresh ? `crash-sync-${round}` : "crash-sync";
        const launchedAt = Date.now();
        const run = world.launch(studio, instance);
        if (fresh) reaped += 1;
        // Only a job this process took counts: a dead predecessor's job may still read "in progress". A job runs
        // from its enroll on: it reads "pending" until its first progress write, one progress interval in.
        const runningHere = () =>
          jobs().filter((j) => (j.status === "pending" || j.status === "in_progress") && (j.sender ?? "").startsWith(`${instance}-w`) && j.updatedAt >= launchedAt);
        await run.waitFor("starting", 30_000);
        await waitUntil(() => runningHere().length > 0, "a sync job to run", 30_000, 20).catch((error: Error) => {
          const states = jobs().map((j) => `${j.status} ${j.sender} retries=${j.retries} ${j.description}`);
          throw new Error(`${error.message} (round ${round}, kills ${kills}); jobs:\n${states.join("\n")}\n${run.output().stdout.slice(-3000)}`);
        });
        await new Promise((resolve) => setTimeout(resolve, random.int(50, 900)));
        const running = runningHere();
        run.child.kill("SIGKILL");
        expect((await run.exited).signal).toBe("SIGKILL");
        if (running.length === 0) continue; // nothing was running at that instant: not counted as a kill mid-sync
        kills += 1;
        interrupted += running.length;
      }

      // The last start runs every outstanding sync to completion.
      const last = world.launch(studio, "crash-sync");
      await waitUntil(() => jobs().every((j) => j.status === "finished") && everyJobDoneSoFar(), "every sync job finished", timeoutFor(90_000), 100).catch((error: Error) => {
        throw new Error(`${error.message}: ${jobs().filter((j) => j.status !== "finished").map((j) => `${j.status} ${j.description}`).join("; ")}`);
      });
      expect(jobs().length).toBeGreaterThanOrEqual(projects.length);

      let entities = 0;
      for (const { name, generated } of projects) {
        const expected = expectedTree(generated);
        const { tree, ids, unlinked } = actualTree(world.ayonEmu, name); // throws on two entities with one shotgridId
        expect(unlinked).toBe(0);
        expect(tree.size).toBe(expected.size);
        for (const [key, entity] of expected) expect([name, key, tree.get(key)]).toEqual([name, key, entity]);
        for (const [key, value] of shotgridAyonIds(world.sgEmu, generated)) expect([name, key, value]).toEqual([name, key, ids.get(key)]);
        entities += expected.size;
      }

      // A fresh sync of each final state finds nothing to do.
      const checks: string[] = [];
      for (const { name } of projects) checks.push(await requestSync(name));
      await waitUntil(() => checks.every((id) => jobs().some((j) => j.dependsOn === id && j.status === "finished")), "the check syncs", 120_000, 100);
      for (const id of checks) {
        expect(jobs().find((j) => j.dependsOn === id)!.description).toMatch(/folders 0 created, 0 updated, \d+ unchanged; tasks 0 created, 0 updated, \d+ unchanged/);
      }
      expect((await last.stop("SIGTERM")).code).toBe(0);
      expect(logLines(last).filter((l) => l.level === "raw")).toEqual([]);

      recordFigures(SCENARIO, {
        seed,
        killsSurvived: kills,
        restartsUnderNewName: reaped,
        projects: projects.length,
        entitiesChecked: entities,
        syncsInterrupted: interrupted,
        restarts: rounds,
      });
    },
    timeoutFor(profile.fullSyncKills * 8_000 + 60_000),
  );

  it("leaks no secret into the binaries' output or any AYON event", () => {
    expect(scanForSecrets(world.collect(), world.secrets())).toEqual([]);
  });
});
