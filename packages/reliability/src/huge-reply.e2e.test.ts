// A huge reply, through the real binary (project-sync and sync handlers) against both emulators: ShotGrid answers
// one search with a 2 GiB body, AYON the whole-tree folder read with 600 MB, each streamed lazily by the emulators'
// hugeBodyBytes fault. The clients cut each off at the reply cap (256 MiB by default): the process does not crash or
// restart, its memory stays bounded, a job that met one fails as final with a sentence naming the endpoint and the
// cap, the next jobs run, and AYON ends equal to a fresh full sync.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { expectEqualTrees } from "@ayon-sg/handler-update-from-shotgrid/testing";
import { generateShotgridProject, startAyonEmulator, type GeneratedShotgridProject } from "@ayon-sg/testkit";
import type { RunningBinary } from "@ayon-sg/testing";
import { clearFigures, recordFigures } from "./figures.js";
import { freshFullSync } from "./fresh-sync.js";
import { scanForSecrets } from "./secret-scan.js";
import { AYON_KEY, logLines, waitUntil, World, type PluginChoice } from "./world.js";

const SCENARIO = "huge-reply";
const HOME = "huge_show";
const PLUGINS: PluginChoice[] = ["project-sync", "sync"];
const GiB = 1024 * 1024 * 1024;
/** The binary's peak resident memory may not pass this: the reply cap (256 MiB) plus the runtime's own. */
const MAX_PEAK_RSS = 1.5 * GiB;

let world: World;
let home: GeneratedShotgridProject;
let run: RunningBinary;

beforeAll(async () => {
  clearFigures(SCENARIO);
  world = await World.start();
  home = generateShotgridProject(world.sgEmu.store, {
    name: HOME, episodes: 1, sequencesPerEpisode: 2, shots: 6, assets: 3, assetCategories: ["Character", "Prop"], tasksPerEntity: 2, autoSync: true,
  });
  run = world.launch(world.studio(PLUGINS, { sweepIntervalSeconds: 1 }), "huge-reply");
}, 60_000);

afterAll(async () => {
  await world?.close();
});

async function job(payload: Record<string, unknown>): Promise<{ status: string; description: string }> {
  const id = await world.dispatch({ topic: "shotgrid.event", project: HOME, payload });
  const find = () => world.ayonEmu.state.events.ofTopic("shotgrid.proc").find((j) => j.dependsOn === id && ["finished", "failed"].includes(j.status));
  await waitUntil(() => find() !== undefined, `the job of event ${id}`, 120_000);
  const found = find()!;
  return { status: found.status, description: found.description ?? "" };
}

/** The binary's peak resident memory (VmHWM), in bytes. */
function peakRss(): number {
  const status = readFileSync(`/proc/${run.child.pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

const SYNC = { action: "sync-from-shotgrid", project_name: HOME };

describe("a huge reply (real binary)", () => {
  it("imports the project first", async () => {
    const imported = await job({ action: "create-project", project_name: HOME, project_code: HOME, sg_project_id: home.projectId });
    expect(imported.status).toBe("finished");
  });

  it("a 2 GiB ShotGrid body fails its job as final with the sentence; no crash, bounded memory, the next job runs", async () => {
    const fault = world.sgEmu.faults.add({ match: { method: "POST", path: "^/api/v1/entity/shots/_search" }, hugeBodyBytes: 2 * GiB, times: 1 });
    const failed = await job(SYNC);
    expect(world.sgEmu.faults.list().some((r) => r.id === fault)).toBe(false); // it fired
    expect(failed.status).toBe("failed");
    expect(failed.description).toContain(
      "ShotGrid's reply to POST /entity/{type}/_search was larger than the 256 MiB cap (the client's maxReplyBytes); " +
        "it was cut off and not retried, as the same request would get the same reply.",
    );
    expect(failed.description).toContain("(not retried)");
    expect(run.child.exitCode).toBeNull();
    const peak = peakRss();
    recordFigures(SCENARIO, { "thrown.hugeReplyShotgrid": 1, peakRssMiBAfterShotgridBody: Math.round(peak / 2 ** 20) });
    expect(peak).toBeLessThan(MAX_PEAK_RSS);
    expect((await job(SYNC)).status).toBe("finished");
  }, 240_000);

  it("a 600 MB AYON body for the whole-tree read fails its job as final with the sentence; the next job runs", async () => {
    const fault = world.ayonEmu.faults.add({ match: { method: "GET", path: `^/api/projects/${HOME}/folders$` }, hugeBodyBytes: 600_000_000, times: 1 });
    const failed = await job(SYNC);
    expect(world.ayonEmu.faults.list().some((r) => r.id === fault)).toBe(false); // it fired
    expect(failed.status).toBe("failed");
    expect(failed.description).toMatch(
      /AYON's reply to GET \/api\/projects\/\{project\}\/folders at http:\/\/127\.0\.0\.1:\d+ was larger than the 256 MiB cap \(the client's maxReplyBytes\); it was cut off and not retried/,
    );
    expect(failed.description).toContain("(not retried)");
    expect(run.child.exitCode).toBeNull();
    const peak = peakRss();
    recordFigures(SCENARIO, { "thrown.hugeReplyAyon": 1, peakRssMiBAfterAyonBody: Math.round(peak / 2 ** 20) });
    expect(peak).toBeLessThan(MAX_PEAK_RSS);
    expect((await job(SYNC)).status).toBe("finished");
  }, 240_000);

  it("ends equal to a fresh full sync, never restarted, leaks no secret", async () => {
    const fresh = await startAyonEmulator({ apiKey: AYON_KEY });
    try {
      await freshFullSync(world, fresh, HOME, home.projectId);
      const compared = expectEqualTrees(world.ayonEmu, fresh, HOME, world.sgEmu.store).size;
      expect(compared).toBeGreaterThan(0);
      recordFigures(SCENARIO, { ayonEntitiesCompared: compared });
    } finally {
      await fresh.close();
    }
    const stopped = await run.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    const crashes = logLines(run).filter((l) => l.level === "raw" || /unhandled|uncaught|heap/i.test(l.message));
    expect(crashes).toEqual([]);
    expect(scanForSecrets(world.collect(), world.secrets())).toEqual([]);
  }, 120_000);
});
