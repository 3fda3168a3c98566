import { describe, expect, it } from "@jest/globals";
import { Metrics } from "@ayon-sg/core";
import { LAG_METRIC, LagGauge } from "./lag-gauge.js";

describe("LagGauge", () => {
  it("is 0 when caught up and grows while polls do not reach the newest entry", async () => {
    let now = 10_000;
    const metrics = new Metrics();
    const lag = new LagGauge(metrics, "https://site.example", () => now);
    const value = () => metrics.gauge(LAG_METRIC, "").get({ site: "https://site.example" });
    const now0 = now;
    expect(await value()).toBe(0);
    now += 2500; // a backlog poll, then a failed one
    lag.update();
    expect(await value()).toBe(2.5);
    now += 1500;
    expect(lag.seconds()).toBe((now - now0) / 1000); // live, before the gauge is updated
    lag.update();
    expect(await value()).toBe(4);
    lag.caughtUp();
    lag.update();
    expect(await value()).toBe(0);
    expect(await metrics.render()).toContain(`${LAG_METRIC}{site="https://site.example"} 0`);
  });
});
