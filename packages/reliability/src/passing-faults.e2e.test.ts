// Faults that pass by themselves, through the real binary (project-sync, sync and update handlers) against both
// emulators' fault injection: one AYON 500 on the operations request of a live update, and ShotGrid serving an
// HTML page with 200 for 60 s (a maintenance or SSO page), then 302s to a login page, then 500s, while ShotGrid is
// edited throughout. Each is an outage (core http/failure-class.ts): the job is handed back without using a retry
// (never failed) and runs again once the fault has passed. Nothing is lost (AYON equals a fresh full sync of each
// project), the binary does not restart and leaks no secret. The counts are figures for `pnpm soak`.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { eventDispatch } from "@ayon-sg/leecher";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import type { SyncEnv } from "@ayon-sg/shotgrid/testing";
import { expectEqualTrees, leechableEvents } from "@ayon-sg/handler-update-from-shotgrid/testing";
import { generateShotgridProject, startAyonEmulator, type GeneratedShotgridProject, type ShotgridUserRef } from "@ayon-sg/testkit";
import { clearFigures, recordFigures } from "./figures.js";
import { freshFullSync } from "./fresh-sync.js";
import { lastEventLogId } from "./live-world.test-helpers.js";
import { currentProfile } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { AYON_KEY, logLines, waitUntil, World, type PluginChoice } from "./world.js";
import type { RunningBinary } from "@ayon-sg/testing";

const SCENARIO = "passing-faults";
const profile = currentProfile();
const PLUGINS: PluginChoice[] = ["project-sync", "sync", "update"];
/** How many live updates meet one AYON 500 (the soak throws more). */
const AYON_500S = profile.name === "soak" ? Math.max(3, Math.round(profile.minutes)) : 1;
/** ShotGrid is edited this often while its faults last. */
const EDIT_EVERY_MS = 4_000;
// Test faults, not server behaviour: what a maintenance page, an SSO gateway or a proxy in front of a site serves.
// The sequence: 60 s of HTML with 200, then 302s, then 500s (20 s each: long enough for several attempts).
const SHOTGRID_PHASES = [
  {
    kind: "html", seconds: 60, reason: /HTTP 200 with (an HTML page|a body that is not JSON) where JSON was expected/,
    rule: { status: 200, body: "<!doctype html><html><body>Site under maintenance</body></html>", headers: { "content-type": "text/html; charset=utf-8" } },
  },
  { kind: "redirect", seconds: 20, reason: /HTTP 302, a redirect/, rule: { status: 302, headers: { location: "https://sso.example.com/login?next=%2Fapi%2Fv1" } } },
  { kind: "error", seconds: 20, reason: /HTTP 500\b/, rule: { status: 500 } },
] as const;
/**
 * One linked project per phase, first edited when its phase starts and then on, with the earlier ones: the runtime
 * backs a lane off while it keeps meeting an outage (up to a minute, core runtime/lanes.ts), so a project waiting
 * since the HTML phase may sleep through a 20-second phase; one whose edits start there meets it at once, as the
 * busy projects of a site would.
 */
const SHOWS = ["passing_show", "passing_redirect", "passing_error"] as const;
const HOME = SHOWS[0];

let world: World;
const shows = new Map<string, GeneratedShotgridProject>();
let artist: ShotgridUserRef;
let run: RunningBinary;

beforeAll(async () => {
  clearFigures(SCENARIO);
  world = await World.start();
  for (const [i, name] of SHOWS.entries()) {
    const size = i === 0 ? { shots: 6, assets: 3 } : { shots: 3, assets: 2 };
    shows.set(name, generateShotgridProject(world.sgEmu.store, {
      name, episodes: 1, sequencesPerEpisode: 2, ...size, assetCategories: ["Character", "Prop"], tasksPerEntity: 2, autoSync: true,
    }));
  }
  artist = world.sgEmu.humanUser("artist", "Ann Artist");
  run = world.launch(world.studio(PLUGINS, { sweepIntervalSeconds: 1 }), "passing-faults");
  const imports = await Promise.all(SHOWS.map(async (name) => jobOf(await world.dispatch({
    topic: "shotgrid.event", project: name, payload: { action: "create-project", project_name: name, project_code: name, sg_project_id: show(name).projectId },
  }))));
  expect(imports.map((j) => j.status)).toEqual(SHOWS.map(() => "finished"));
}, 120_000);

afterAll(async () => {
  await world?.close();
});

