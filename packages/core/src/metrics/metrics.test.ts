import { afterEach, describe, expect, it } from "@jest/globals";
import { EventEmitter } from "eventemitter3";
import type { JobReport, RuntimeEvents } from "../runtime/runtime-events.js";
import type { HealthReport } from "../health/health.js";
import { startOpsServer, type OpsServer } from "./ops-server.js";
import { Metrics } from "./registry.js";
import { instrumentRuntime } from "./runtime-metrics.js";

describe("Metrics", () => {
  it("renders counters, gauges and histograms in the Prometheus text format", async () => {
    const metrics = new Metrics();
    metrics.counter("jobs_total", "Jobs.", ["handler", "status"]).inc({ handler: "a/B", status: "finished" });
    metrics.counter("jobs_total", "Jobs.").inc({ status: "finished", handler: "a/B" }, 2);
    metrics.gauge("lag_seconds", "Lag.").set(1.5);
    const histogram = metrics.histogram("duration_seconds", "Duration.", [0.1, 1]);
    histogram.observe(0.05);
    histogram.observe(0.5);
    const text = await metrics.render();
    expect(text).toContain("# TYPE jobs_total counter\njobs_total{handler=\"a/B\",status=\"finished\"} 3");
    expect(await metrics.counter("jobs_total", "").get({ status: "finished", handler: "a/B" })).toBe(3);
    expect(await histogram.count()).toBe(2);
    expect(text).toContain("lag_seconds 1.5");
    expect(text).toContain('duration_seconds_bucket{le="0.1"} 1\nduration_seconds_bucket{le="1"} 2\nduration_seconds_bucket{le="+Inf"} 2');
    expect(text).toContain("duration_seconds_count 2");
  });

  it("escapes label values and refuses invalid names, undeclared labels or a type clash", async () => {
    const metrics = new Metrics();
    metrics.counter("x_total", "X.", ["route"]).inc({ route: 'a"b\\c' });
    expect(() => metrics.counter("x_total", "X.").inc({ other: "1" })).toThrow(/not included in initial labelset/);
    expect(await metrics.render()).toContain('x_total{route="a\\"b\\\\c"} 1');
    expect(() => metrics.counter("bad-name", "B.")).toThrow(/not a valid Prometheus name/);
    expect(() => metrics.gauge("x_total", "X.")).toThrow(/already exists as a counter/);
  });
});

describe("the runtime's figures", () => {
  it("counts jobs per handler and outcome, and those that went in a batch", async () => {
    const metrics = new Metrics();
    const events = new EventEmitter<RuntimeEvents>();
    instrumentRuntime(metrics, events);
    const report = (batch: number, status: JobReport["status"]): JobReport => ({
      jobId: "j", sourceId: "s", topic: "t.x", project: "p", action: null, handlers: ["p/H"], status, retryable: false, description: "", durationMs: 20, batch,
    });
    events.emit("job:done", report(1, "finished"));
    events.emit("job:done", report(3, "finished"));
    events.emit("job:done", report(3, "failed"));
    const text = await metrics.render();
    expect(text).toContain('ayonsg_jobs_total{handler="p/H",status="finished"} 2');
    expect(text).toContain('ayonsg_jobs_total{handler="p/H",status="failed"} 1');
    expect(text).toContain('ayonsg_jobs_batched_total{handler="p/H"} 2');
  });
});

describe("ops server", () => {
  let server: OpsServer | undefined;
  afterEach(async () => server?.close());

  it("serves /metrics with the process figures, and /healthz: 200 ok or degraded (503 with ?strict), 503 unavailable", async () => {
    const metrics = new Metrics();
    metrics.collectProcessMetrics();
    metrics.counter("ayonsg_jobs_total", "Jobs.", ["status"]).inc({ status: "finished" });
    let status: HealthReport["status"] = "ok";
    server = await startOpsServer({ port: 0, host: "127.0.0.1", metrics, health: () => ({ status, details: { ayon: status === "unavailable" ? "down" : "up" } }) });
    const scraped = await fetch(`${server.url}/metrics`);
    expect(scraped.headers.get("content-type")).toMatch(/text\/plain; version=0\.0\.4/);
    const text = await scraped.text();
    expect(text).toContain('ayonsg_jobs_total{status="finished"} 1');
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: "ok", ayon: "up" });
    status = "degraded";
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/healthz?strict`)).status).toBe(503);
    status = "unavailable";
    const down = await fetch(`${server.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ status: "unavailable", ayon: "down" });
    expect((await fetch(`${server.url}/other`)).status).toBe(404);
  });
});
