import { describe, expect, it } from "@jest/globals";
import type { HostStats } from "../emulators/protocol.js";
import { isAyonWrite, isShotgridWrite, traffic } from "./traffic.js";

const stats = (byRoute: Record<string, number>, cpuMs = 10): HostStats => ({
  requests: Object.values(byRoute).reduce((a, b) => a + b, 0),
  bytesIn: 100,
  bytesOut: 1000,
  byRoute: Object.fromEntries(Object.entries(byRoute).map(([route, count]) => [route, { count, totalMs: count, maxBytesOut: count * 100 }])),
  cpuMs,
  peakRssBytes: 1,
});

describe("traffic figures", () => {
  it("counts AYON writes apart from the queue's own event bookkeeping", () => {
    expect(isAyonWrite("POST /api/projects/{projectName}/operations")).toBe(true);
    expect(isAyonWrite("PATCH /api/projects/{projectName}")).toBe(true);
    expect(isAyonWrite("POST /api/enroll")).toBe(false);
    expect(isAyonWrite("PATCH /api/events/{eventId}")).toBe(false);
    expect(isAyonWrite("POST /graphql")).toBe(false);
    expect(isAyonWrite("GET /api/projects/{projectName}")).toBe(false);
  });

  it("counts ShotGrid writes, not searches or token requests", () => {
    expect(isShotgridWrite("POST /api/v1/entity/_batch")).toBe(true);
    expect(isShotgridWrite("PUT /api/v1/entity/{type}/{id}")).toBe(true);
    expect(isShotgridWrite("POST /api/v1/entity/{type}/_search")).toBe(false);
    expect(isShotgridWrite("POST /api/v1/auth/access_token")).toBe(false);
  });

  it("adds both emulators up", () => {
    const t = traffic(
      stats({ "POST /api/enroll": 3, "PATCH /api/events/{eventId}": 2, "POST /api/projects/{projectName}/operations": 4, "POST /graphql": 1 }, 30),
      stats({ "POST /api/v1/entity/_batch": 5, "POST /api/v1/entity/{type}/_search": 6 }, 20),
    );
    expect(t.requests).toEqual({ ayon: 10, shotgrid: 11, total: 21 });
    expect(t.writes).toEqual({ ayon: 4, shotgrid: 5, total: 9 });
    expect(t.ayonBookkeeping).toBe(5);
    expect(t.bytes).toEqual({ in: 200, out: 2000 });
    expect(t.emulatorCpuMs).toEqual({ ayon: 30, shotgrid: 20 });
    // The largest single answer of each emulator (here: 100 bytes per request counted on the route).
    expect(t.largestReply).toEqual({
      ayon: { route: "POST /api/projects/{projectName}/operations", bytes: 400 },
      shotgrid: { route: "POST /api/v1/entity/{type}/_search", bytes: 600 },
    });
    expect(Object.keys(t.routes.shotgrid)).toEqual(["POST /api/v1/entity/{type}/_search", "POST /api/v1/entity/_batch"]);
  });
});
