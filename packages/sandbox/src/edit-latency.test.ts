import { describe, expect, it } from "@jest/globals";
import type { JobReport } from "@ayon-sg/core";
import { describeLatencies, EditLatency } from "./edit-latency.js";

function job(status: JobReport["status"], logId: number | null, retryable = false): JobReport {
  const description = logId === null ? "Full sync requested" : `EventLogEntry ${logId} (Shotgun_Shot_Change.code): Shot 7 updated in AYON (label, name)`;
  return { jobId: "j", sourceId: "s", topic: "shotgrid.event", project: "p", action: "shotgrid-event", handlers: [], status, retryable, description, durationMs: 1 };
}

describe("EditLatency", () => {
  it("times each edit to the first job that changed AYON for one of its event log entries, even after later edits", () => {
    let now = 1000;
    const latency = new EditLatency(() => now);
    latency.edited(10, 12); // e.g. a retirement: several entries, slow to reconcile
    now = 2000;
    latency.edited(13, 13);
    expect(latency.waiting).toBe(true);
    now = 2300;
    latency.onJob(job("skipped", 11)); // a back-reference: changes nothing
    latency.onJob(job("finished", null)); // not an edit's job
    now = 2500;
    latency.onJob(job("finished", 13)); // the second edit arrives first
    now = 4000;
    latency.onJob(job("finished", 12));
    now = 4100;
    latency.onJob(job("finished", 10)); // the same edit's other entry: not counted again
    expect(latency.waiting).toBe(false);
    now = 5000;
    latency.edited(14, 15); // nothing ever reaches AYON for this one
    latency.onJob(job("failed", 14, true)); // retried: not a failure
    latency.onJob(job("failed", 15));
    expect(latency.waiting).toBe(true);
    expect(latency.summary()).toEqual({ made: 3, applied: 2, failedJobs: 1, latencies: [500, 3000] });
  });

  it("describes the spread", () => {
    expect(describeLatencies([])).toBe("none");
    expect(describeLatencies([800, 1000, 2500])).toBe("min 0.80 s, median 1.00 s, max 2.50 s");
  });
});