const show = (name: string) => shows.get(name)!;

async function jobOf(id: string, timeoutMs = 60_000): Promise<{ status: string; description: string }> {
  const find = () => world.ayonEmu.state.events.ofTopic("shotgrid.proc").find((j) => j.dependsOn === id && ["finished", "failed"].includes(j.status));
  await waitUntil(() => find() !== undefined, `the job of event ${id}`, timeoutMs);
  const found = find()!;
  return { status: found.status, description: found.description ?? "" };
}

/** Renames a Shot or Asset of project `name` in ShotGrid (as an artist) and queues its events as the leecher would; their source event ids. */
async function rename(name: string, type: "Shot" | "Asset", id: number, code: string): Promise<string[]> {
  const { projectId } = show(name);
  const mark = lastEventLogId(world);
  world.sgEmu.store.update(type, id, { code }, { as: artist });
  const ids: string[] = [];
  const linked: LinkedProject = { sgProjectId: projectId, sgProjectName: name, projectCode: name, projectCodeField: "code", ayonProjectName: name };
  for (const row of leechableEvents({ sgEmulator: world.sgEmu } as SyncEnv, mark, projectId)) {
    const request = eventDispatch(row, linked, world.sgEmu.url);
    ids.push(await world.dispatch({ topic: request.topic, project: name, payload: request.payload ?? {} }));
  }
  expect(ids.length).toBeGreaterThan(0);
  return ids;
}

