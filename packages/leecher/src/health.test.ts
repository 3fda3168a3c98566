// Backoff timing and the one-line-per-state-change logging.
import { describe, expect, it } from "@jest/globals";
import { CapturingLogger } from "@ayon-sg/testing";
import { Backoff, ServiceFailure, ServiceHealth } from "./health.js";

describe("Backoff", () => {
  it("doubles from the initial wait up to the cap, jittered into [50 %, 100 %]", () => {
    const top = new Backoff(1000, 8000, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6].map(() => top.next())).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    const bottom = new Backoff(1000, 8000, () => 0);
    expect([1, 2, 3, 4, 5].map(() => bottom.next())).toEqual([500, 1000, 2000, 4000, 4000]);
  });

  it("starts over after reset", () => {
    const backoff = new Backoff(100, 1000, () => 0.999999);
    backoff.next();
    backoff.next();
    expect(backoff.failures).toBe(2);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it("never overflows after very many failures", () => {
    const backoff = new Backoff(1000, 30_000, () => 0.999999);
    for (let i = 0; i < 5000; i++) backoff.next();
    expect(backoff.next()).toBe(30_000);
  });
});

describe("ServiceHealth", () => {
  it("logs one warning when the server goes down and one line when it is back", async () => {
    const logger = new CapturingLogger();
    let now = 0;
    const health = new ServiceHealth("ShotGrid", logger, () => now);
    for (let i = 0; i < 5; i++) health.failed(new Error("HTTP 503"));
    expect(health.isDown).toBe(true);
    now = 31_000;
    await health.call(async () => "ok");
    await health.call(async () => "ok");
    expect(logger.entries.map((e) => [e.level, e.message])).toEqual([
      ["warn", "ShotGrid unreachable or refusing requests (HTTP 503); retrying with backoff"],
      ["info", "ShotGrid reachable again after 31 s; resuming where the leecher left off"],
    ]);
  });

  it("wraps a failed call in a ServiceFailure naming the server, without marking it down by itself", async () => {
    const health = new ServiceHealth("AYON", new CapturingLogger());
    const cause = new Error("boom");
    const error = await health.call(() => Promise.reject(cause)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceFailure);
    expect(error).toMatchObject({ service: "AYON", cause, message: "AYON: boom" });
    expect(health.isDown).toBe(false);
  });
});
