import { describe, expect, it } from "@jest/globals";
import { DEFAULT_HEALTH_THRESHOLDS } from "./health.js";
import { Reachability, RemoteHealth } from "./reachability.js";
import { runtimeHealth } from "./runtime-health.js";

describe("Reachability", () => {
  it("is unreachable from the first unanswered request on, degraded past the threshold, ok again on an answer", () => {
    let now = 1_000_000;
    const shotgrid = new Reachability(() => now);
    shotgrid.record(200);
    shotgrid.record(429); // throttled: the server is there
    expect(shotgrid.part(DEFAULT_HEALTH_THRESHOLDS).status).toBe("ok");
    shotgrid.record(503);
    now += 30_000;
    shotgrid.record(0);
    expect(shotgrid.part(DEFAULT_HEALTH_THRESHOLDS)).toMatchObject({ status: "ok", details: { reachable: false, unreachableSeconds: 30 } });
    now += 31_000;
    expect(shotgrid.part(DEFAULT_HEALTH_THRESHOLDS)).toMatchObject({ status: "degraded", details: { reachable: false, unreachableSeconds: 61 } });
    shotgrid.record(200);
    expect(shotgrid.part(DEFAULT_HEALTH_THRESHOLDS)).toMatchObject({ status: "ok", details: { reachable: true } });
  });
});

describe("runtimeHealth", () => {
  const remotes = new RemoteHealth();
  remotes.of("ayon").record(200);
  remotes.of("shotgrid").record(200);
  const leecher = { name: "shotgrid-leecher", health: () => ({ status: "degraded" as const, details: { lagSeconds: 300 } }) };
  const broken = { name: "broken", health: (): never => { throw new Error("no state yet"); } };

  it("combines AYON, the remotes and the contributed parts: degraded when one is", () => {
    const report = runtimeHealth({ ayonUp: true, remotes, contributors: [leecher], thresholds: DEFAULT_HEALTH_THRESHOLDS, details: { instance: "i" } });
    expect(report.status).toBe("degraded");
    expect(report.details).toMatchObject({
      instance: "i",
      ayon: "up",
      thresholds: { degradedLagSeconds: 120, degradedUnreachableSeconds: 60 },
      checks: { ayon: { status: "ok" }, shotgrid: { status: "ok" }, "shotgrid-leecher": { status: "degraded", details: { lagSeconds: 300 } } },
    });
  });

  it("is unavailable while AYON is out, and reports a part that throws instead of failing", () => {
    const report = runtimeHealth({ ayonUp: false, remotes, contributors: [broken], thresholds: DEFAULT_HEALTH_THRESHOLDS, details: {} });
    expect(report.status).toBe("unavailable");
    expect(report.details).toMatchObject({ ayon: "down", checks: { ayon: { status: "down" }, broken: { status: "degraded", details: { error: "no state yet" } } } });
  });
});