/** Equal to a fresh full sync of project `name`'s ShotGrid state into an empty AYON: the number of entities compared. */
async function expectEqualToFreshSync(name: string): Promise<number> {
  const fresh = await startAyonEmulator({ apiKey: AYON_KEY });
  try {
    await freshFullSync(world, fresh, name, show(name).projectId);
    return expectEqualTrees(world.ayonEmu, fresh, name, world.sgEmu.store).size;
  } finally {
    await fresh.close();
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const firedOf = (faults: typeof world.sgEmu.faults, id: string) => faults.list().find((r) => r.id === id)?.fired ?? 0;

describe("faults that pass by themselves lose nothing (real binary)", () => {
  it(`one AYON 500 on the operations request of a live update (${AYON_500S} time(s)): the update is applied after it`, async () => {
    const ids: string[] = [];
    let finished = 0;
    for (let i = 1; i <= AYON_500S; i++) {
      const fault = world.ayonEmu.faults.add({ match: { method: "POST", path: `^/api/projects/${HOME}/operations$` }, status: 500, times: 1 });
      const these = await rename(HOME, "Shot", show(HOME).tree.shots[0]!.id, `after_500_${i}`);
      const outcomes = await Promise.all(these.map((id) => jobOf(id)));
      // The rule fired (a rule with `times` is removed once used up), and the job still finished.
      expect(world.ayonEmu.faults.list().map((r) => r.id)).not.toContain(fault);
      expect(outcomes.map((o) => o.status)).toEqual(these.map(() => "finished"));
      ids.push(...these);
      finished += outcomes.filter((o) => o.status === "finished").length;
    }
    const warned = logLines(run).filter((l) => l.level === "warn" && /waiting for an unavailable service: .*AYON answered 500/.test(l.message));
    expect(warned.length).toBeGreaterThanOrEqual(AYON_500S);
    const compared = await expectEqualToFreshSync(HOME);
    recordFigures(SCENARIO, { "thrown.ayon500": AYON_500S, eventsCheckedAyon500: ids.length, lostAyon500: ids.length - finished, ayonEntitiesComparedAfterAyon500: compared });
  }, 120_000 + AYON_500S * 30_000);

  it(`ShotGrid answers HTML with 200 for ${SHOTGRID_PHASES[0].seconds} s, then 302s, then 500s while it is edited: every job is handed back, none fails, all land`, async () => {
    const faults = world.sgEmu.faults;
    const started = Date.now();
    const ids: string[] = [];
    const renamed = new Map<number, { type: "Shot" | "Asset"; code: string }>();
    // Each project's Shots (the first is the AYON-500 test's) and Assets, edited in turn.
    const editable = new Map(SHOWS.map((name) => [name, [
      ...show(name).tree.shots.slice(1).map((e) => ({ type: "Shot" as const, id: e.id })),
      ...show(name).tree.assets.map((e) => ({ type: "Asset" as const, id: e.id })),
    ]]));
    // What the jobs of these events went through while the faults lasted, polled from AYON's queue.
    const handedBack = new Set<string>();
    const failedSeen = new Set<string>();
    const watch = setInterval(() => {
      for (const job of world.ayonEmu.state.events.ofTopic("shotgrid.proc")) {
        if (!ids.includes(job.dependsOn ?? "")) continue;
        if (job.status === "restarted") handedBack.add(`${job.id}@${job.updatedAt}`);
        if (job.status === "failed") failedSeen.add(job.id);
      }
    }, 100);
    const fired: Record<string, number> = {};
    let edits = 0;
    try {
      for (const [p, phase] of SHOTGRID_PHASES.entries()) {
        const rule = faults.add({ match: { path: "^/api/v1" }, ...phase.rule });
        const until = Date.now() + phase.seconds * 1000;
        // This phase's project first, then the earlier ones, in turn.
        const active = SHOWS.slice(0, p + 1).reverse();
        for (let k = 0; Date.now() < until; k++) {
          const name = active[k % active.length]!;
          const list = editable.get(name)!;
          const target = list[Math.floor(k / active.length) % list.length]!;
          const code = `${phase.kind}_edit_${++edits}`;
          ids.push(...(await rename(name, target.type, target.id, code)));
          renamed.set(target.id, { type: target.type, code });
          await pause(Math.min(EDIT_EVERY_MS, Math.max(0, until - Date.now())));
        }
        fired[phase.kind] = firedOf(faults, rule);
        faults.remove(rule);
      }
    } finally {
      clearInterval(watch);
    }
    const faultSeconds = (Date.now() - started) / 1000;
    // The jobs kept asking during each phase; each fault handed jobs back as an outage naming it; none failed.
    expect(Object.fromEntries(SHOTGRID_PHASES.map((p) => [p.kind, (fired[p.kind] ?? 0) > 0]))).toEqual(Object.fromEntries(SHOTGRID_PHASES.map((p) => [p.kind, true])));
    const outageWarnings = logLines(run).filter((l) => l.level === "warn" && /is waiting for an unavailable service: .*ShotGrid was unavailable/.test(l.message));
    expect(Object.fromEntries(SHOTGRID_PHASES.map((p) => [p.kind, outageWarnings.some((l) => p.reason.test(l.message))]))).toEqual(Object.fromEntries(SHOTGRID_PHASES.map((p) => [p.kind, true])));
    expect(handedBack.size).toBeGreaterThan(0);
    expect([...failedSeen]).toEqual([]);

    const outcomes = await Promise.all(ids.map((id) => jobOf(id, 120_000)));
    expect(outcomes.map((o) => o.status)).toEqual(ids.map(() => "finished"));
    // Not one retry used: a hand-back keeps the count, a failure would have raised it.
    const jobs = world.ayonEmu.state.events.ofTopic("shotgrid.proc").filter((j) => ids.includes(j.dependsOn ?? ""));
    expect(jobs.filter((j) => j.retries > 0).map((j) => j.description)).toEqual([]);
    for (const [id, { type, code }] of renamed) expect(world.sgEmu.store.findOne(type, id, { fields: ["code"] })?.code).toBe(code);
    let compared = 0;
    for (const name of SHOWS) compared += await expectEqualToFreshSync(name);
    recordFigures(SCENARIO, {
      "thrown.shotgridHtmlPeriods": 1,
      "thrown.shotgrid302Periods": 1,
      "thrown.shotgrid500Periods": 1,
      shotgridFaultSeconds: faultSeconds,
      ...Object.fromEntries(SHOTGRID_PHASES.map((p) => [`${p.kind}Seconds`, p.seconds])),
      ...Object.fromEntries(SHOTGRID_PHASES.map((p) => [`${p.kind}Requests`, fired[p.kind] ?? 0])),
      editsDuringFaults: edits,
      eventsCheckedShotgridFaults: ids.length,
      projectsEdited: SHOWS.length,
      jobsHandedBack: handedBack.size,
      outageWarnings: outageWarnings.length,
      lostShotgridFaults: outcomes.filter((o) => o.status !== "finished").length,
      ayonEntitiesCompared: compared,
    });
  }, 300_000);

  it("the binary never restarted, printed no crash and leaked no secret", async () => {
    expect((await run.stop("SIGTERM")).code).toBe(0);
    expect(logLines(run).filter((l) => l.level === "raw")).toEqual([]);
    expect(scanForSecrets(world.collect(), world.secrets())).toEqual([]);
  });
});
