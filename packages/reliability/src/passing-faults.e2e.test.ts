// Faults that pass by themselves, through the real binary (project-sync, sync and update handlers) against both
// emulators' fault injection: one AYON 500 on the operations request of a live update, and ShotGrid serving an
// HTML page with 200 (a maintenance or SSO page), then 302s to a login page, then 500s while an edit waits. Each is
// an outage (core http/failure-class.ts): the job is handed back without using a retry and runs again once the
// fault has passed. Nothing is lost (AYON equals a fresh full sync of the project), the binary does not restart
// and leaks no secret.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { eventDispatch } from "@ayon-sg/leecher";
import type { LinkedProject } from "@ayon-sg/shotgrid";
import type { SyncEnv } from "@ayon-sg/shotgrid/testing";
import { expectEqualTrees, leechableEvents } from "@ayon-sg/handler-update-from-shotgrid/testing";
import { generateShotgridProject, startAyonEmulator, type GeneratedShotgridProject, type ShotgridUserRef } from "@ayon-sg/testkit";
import { freshFullSync } from "./fresh-sync.js";
import { lastEventLogId } from "./live-world.test-helpers.js";
import { scanForSecrets } from "./secret-scan.js";
import { AYON_KEY, logLines, waitUntil, World, type PluginChoice } from "./world.js";
import type { RunningBinary } from "@ayon-sg/testing";

const HOME = "passing_show";
const PLUGINS: PluginChoice[] = ["project-sync", "sync", "update"];
/** Seconds of each ShotGrid fault: HTML with 200, then 302, then 500. */
const HTML_SECONDS = 10;
const REDIRECT_SECONDS = 4;
const ERROR_SECONDS = 4;

let world: World;
let home: GeneratedShotgridProject;
let artist: ShotgridUserRef;
let run: RunningBinary;
let linked: LinkedProject;

beforeAll(async () => {
  world = await World.start();
  home = generateShotgridProject(world.sgEmu.store, {
    name: HOME, episodes: 1, sequencesPerEpisode: 2, shots: 6, assets: 3, assetCategories: ["Character", "Prop"], tasksPerEntity: 2, autoSync: true,
  });
  artist = world.sgEmu.humanUser("artist", "Ann Artist");
  linked = { sgProjectId: home.projectId, sgProjectName: HOME, projectCode: HOME, projectCodeField: "code", ayonProjectName: HOME };
  run = world.launch(world.studio(PLUGINS, { sweepIntervalSeconds: 1 }), "passing-faults");
  const imported = await jobOf(await world.dispatch({
    topic: "shotgrid.event", project: HOME, payload: { action: "create-project", project_name: HOME, project_code: HOME, sg_project_id: home.projectId },
  }));
  expect(imported.status).toBe("finished");
}, 120_000);

afterAll(async () => {
  await world?.close();
});

async function jobOf(id: string, timeoutMs = 60_000): Promise<{ status: string; description: string }> {
  const find = () => world.ayonEmu.state.events.ofTopic("shotgrid.proc").find((j) => j.dependsOn === id && ["finished", "failed"].includes(j.status));
  await waitUntil(() => find() !== undefined, `the job of event ${id}`, timeoutMs);
  const found = find()!;
  return { status: found.status, description: found.description ?? "" };
}

/** Renames a Shot in ShotGrid (as an artist) and queues its events as the leecher would; their source event ids. */
async function renameShot(index: number, code: string): Promise<string[]> {
  const mark = lastEventLogId(world);
  world.sgEmu.store.update("Shot", home.tree.shots[index]!.id, { code }, { as: artist });
  const ids: string[] = [];
  for (const row of leechableEvents({ sgEmulator: world.sgEmu } as SyncEnv, mark, home.projectId)) {
    const request = eventDispatch(row, linked, world.sgEmu.url);
    ids.push(await world.dispatch({ topic: request.topic, project: HOME, payload: request.payload ?? {} }));
  }
  expect(ids.length).toBeGreaterThan(0);
  return ids;
}

