import { describe, expect, it } from "@jest/globals";
import type { JobReport } from "@ayon-sg/core";
import { LiveJobs } from "./live-jobs.js";

function report(status: JobReport["status"], description: string, action = "shotgrid-event"): JobReport {
  return { jobId: "j", sourceId: "s", topic: "shotgrid.event", project: "p", action, handlers: [], status, retryable: false, description, durationMs: 1 };
}

describe("LiveJobs", () => {
  it("shows jobs that changed AYON or failed, counts the ones that changed nothing", () => {
    const lines: string[] = [];
    const jobs = new LiveJobs((line) => lines.push(line));
    jobs.onJob(report("finished", "EventLogEntry 5 (Shotgun_Shot_New): Shot 3 created in AYON"));
    jobs.onJob(report("skipped", "Skipped: nothing the sync uses changed (Sequence.shots)"));
    jobs.onJob(report("failed", "UpdateFromShotgridHandler failed: ShotGrid unreachable"));
    jobs.onJob(report("finished", "Synced p: folders 1 created", "sync-from-shotgrid"));
    jobs.onJob(report("released", "Released at runtime shutdown"));
    jobs.onJob(report("skipped", "Skipped: no handler for topic 'shotgrid.event' and action 'shotgrid-event'"));
    expect(lines).toEqual([
      "  AYON ← finished: EventLogEntry 5 (Shotgun_Shot_New): Shot 3 created in AYON",
      "  AYON ← failed: UpdateFromShotgridHandler failed: ShotGrid unreachable",
      "  AYON ← sync-from-shotgrid finished: Synced p: folders 1 created",
      "  AYON ← not handled: Skipped: no handler for topic 'shotgrid.event' and action 'shotgrid-event'",
    ]);
    expect(jobs.summary()).toBe("2 job(s) finished, 2 needed no change in AYON, 1 failed");
  });
});
