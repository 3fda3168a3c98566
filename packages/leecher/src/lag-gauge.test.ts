import { describe, expect, it } from "@jest/globals";
import { Metrics } from "@ayon-sg/core";
import { LAG_METRIC, LagGauge } from "./lag-gauge.js";

describe("LagGauge", () => {
  it("is 0 when caught up and grows while polls do not reach the newest entry", () => {
    let now = 10_000;
    const metrics = new Metrics();
    const lag = new LagGauge(metrics, "https://site.example", () => now);
    const value = () => metrics.gauge(LAG_METRIC, "").get({ site: "https://site.example" });
    expect(value()).toBe(0);
    now += 2500; // a backlog poll, then a failed one
    lag.update();
    expect(value()).toBe(2.5);
    now += 1500;
    lag.update();
    expect(value()).toBe(4);
    lag.caughtUp();
    lag.update();
    expect(value()).toBe(0);
    expect(metrics.render()).toContain(`${LAG_METRIC}{site="https://site.example"} 0`);
  });
});
