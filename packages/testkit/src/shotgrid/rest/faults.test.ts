import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import { startTestSite, type TestSite } from "./sg-http.test-helpers.js";

let site: TestSite;

beforeAll(async () => {
  site = await startTestSite();
  await site.call("GET", "/api/v1/entity/projects"); // caches the token before any fault rule exists
});
afterAll(() => site.close());
afterEach(() => site.emu.faults.clear());

describe("error envelope", () => {
  it("every error is {errors:[{id,status,code,title,detail,source,meta}]} with a per-request hex id", async () => {
    const a = await site.call("GET", "/api/v1/entity/shots/424242");
    const b = await site.call("GET", "/api/v1/entity/shots/424242");
    const err = a.body.errors[0];
    expect(Object.keys(err).sort()).toEqual(["code", "detail", "id", "meta", "source", "status", "title"]);
    expect(err.id).toMatch(/^[0-9a-f]{32}$/);
    expect(err.id).not.toBe(b.body.errors[0].id);
    expect(err.status).toBe(404);
  });

  it("an unknown route is 404 code 103", async () => {
    const r = await site.call("GET", "/api/v1/nowhere");
    expect(r.status).toBe(404);
    expect(r.body.errors[0].code).toBe(103);
  });

  it("malformed JSON is 400", async () => {
    const r = await site.call("POST", "/api/v1/entity/shots", { body: "{not json", contentType: "application/json" });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].title).toBe("Invalid JSON body");
  });

  it("every response carries an x-request-id", async () => {
    const r = await site.call("GET", "/api/v1", { token: null });
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("fault injection", () => {
  it("answers 429 with Retry-After and the error envelope, then recovers", async () => {
    site.emu.faults.add({ match: { method: "GET", path: "^/api/v1/entity/shots$" }, status: 429, headers: { "retry-after": "1" }, times: 1 });
    const limited = await site.call("GET", "/api/v1/entity/shots");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(limited.body.errors[0]).toMatchObject({ status: 429, title: "Too Many Requests" });
    expect((await site.call("GET", "/api/v1/entity/shots")).status).toBe(200);
  });

  it("injects 5xx answers", async () => {
    site.emu.faults.add({ match: { path: "_search" }, status: 503, times: 1 });
    const r = await site.search("shots", { filters: { logical_operator: "and", conditions: [] } });
    expect(r.status).toBe(503);
    expect(r.body.errors[0].status).toBe(503);
  });

  it("drops the connection", async () => {
    site.emu.faults.add({ match: { path: "/entity/assets" }, drop: true, times: 1 });
    await expect(site.call("GET", "/api/v1/entity/assets")).rejects.toThrow();
    expect((await site.call("GET", "/api/v1/entity/assets")).status).toBe(200);
  });

  it("delays a matching request, and the HTTP control surface drives the same injector", async () => {
    const res = await fetch(`${site.url}/_emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ match: { path: "/entity/steps" }, delayMs: 120, times: 1 }),
    });
    expect(res.status).toBe(201);
    const started = performance.now();
    expect((await site.call("GET", "/api/v1/entity/steps")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });
});

describe("latency and stats", () => {
  it("latencyMs slows every request", async () => {
    const slow = await startTestSite({ latencyMs: 80 });
    try {
      const started = performance.now();
      await slow.call("GET", "/api/v1", { token: null });
      expect(performance.now() - started).toBeGreaterThanOrEqual(70);
    } finally {
      await slow.close();
    }
  });

  it("counts requests per route template", async () => {
    site.emu.resetStats();
    await site.call("GET", "/api/v1/entity/shots/1");
    await site.call("GET", "/api/v1/entity/assets/2");
    await site.search("shots", { filters: { logical_operator: "and", conditions: [] } });
    const stats = site.emu.stats();
    expect(stats.requests).toBe(3);
    expect(stats.byRoute["GET /api/v1/entity/{type}/{id}"]?.count).toBe(2);
    expect(stats.byRoute["POST /api/v1/entity/{type}/_search"]?.count).toBe(1);
    expect(stats.bytesOut).toBeGreaterThan(0);
  });
});
