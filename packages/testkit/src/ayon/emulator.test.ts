import { describe, it, expect, beforeAll, afterAll, beforeEach } from "@jest/globals";
import { deployProject, startTestAyon, type TestAyon } from "./emulator.test-helpers.js";

describe("AYON emulator: faults, latency, stats", () => {
  let t: TestAyon;
  beforeAll(async () => {
    t = await startTestAyon();
    await deployProject(t.service, "fx");
  });
  afterAll(() => t.emu.close());
  beforeEach(() => {
    t.emu.faults.clear();
    t.emu.resetStats();
  });

  it("injects a status with AYON's {code, detail} body and custom headers, a given number of times", async () => {
    t.emu.faults.add({ match: { method: "POST", path: /^\/api\/enroll$/ }, status: 503, times: 1 });
    t.emu.faults.add({ match: { path: "^/api/projects/fx$" }, status: 429, headers: { "Retry-After": "1" }, times: 1 });
    const enroll = await t.service.post("/api/enroll", { sourceTopic: "a.b.c", targetTopic: "d.e.f" });
    expect(enroll.status).toBe(503);
    expect(enroll.body).toEqual({ code: 503, detail: "Emulated fault (HTTP 503)" });
    expect(enroll.headers.get("x-request-id")).toBeTruthy();
    const limited = await t.service.get("/api/projects/fx");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await t.service.get("/api/projects/fx")).status).toBe(200);
  });

  it("drops connections and delays requests", async () => {
    t.emu.faults.add({ match: { path: "^/graphql" }, drop: true, times: 1 });
    await expect(fetch(`${t.emu.url}/graphql`, { method: "POST", body: "{}" })).rejects.toThrow();
    t.emu.faults.add({ match: { path: "^/api/info" }, delayMs: 80, times: 1 });
    const t0 = performance.now();
    expect((await t.anonymous.get("/api/info")).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(70);
  });

  it("is driven over HTTP through /_emulator/faults and /_emulator/stats", async () => {
    const add = await t.anonymous.post("/_emulator/faults", { match: { method: "GET", path: "^/api/users/me$" }, status: 502 });
    expect(add.status).toBe(201);
    expect((await t.service.get("/api/users/me")).status).toBe(502);
    expect((await t.anonymous.delete("/_emulator/faults")).status).toBe(204);
    expect((await t.service.get("/api/users/me")).status).toBe(200);
    const stats = await t.anonymous.get("/_emulator/stats");
    expect(stats.body.requests).toBeGreaterThanOrEqual(2);
  });

  it("counts requests per route template, with bytes", async () => {
    await t.service.get("/api/projects/fx");
    await t.service.get("/api/projects/FX");
    await t.service.post("/api/events", { topic: "count.me" });
    const stats = t.emu.stats();
    expect(stats.byRoute["GET /api/projects/{projectName}"]?.count).toBe(2);
    expect(stats.byRoute["POST /api/events"]?.count).toBe(1);
    expect(stats.requests).toBe(3);
    expect(stats.bytesIn).toBeGreaterThan(0);
    expect(stats.bytesOut).toBeGreaterThan(0);
    t.emu.resetStats();
    expect(t.emu.stats().requests).toBe(0);
  });

  it("adds latencyMs to every request", async () => {
    const slow = await startTestAyon({ latencyMs: 60 });
    try {
      const t0 = performance.now();
      await slow.anonymous.get("/api/info");
      expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    } finally {
      await slow.emu.close();
    }
  });

  it("closes promptly even with keep-alive connections open", async () => {
    const other = await startTestAyon();
    await other.service.get("/api/users/me");
    const t0 = performance.now();
    await other.emu.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    await expect(fetch(`${other.emu.url}/api/info`)).rejects.toThrow();
  });
});
