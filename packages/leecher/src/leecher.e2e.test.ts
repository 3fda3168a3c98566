// The must-shows, with the real `ayon-sg-runtime run` binary (needs `pnpm build`) in a studio directory
// that links core, shotgrid and the leecher, configured like a deployment: addon settings saved through AYON's
// settings API, the script key in an AYON secret, AYON_ADDON_NAME/AYON_ADDON_VERSION in the environment.
// ShotGrid runs in gap mode with 2-second tokens throughout.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { join } from "node:path";
import { shotgridSettingsDefaults } from "@ayon-sg/shotgrid";
import { createStudioDir, startBinary, CORE_PACKAGE_DIR, type RunningBinary } from "@ayon-sg/testing";
import {
  AYON_KEY, deliveryProblems, expectedEventIds, leechedCounts, linkedProject, SCRIPT, startWorld, syncRequests, waitUntil, writeStream, type World,
} from "./leecher.test-helpers.js";
import { STATE_TOPIC } from "./state-store.js";

const ADDON = { name: "shotgrid", version: "0.1.0" };
const SECRET = "sg_leecher_script_key";
const PACKAGES = join(CORE_PACKAGE_DIR, "..");

let world: World;
let studio: string;
let projectIds: number[];
let start: number;
let running: RunningBinary | null = null;
const runs: RunningBinary[] = [];

function launch(): RunningBinary {
  const env = {
    AYON_SERVER_URL: world.ayonEmu.url,
    AYON_API_KEY: AYON_KEY,
    AYON_ADDON_NAME: ADDON.name,
    AYON_ADDON_VERSION: ADDON.version,
    AYON_SG_INSTANCE: "leecher-e2e",
    LOG_LEVEL: "info",
  };
  running = startBinary(["run", "--studio", studio], { env });
  runs.push(running);
  return running;
}

/** The binary's JSON log lines. */
function logLines(run: RunningBinary): Array<{ level: string; message: string }> {
  return run
    .output()
    .stdout.split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: string; message: string });
}

beforeAll(async () => {
  world = await startWorld(
    { gapMode: { enabled: true }, tokenLifetimeSeconds: 2 },
    { addons: [{ ...ADDON, defaults: shotgridSettingsDefaults() as Record<string, unknown> }] },
  );

  const saved = await fetch(`${world.ayonEmu.url}/api/addons/${ADDON.name}/${ADDON.version}/settings`, {
    method: "POST",
    headers: { "x-api-key": AYON_KEY, "content-type": "application/json" },
    body: JSON.stringify({
      shotgrid_server: world.sgEmu.url,
      service_settings: { script_name: SCRIPT.name, script_key: SECRET, polling_frequency: 1 },
      sync_settings: { leecher_settle_seconds: 5 },
    }),
  });
  expect(saved.status).toBeLessThan(300);
  await world.ayon.setSecret(SECRET, SCRIPT.key);
  projectIds = [];
  for (const code of ["alpha", "bravo", "charlie"]) projectIds.push((await linkedProject(world, code)).id);

  studio = createStudioDir({
    links: {
      "@ayon-sg/core": CORE_PACKAGE_DIR,
      "@ayon-sg/shotgrid": join(PACKAGES, "shotgrid"),
      "@ayon-sg/leecher": join(PACKAGES, "leecher"),
    },
    // Only test tempo here; everything else comes from the addon settings in AYON.
    config: { config: { "shotgrid-leecher": { cursorWriteSeconds: 0.5, maxBackoffSeconds: 5 } } },
  });
});

afterAll(async () => {
  await Promise.all(runs.map((r) => r.stop("SIGKILL")));
  await world?.close();
});

async function allDelivered(what: string, timeoutMs = 30_000): Promise<number[]> {
  let expected: number[] = [];
  await waitUntil(
    () => {
      if (world.sgEmu.store.pendingEventIds().length > 0) return false;
      expected = expectedEventIds(world, { after: start, projectIds });
      const counts = leechedCounts(world);
      return expected.every((id) => counts.has(id));
    },
    what,
    timeoutMs,
  );
  return expected;
}

