import { JobFailures, type FinalFailure } from "./job-failures.js";
import type { JobReport } from "./runtime-events.js";

const base: JobReport = {
  jobId: "j1", sourceId: "s1", topic: "shotgrid.event", project: "p", action: "shotgrid-event", handlers: ["x/Y"],
  status: "failed", retryable: false, description: "Y failed: key abcdef123456 refused", durationMs: 3,
};

describe("JobFailures", () => {
  it("passes only final failures, redacted, to every listener", () => {
    const failures = new JobFailures(null, (text) => text.replace("abcdef123456", "[redacted]"), () => new Date("2026-01-01T10:00:00Z"));
    const seen: FinalFailure[] = [];
    failures.on((f) => seen.push(f));
    failures.observe({ ...base, retryable: true });
    failures.observe({ ...base, status: "released", retryable: true });
    failures.observe({ ...base, status: "finished" });
    failures.observe(base);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ jobId: "j1", description: "Y failed: key [redacted] refused", failedAt: "2026-01-01T10:00:00.000Z" });
  });

  it("passes a retryable failure once its job's retries are past maxRetries (read from the job)", async () => {
    const retries = new Map([["spent", 3], ["left", 2]]);
    const reader = { getEvent: async (id: string) => ({ retries: retries.get(id)! }) };
    const failures = new JobFailures({ reader, maxRetries: 2 });
    const seen: string[] = [];
    failures.on((f) => seen.push(f.jobId));
    failures.observe({ ...base, jobId: "left", retryable: true });
    failures.observe({ ...base, jobId: "spent", retryable: true });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(["spent"]);
  });

  it("ignores a throwing listener and stops calling an unsubscribed one", () => {
    const failures = new JobFailures();
    let calls = 0;
    failures.on(() => { throw new Error("boom"); });
    const off = failures.on(() => (calls += 1));
    failures.observe(base);
    off();
    failures.observe(base);
    expect(calls).toBe(1);
  });
});
