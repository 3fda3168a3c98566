// ShotGrid unavailable, throttling and short-lived tokens, under the real binary running the leecher and the
// sync handlers (and the live-update handler once it exists), configured like a deployment. ShotGrid keeps
// changing throughout (in-process writes, as artists would). Afterwards every relevant EventLogEntry is in
// AYON exactly once, a full sync asked for during the outage has finished, the process never restarted, and
// the request rate during the outage and the storm stayed bounded (the emulator's fault counters).
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { clearFigures, recordFigures } from "./figures.js";
import {
  deliveredCounts, deliveryProblems, lastEventLogId, linkedLiveProject, relevantEventIds, streamWrites, updateHandlerAvailable,
} from "./live-world.test-helpers.js";
import { currentProfile, timeoutFor } from "./profile.js";
import { scanForSecrets } from "./secret-scan.js";
import { logLines, waitUntil, World, type PluginChoice } from "./world.js";
import type { RunningBinary } from "@ayon-sg/testing";

const SCENARIO = "shotgrid-outage";
const profile = currentProfile();
const TOKEN_LIFETIME_SECONDS = 2;
/** Bound during the outage: the leecher and a waiting job together under 2 requests a second. */
const MAX_OUTAGE_RATE = 2;
/** Bound during the 429 storm: the clients wait Retry-After (2 s), so well under 5 requests a second. */
const MAX_STORM_RATE = 5;
const STORM_SECONDS = 20;

let world: World;
let run: RunningBinary;
let projectIds: number[];
let after: number;

