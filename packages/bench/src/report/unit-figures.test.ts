import { describe, expect, it } from "@jest/globals";
import type { Traffic } from "./types.js";
import { ayonRequestKind, formatUnitFigures, unitFigures } from "./unit-figures.js";

function trafficOf(ayon: Record<string, number>, shotgrid = 0): Traffic {
  const total = Object.values(ayon).reduce((a, b) => a + b, 0);
  return {
    requests: { shotgrid, ayon: total, total: total + shotgrid },
    bytes: { in: 0, out: 0 },
    writes: { ayon: 0, shotgrid: 0, total: 0 },
    ayonBookkeeping: 0,
    emulatorCpuMs: { ayon: 0, shotgrid: 0 },
    routes: { ayon, shotgrid: {} },
    largestReply: { ayon: { route: null, bytes: 0 }, shotgrid: { route: null, bytes: 0 } },
  };
}

describe("per-unit figures", () => {
  it("tells the queue's requests from the handlers' reads and writes", () => {
    expect(ayonRequestKind("POST /api/events")).toBe("dispatch");
    expect(ayonRequestKind("POST /api/enroll")).toBe("enroll");
    expect(ayonRequestKind("PATCH /api/events/{eventId}")).toBe("eventUpdate");
    expect(ayonRequestKind("GET /api/events/{eventId}")).toBe("eventRead");
    expect(ayonRequestKind("POST /graphql")).toBe("graphql");
    expect(ayonRequestKind("POST /api/projects/{projectName}/operations")).toBe("write");
    expect(ayonRequestKind("GET /api/projects/{projectName}")).toBe("otherRead");
  });

  it("divides CPU and requests by the units, and the queue's four kinds by the jobs", () => {
    const traffic = trafficOf({
      "POST /api/events": 120, "POST /api/enroll": 130, "PATCH /api/events/{eventId}": 120, "GET /api/events/{eventId}": 10,
      "POST /graphql": 90, "POST /api/projects/{projectName}/operations": 100, "GET /api/projects": 30,
    }, 35);
    const f = unitFigures({ traffic, runtimeCpuMs: 450 }, "edit", 100, 120);
    expect(f.runtimeCpuMsPerUnit).toBe(4.5);
    expect(f.ayonRequestsPerUnit).toBe(6);
    expect(f.shotgridRequestsPerUnit).toBe(0.35);
    expect(f.bookkeepingPerJob).toBeCloseTo(380 / 120);
    expect(f.ayonPerUnit).toEqual({ dispatch: 1.2, enroll: 1.3, eventUpdate: 1.2, eventRead: 0.1, graphql: 0.9, write: 1, otherRead: 0.3 });
    expect(formatUnitFigures(f)).toBe(
      "runtime CPU 4.50 ms per edit; AYON 6.00 requests per edit (dispatch 1.20, enroll 1.30, job updates 1.20, event reads 0.10, " +
        "GraphQL 0.90, other reads 0.30, writes 1.00); queue bookkeeping 3.17 requests per job over 120 job(s); ShotGrid 0.35 requests per edit",
    );
  });

  it("keeps two significant digits of the small figures per entity of a large import", () => {
    const f = unitFigures({ traffic: trafficOf({ "POST /graphql": 35, "POST /api/projects/{projectName}/operations": 73 }), runtimeCpuMs: 4810 }, "entity", 72_116, 1);
    expect(formatUnitFigures(f)).toMatch(/^runtime CPU 0\.07 ms per entity; AYON 0\.0015 requests per entity \(dispatch 0\.00, .*GraphQL 0\.00049, .*writes 0\.0010\)/);
  });

  it("says n/a where the CPU was not read or no job ran", () => {
    const f = unitFigures({ traffic: trafficOf({ "POST /graphql": 5 }), runtimeCpuMs: null }, "entity", 10, 0);
    expect(f.runtimeCpuMsPerUnit).toBeNull();
    expect(f.bookkeepingPerJob).toBeNull();
    expect(formatUnitFigures(f)).toMatch(/^runtime CPU n\/a per entity; .*queue bookkeeping n\/a requests per job/);
  });
});
