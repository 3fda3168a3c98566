// /healthz of the real binary (leecher running) against the emulators' fault injection: ShotGrid answering
// 503 to everything makes it "degraded" (ShotGrid unreachable, the leecher behind), a slow event log makes the
// leecher lag while ShotGrid itself still answers; both heal once the fault is removed. Thresholds are the
// studio config's (3 s here instead of the 60/120 s defaults). Degraded answers 200, and 503 with ?strict.
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { RunningBinary } from "@ayon-sg/testing";
import { linkedLiveProject } from "./live-world.test-helpers.js";
import { waitUntil, World } from "./world.js";

interface HealthBody {
  status: string;
  ayon: string;
  checks: Record<string, { status: string; details?: Record<string, unknown> }>;
}

let world: World;
let run: RunningBinary;
let opsUrl: string;

async function health(query = ""): Promise<{ code: number; body: HealthBody }> {
  const res = await fetch(`${opsUrl}/healthz${query}`);
  return { code: res.status, body: (await res.json()) as HealthBody };
}

/** Waits until /healthz says `status`, and returns that answer. */
async function healthBecomes(status: string, what: string): Promise<{ code: number; body: HealthBody }> {
  let last: { code: number; body: HealthBody } | undefined;
  await waitUntil(async () => (last = await health()).body.status === status, `${what} (last: ${JSON.stringify(last?.body)})`, 60_000, 250);
  return last!;
}

beforeAll(async () => {
  world = await World.start();
  await linkedLiveProject(world, "hz_a");
  const studio = world.studio(["leecher"], {
    degradedLagSeconds: 3,
    degradedUnreachableSeconds: 3,
    config: { "shotgrid-leecher": { pollIntervalSeconds: 0.5, initialBackoffSeconds: 0.2, maxBackoffSeconds: 1 } },
  });
  run = world.launch(studio, "healthz", { AYON_SG_METRICS_PORT: "0" });
  await run.waitFor(/health at http:\/\/\S+\/healthz/, 30_000);
  opsUrl = /health at (http:\/\/\S+)\/healthz/.exec(run.output().stdout)![1]!;
}, 60_000);

afterAll(async () => {
  await run?.stop("SIGTERM");
  await world?.close();
});

describe("/healthz against the emulators' faults", () => {
  it("is ok once the leecher polls: AYON, ShotGrid and the leecher's lag reported", async () => {
    const { code, body } = await healthBecomes("ok", "a healthy start");
    expect(code).toBe(200);
    expect(body.checks.ayon!.status).toBe("ok");
    expect(body.checks.shotgrid).toMatchObject({ status: "ok", details: { reachable: true } });
    await waitUntil(async () => typeof (await health()).body.checks["shotgrid-leecher"]?.details?.lastPollAt === "string", "a first successful poll", 30_000, 250);
    expect((await health()).body.checks["shotgrid-leecher"]).toMatchObject({ status: "ok", details: { shotgrid: "up", ayon: "up" } });
  }, 90_000);

  it("is degraded while ShotGrid answers 503 (unreachable, the leecher behind), then ok again", async () => {
    const fault = world.sgEmu.faults.add({ match: { path: "^/api/v1" }, status: 503 });
    try {
      const { code, body } = await healthBecomes("degraded", "degraded during the ShotGrid outage");
      await waitUntil(async () => (await health()).body.checks.shotgrid?.status === "degraded", "ShotGrid unreachable past 3 s", 30_000, 250);
      // The leecher learns of the outage when its poll gives up (after the client's own retries).
      await waitUntil(async () => /^unreachable/.test(String((await health()).body.checks["shotgrid-leecher"]?.details?.shotgrid)), "the leecher to see ShotGrid down", 30_000, 250);
      const now = (await health()).body;
      console.log(`ShotGrid down: ${JSON.stringify({ shotgrid: now.checks.shotgrid, leecher: now.checks["shotgrid-leecher"] })}`);
      expect(code).toBe(200);
      expect(body.ayon).toBe("up");
      expect(now.checks.shotgrid).toMatchObject({ status: "degraded", details: { reachable: false } });
      expect(now.checks["shotgrid-leecher"]).toMatchObject({ status: "degraded", details: { shotgrid: expect.stringMatching(/^unreachable for \d+ s$/) } });
      expect((await health("?strict")).code).toBe(503);
    } finally {
      world.sgEmu.faults.remove(fault);
    }
    const { code, body } = await healthBecomes("ok", "ok after the outage");
    expect(code).toBe(200);
    expect(body.checks["shotgrid-leecher"]!.details).toMatchObject({ shotgrid: "up" });
  }, 120_000);

  it("is degraded while the leecher lags behind a slow event log though ShotGrid answers, then ok again", async () => {
    await healthBecomes("ok", "ok before the slow event log");
    const fault = world.sgEmu.faults.add({ match: { path: "^/api/v1/entity/event_log_entries/_search" }, delayMs: 8000 });
    try {
      await healthBecomes("degraded", "degraded while the event log is slow");
      const behind = (b: HealthBody) => ((b.checks["shotgrid-leecher"]?.details?.problems as string[] | undefined) ?? []).some((p) => p.includes("behind ShotGrid's event log"));
      let body!: HealthBody;
      await waitUntil(async () => behind((body = (await health()).body)), "the leecher reported behind the event log", 30_000, 250);
      console.log(`leecher lagging: ${JSON.stringify(body.checks["shotgrid-leecher"])}`);
      expect(body.status).toBe("degraded");
      expect(body.checks.shotgrid!.status).toBe("ok");
      expect(body.checks["shotgrid-leecher"]).toMatchObject({ status: "degraded", details: { shotgrid: "up" } });
      expect(body.checks["shotgrid-leecher"]!.details!.lagSeconds as number).toBeGreaterThanOrEqual(3);
    } finally {
      world.sgEmu.faults.remove(fault);
    }
    await healthBecomes("ok", "ok once the event log answers promptly");
  }, 120_000);
});
