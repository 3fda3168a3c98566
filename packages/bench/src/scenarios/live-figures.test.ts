import { describe, expect, it } from "@jest/globals";
import { liveFigures, percentile } from "./live-figures.js";

describe("live throughput and latency figures", () => {
  it("percentile picks the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([], 50)).toBe(0);
  });

  it("measures latency per edit and the rate over the 10th–90th percentile window", () => {
    // 101 edits written every 10 ms; each applied 500 ms later, except the last ten which took 2 s.
    const written: Record<string, number> = {};
    const changed: Record<string, number> = {};
    for (let i = 0; i <= 100; i++) {
      written[String(i)] = 1_000 + i * 10;
      changed[String(i)] = written[String(i)]! + (i > 90 ? 2_000 : 500);
    }
    const figures = liveFigures(written, changed, 100);
    expect(figures.edits).toBe(101);
    expect(figures.applied).toBe(101);
    expect(figures.latencyMs).toEqual({ p50: 500, p90: 500, p99: 2_000, max: 2_000 });
    expect(figures.eventsPerSecond).toBeCloseTo(100, 0);
  });

  it("leaves edits never applied out of the latencies but in the edit count", () => {
    const figures = liveFigures({ a: 0, b: 10, c: 20 }, { a: 100, c: 400 }, 100);
    expect(figures).toMatchObject({ edits: 3, applied: 2, latencyMs: { p50: 100, max: 380 } });
  });
});