describe("the leecher binary against both emulators", () => {
  it("(1) 1,000 writes across 3 projects, gap mode, two SIGKILLs: exactly one shotgrid.event per relevant entry", async () => {
    const first = launch();
    await waitUntil(() => world.ayonEmu.state.events.ofTopic(STATE_TOPIC).length === 1, "the first start's state", 20_000);
    start = (world.ayonEmu.state.events.ofTopic(STATE_TOPIC)[0]!.summary as { scanned: number }).scanned;
    expect(syncRequests(world)).toEqual([["alpha", "first-start"], ["bravo", "first-start"], ["charlie", "first-start"]]);

    let written = 0;
    const writing = writeStream(world, projectIds, 1000, { chunk: 10, pauseMs: 100, tag: "e2e", onProgress: (n) => (written = n) });
    await waitUntil(() => written >= 200 && leechedCounts(world).size > 50, "some events leeched by the first process");
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = launch();
    await second.waitFor("resuming after EventLogEntry", 20_000);
    const before = leechedCounts(world).size;
    await waitUntil(() => written >= 550 && leechedCounts(world).size > before + 50, "the second process leeching");
    second.child.kill("SIGKILL");
    await second.exited;
    expect(written).toBeLessThan(1000); // both kills happened mid-stream

    const third = launch();
    await third.waitFor("resuming after EventLogEntry", 20_000);
    await writing;
    const expected = await allDelivered("every relevant event after the kills");
    expect(expected.length).toBeGreaterThan(900);
    expect(deliveryProblems(expected, leechedCounts(world))).toEqual({});
    expect(syncRequests(world)).toHaveLength(3);
    const errors = logLines(third).filter((l) => l.level === "error");
    expect(errors).toEqual([]);
  }, 90_000);

  it("(2) ShotGrid answering 503 for 30 s: recovers by itself, loses nothing, and stays under 2 requests/s", async () => {
    const run = running!;
    const fault = world.sgEmu.faults.add({ match: { path: "^/api/v1/" }, status: 503 });
    const outageStart = Date.now();
    await writeStream(world, projectIds, 60, { chunk: 10, pauseMs: 100, tag: "outage" });
    await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() - outageStart)));
    const fired = world.sgEmu.faults.list().find((r) => r.id === fault)!.fired;
    const seconds = (Date.now() - outageStart) / 1000;
    world.sgEmu.faults.remove(fault);

    expect(fired).toBeGreaterThanOrEqual(3); // it kept trying
    expect(fired / seconds).toBeLessThan(2);
    const expected = await allDelivered("every event after the outage", 30_000);
    expect(deliveryProblems(expected, leechedCounts(world))).toEqual({});
    const outageLines = logLines(run).filter((l) => /ShotGrid (unreachable|reachable again)/.test(l.message));
    expect(outageLines.map((l) => l.level)).toEqual(["warn", "info"]);
    expect(run.child.exitCode).toBeNull();
  }, 90_000);

  it("(3) a 2-second token lifetime is invisible: tokens renewed, no warning or error, nothing lost", async () => {
    const run = running!;
    const linesBefore = logLines(run).length;
    world.sgEmu.resetStats();
    await writeStream(world, projectIds, 150, { chunk: 10, pauseMs: 400, tag: "tokens" }); // about 6 s: 3 lifetimes
    const expected = await allDelivered("every event written across token renewals");
    expect(deliveryProblems(expected, leechedCounts(world))).toEqual({});
    const tokens = world.sgEmu.stats().byRoute["POST /api/v1/auth/access_token"]?.count ?? 0;
    expect(tokens).toBeGreaterThanOrEqual(3);
    const noisy = logLines(run).slice(linesBefore).filter((l) => l.level === "warn" || l.level === "error");
    expect(noisy).toEqual([]);

    const stopped = await run.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    expect(stopped.stdout + stopped.stderr).not.toContain(SCRIPT.key);
    const state = world.ayonEmu.state.events.ofTopic(STATE_TOPIC)[0]!.summary as { low_water: number };
    expect(state.low_water).toBeGreaterThanOrEqual(Math.max(...expected));
  }, 60_000);
});
