import { describe, expect, it } from "@jest/globals";
import { DEFAULT_HEALTH_THRESHOLDS } from "@ayon-sg/core";
import { leecherHealth, type LeecherState } from "./leecher-health.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const running: LeecherState = { startedAt: NOW - 600_000, lagSeconds: 1, lastPollOkAt: NOW - 1000, shotgridDownMs: null, ayonDownMs: null, position: { lowWater: 42, scanned: 42, holes: 0 } };

describe("leecher health", () => {
  it("is ok while caught up and polling", () => {
    expect(leecherHealth(running, DEFAULT_HEALTH_THRESHOLDS, NOW)).toEqual({
      status: "ok",
      details: { lagSeconds: 1, lastPollAt: "2026-01-01T11:59:59.000Z", shotgrid: "up", ayon: "up", cursor: 42 },
    });
  });

  it("is degraded past the lag threshold, or with ShotGrid unreachable past the unreachable threshold", () => {
    const lagging = leecherHealth({ ...running, lagSeconds: 121 }, DEFAULT_HEALTH_THRESHOLDS, NOW);
    expect(lagging.status).toBe("degraded");
    expect(lagging.details?.problems).toEqual(["121 s behind ShotGrid's event log (threshold 120 s)"]);
    expect(leecherHealth({ ...running, lagSeconds: 119 }, DEFAULT_HEALTH_THRESHOLDS, NOW).status).toBe("ok");
    const down = leecherHealth({ ...running, lagSeconds: 70, lastPollOkAt: NOW - 70_000, shotgridDownMs: 65_000 }, DEFAULT_HEALTH_THRESHOLDS, NOW);
    expect(down).toMatchObject({ status: "degraded", details: { shotgrid: "unreachable for 65 s", problems: ["ShotGrid unreachable for 65 s", "no poll completed for 70 s"] } });
  });

  it("is degraded when no poll has completed long after starting", () => {
    const stuck = leecherHealth({ ...running, startedAt: NOW - 90_000, lastPollOkAt: null, lagSeconds: 0, position: null }, DEFAULT_HEALTH_THRESHOLDS, NOW);
    expect(stuck).toMatchObject({ status: "degraded", details: { lastPollAt: null, problems: ["no poll completed in 90 s since start"] } });
  });
});