beforeAll(async () => {
  clearFigures(SCENARIO);
  world = await World.start({
    shotgrid: { tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS, gapMode: { enabled: true } },
    settings: { sync_settings: { leecher_settle_seconds: 5 } },
  });
  projectIds = [];
  for (const code of ["sgo_a", "sgo_b", "sgo_c"]) projectIds.push(await linkedLiveProject(world, code));
  after = lastEventLogId(world);
  const plugins: PluginChoice[] = ["leecher", "sync", ...((await updateHandlerAvailable()) ? (["update"] as const) : [])];
  const studio = world.studio(plugins, { config: { "shotgrid-leecher": { cursorWriteSeconds: 0.5, maxBackoffSeconds: 5 } } });
  run = world.launch(studio, "sg-outage");
  await run.waitFor("starting", 30_000);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

async function allDelivered(what: string, timeoutMs: number): Promise<number[]> {
  let expected: number[] = [];
  await waitUntil(
    () => {
      if (world.sgEmu.store.pendingEventIds().length > 0) return false;
      expected = relevantEventIds(world, after, projectIds);
      const counts = deliveredCounts(world);
      return expected.every((id) => counts.has(id));
    },
    what,
    timeoutMs,
    100,
  );
  return expected;
}

function syncJobsOf(project: string) {
  const sources = new Set(
    world.ayonEmu.state.events
      .ofTopic("shotgrid.event")
      .filter((e) => e.project === project && (e.payload as { action?: unknown }).action === "sync-from-shotgrid")
      .map((e) => e.id),
  );
  return world.ayonEmu.state.events.ofTopic("shotgrid.proc").filter((job) => job.dependsOn !== null && sources.has(job.dependsOn));
}

describe(`ShotGrid unavailable ${profile.outageSeconds} s, a 429 storm, ${TOKEN_LIFETIME_SECONDS}-second tokens`, () => {
  it(
    "(1) a 503 outage: nothing lost, a sync asked for meanwhile finishes, no restart, bounded request rate",
    async () => {
      await waitUntil(() => syncJobsOf("sgo_a").some((j) => j.status === "finished"), "the first-start syncs", 60_000);
      const outageStart = Date.now();
      const fault = world.sgEmu.faults.add({ match: { path: "^/api/v1" }, status: 503 });
      const writing = streamWrites(world, projectIds, 120, { chunk: 6, pauseMs: 1000, tag: "outage" });
      // A full sync asked for during the outage must not be used up by it.
      const requested = await world.dispatch({ topic: "shotgrid.event", project: "sgo_b", payload: { action: "sync-from-shotgrid", project_name: "sgo_b" } });
      await new Promise((resolve) => setTimeout(resolve, profile.outageSeconds * 1000 - (Date.now() - outageStart)));
      const fired = world.sgEmu.faults.list().find((r) => r.id === fault)!.fired;
      world.sgEmu.faults.remove(fault);
      const outageMs = Date.now() - outageStart;
      await writing;

      const expected = await allDelivered("every event after the outage", 90_000);
      expect(deliveryProblems(expected, deliveredCounts(world))).toEqual({});
      await waitUntil(
        () => world.ayonEmu.state.events.ofTopic("shotgrid.proc").some((j) => j.dependsOn === requested && j.status === "finished"),
        "the sync asked for during the outage to finish",
        120_000,
        200,
      );
      expect(run.child.exitCode).toBeNull();
      const rate = fired / (outageMs / 1000);
      expect(fired).toBeGreaterThanOrEqual(3);
      expect(rate).toBeLessThan(MAX_OUTAGE_RATE);
      recordFigures(SCENARIO, {
        outageSeconds: outageMs / 1000,
        outageRequests: fired,
        outageRequestsPerSecond: rate,
        outageBound: MAX_OUTAGE_RATE,
        eventsCheckedAfterOutage: expected.length,
      });
    },
    timeoutFor(profile.outageSeconds * 1000 + 120_000),
  );

  it(
    "(2) a 429 storm with Retry-After: nothing lost, the clients wait as told",
    async () => {
      const stormStart = Date.now();
      const fault = world.sgEmu.faults.add({ match: { path: "^/api/v1/(entity|schema)" }, status: 429, headers: { "retry-after": "2" }, probability: 0.7 });
      await streamWrites(world, projectIds, 90, { chunk: 6, pauseMs: 1000, tag: "storm" });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, STORM_SECONDS * 1000 - (Date.now() - stormStart))));
      const fired = world.sgEmu.faults.list().find((r) => r.id === fault)!.fired;
      world.sgEmu.faults.remove(fault);
      const stormMs = Date.now() - stormStart;
      const expected = await allDelivered("every event after the storm", 90_000);
      expect(deliveryProblems(expected, deliveredCounts(world))).toEqual({});
      expect(fired).toBeGreaterThan(0);
      expect(fired / (stormMs / 1000)).toBeLessThan(MAX_STORM_RATE);
      expect(run.child.exitCode).toBeNull();
      recordFigures(SCENARIO, { stormSeconds: stormMs / 1000, storm429s: fired, stormRejectedPerSecond: fired / (stormMs / 1000), stormBound: MAX_STORM_RATE });
    },
    timeoutFor(STORM_SECONDS * 1000 + 90_000),
  );

  it("(3) tokens expired every 2 s throughout, and were renewed without one error", async () => {
    const tokens = world.sgEmu.stats().byRoute["POST /api/v1/auth/access_token"]?.count ?? 0;
    expect(tokens).toBeGreaterThanOrEqual(10);
    const stopped = await run.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    // Outage warnings are expected above; a refused or expired token must never surface.
    // What each line says (message, reason, error), not its routes; a duration is no status either: "job finished:
    // …, 401 ms" or a 401 ms backoff is no HTTP 401.
    const words = (l: Record<string, unknown>) => [l.message, l.reason, l.error].filter((v) => typeof v === "string").join(" ");
    const authProblems = logLines(run).filter((l) => /expired|rejected|refused|ShotgridAuthError|\b401\b(?!\s*ms\b)/i.test(words(l)));
    expect(authProblems).toEqual([]);
    const crashes = logLines(run).filter((l) => l.level === "raw" || /unhandled|uncaught/i.test(l.message));
    expect(crashes).toEqual([]);
    recordFigures(SCENARIO, { tokensIssued: world.sgEmu.issuedTokens().length, tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS });
  });

  it("leaks no secret (keys or any issued token) into the binary's output or any AYON event", () => {
    const capture = world.collect();
    const secrets = world.secrets();
    expect(secrets.length).toBeGreaterThan(10);
    expect(scanForSecrets(capture, secrets)).toEqual([]);
  });
});
