import { describe, expect, it } from "@jest/globals";
import type { JobTimeline } from "../emulators/job-timeline.js";
import { ceiling, type CeilingInputs } from "./ceiling.js";

const timeline: JobTimeline = {
  jobs: 6000, projects: 25, batches: 1000, meanRunMs: 400, meanCycleMs: 500,
  waitMs: { mean: 900, p50: 800, p99: 2500 }, jobsByInstance: { "bench-live-a": 3000, "bench-live-b": 2000, "bench-live-c": 1000 },
};

const inputs = (over: Partial<CeilingInputs>): CeilingInputs => ({
  editRate: 500, eventsPerSecond: 250, jobsPerEdit: 1.2, latencyMs: { p50: 2000, p99: 4000 }, timeline, lanes: 25, cores: 2, ownCores: 1.0, otherCores: 0.1, ...over,
});

describe("what limits a live run", () => {
  it("names the CPU when the bench's processes fill the cores, or other processes fill what they leave", () => {
    expect(ceiling(inputs({ ownCores: 1.9, otherCores: 0 })).limit).toBe("CPU: the cores were full (the runtimes and emulators kept 1.90 of 2 busy)");
    expect(ceiling(inputs({ ownCores: 0.6, otherCores: 1.3 })).limit).toMatch(/^CPU: .*kept 0\.60 of 2 busy and other processes 1\.30\)/);
  });

  it("names the per-project chain when its bound is what was reached", () => {
    // 25 lanes × 6 jobs per batch every 500 ms = 300 jobs/s = 250 edits/s at 1.2 jobs per edit.
    const c = ceiling(inputs({}));
    expect(c.chainBoundPerSecond).toBeCloseTo(250);
    expect(c.limit).toMatch(/^the per-project chain: .*a batch every 500 ms \(400 ms from claim to outcome\) at 6\.0 jobs/);
  });

  it("names the edit rate when every edit is applied as it comes", () => {
    expect(ceiling(inputs({ editRate: 220, eventsPerSecond: 219 })).limit).toMatch(/^the edit rate/);
  });

  it("splits the median latency into before the queue, queue wait and claim → outcome, and shares the jobs by process", () => {
    const c = ceiling(inputs({}));
    expect(c.latencyParts).toEqual({ beforeQueueMs: 800, queueWaitMs: 800, runMs: 400 });
    expect(c.notes[0]).toMatch(/^latency p50 2000 ms = 800 ms before the queue \+ 800 ms queue wait \(p99 2500 ms\) \+ 400 ms claim → outcome/);
    expect(c.notes[2]).toBe("jobs by runtime process: bench-live-a 50%, bench-live-b 33%, bench-live-c 17%");
  });
});