/** Equal to a fresh full sync of the project's ShotGrid state into an empty AYON: the number of entities compared. */
async function expectEqualToFreshSync(): Promise<number> {
  const fresh = await startAyonEmulator({ apiKey: AYON_KEY });
  try {
    await freshFullSync(world, fresh, HOME, home.projectId);
    return expectEqualTrees(world.ayonEmu, fresh, HOME, world.sgEmu.store).size;
  } finally {
    await fresh.close();
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const firedOf = (faults: typeof world.sgEmu.faults, id: string) => faults.list().find((r) => r.id === id)?.fired ?? 0;

describe("faults that pass by themselves lose nothing (real binary)", () => {
  it("one AYON 500 on the operations request of a live update: the update is applied after it", async () => {
    const fault = world.ayonEmu.faults.add({ match: { method: "POST", path: `^/api/projects/${HOME}/operations$` }, status: 500, times: 1 });
    const ids = await renameShot(0, "after_one_500");
    const outcomes = await Promise.all(ids.map((id) => jobOf(id)));
    // The rule fired (a rule with `times` is removed once used up), and the job still finished.
    expect(world.ayonEmu.faults.list().map((r) => r.id)).not.toContain(fault);
    expect(outcomes.map((o) => o.status)).toEqual(ids.map(() => "finished"));
    expect(logLines(run).some((l) => l.level === "warn" && /waiting for an unavailable service: .*AYON answered 500/.test(l.message))).toBe(true);
    const compared = await expectEqualToFreshSync();
    process.stdout.write(`[reliability] passing-faults: one AYON 500 on operations; ${compared} AYON entities equal to a fresh full sync\n`);
  }, 120_000);

  it(`ShotGrid answers HTML with 200 for ${HTML_SECONDS} s, then 302s, then 500s while an edit waits: it lands afterwards`, async () => {
    const faults = world.sgEmu.faults;
    const api = { path: "^/api/v1" };
    // Test faults, not server behaviour: what a maintenance page, an SSO gateway or a proxy in front of a site serves.
    const html = faults.add({ match: api, status: 200, body: "<!doctype html><html><body>Site under maintenance</body></html>", headers: { "content-type": "text/html; charset=utf-8" } });
    const ids = await renameShot(1, "after_html_302_500");
    await pause(HTML_SECONDS * 1000);
    const firedHtml = firedOf(faults, html);
    faults.remove(html);
    const redirect = faults.add({ match: api, status: 302, headers: { location: "https://sso.example.com/login?next=%2Fapi%2Fv1" } });
    await pause(REDIRECT_SECONDS * 1000);
    const firedRedirect = firedOf(faults, redirect);
    faults.remove(redirect);
    const error = faults.add({ match: api, status: 500 });
    await pause(ERROR_SECONDS * 1000);
    const firedError = firedOf(faults, error);
    faults.remove(error);
    // The job kept asking during each phase, and has not failed (for good or otherwise).
    expect({ firedHtml: firedHtml > 0, firedRedirect: firedRedirect > 0, firedError: firedError > 0 }).toEqual({ firedHtml: true, firedRedirect: true, firedError: true });
    const jobs = world.ayonEmu.state.events.ofTopic("shotgrid.proc").filter((j) => ids.includes(j.dependsOn ?? ""));
    expect(jobs.filter((j) => j.status === "failed")).toEqual([]);

    const outcomes = await Promise.all(ids.map((id) => jobOf(id, 120_000)));
    expect(outcomes.map((o) => o.status)).toEqual(ids.map(() => "finished"));
    expect(world.sgEmu.store.findOne("Shot", home.tree.shots[1]!.id, { fields: ["code"] })?.code).toBe("after_html_302_500");
    const compared = await expectEqualToFreshSync();
    process.stdout.write(
      `[reliability] passing-faults: ShotGrid HTML ${HTML_SECONDS} s (${firedHtml} requests), 302 ${REDIRECT_SECONDS} s (${firedRedirect}), 500 ${ERROR_SECONDS} s (${firedError}); ${compared} AYON entities equal to a fresh full sync\n`,
    );
  }, 180_000);

  it("the binary never restarted, printed no crash and leaked no secret", async () => {
    expect((await run.stop("SIGTERM")).code).toBe(0);
    expect(logLines(run).filter((l) => l.level === "raw")).toEqual([]);
    expect(scanForSecrets(world.collect(), world.secrets())).toEqual([]);
  });
});
