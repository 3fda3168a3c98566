import { describe, expect, it } from "@jest/globals";
import type { JobReport } from "@ayon-sg/core";
import { describeSummary, type FullSyncSummary } from "@ayon-sg/shotgrid";
import { formatReport, reportProblems, syncWritesOf, type RunReport } from "./run-report.js";

const kinds = (created: number, updated: number, unchanged: number) => ({ created, updated, unchanged });

/** A full sync's job description, made by the sync's own describeSummary. */
function syncDescription(folders: ReturnType<typeof kinds>, tasks: ReturnType<typeof kinds>): string {
  return describeSummary({ project: "demo", shotgridProjectId: 7, folders, tasks, failed: 0, skipped: 0, orphaned: 0, unknownAssignees: [], unknownAttributes: [] } as unknown as FullSyncSummary);
}

function job(description: string, status: JobReport["status"] = "finished"): JobReport {
  return { jobId: "j", sourceId: "s", topic: "shotgrid.event", project: "demo", action: "sync-from-shotgrid", handlers: [], status, retryable: false, description, durationMs: 1200 };
}

function report(syncText: string, edits = { made: 3, applied: 3, failedJobs: 0, latencies: [900, 1100, 1500] }): RunReport {
  return {
    server: "real AYON 1.16.0 at http://ayon",
    project: "demo: 1 episodes",
    setupMs: 20_000,
    import: { job: job("Imported"), wallMs: 5000 },
    sync: { job: job(syncText), wallMs: 1500, shotgridWrites: 0 },
    edits,
  };
}

describe("run report", () => {
  it("reads what the full sync wrote from its description", () => {
    expect(syncWritesOf(syncDescription(kinds(0, 2, 13), kinds(1, 0, 17)))).toEqual({ foldersCreated: 0, foldersUpdated: 2, tasksCreated: 1, tasksUpdated: 0 });
    expect(syncWritesOf("something else")).toBeNull();
  });

  it("passes a sync that wrote nothing and edits that all arrived, and prints the figures", () => {
    const r = report(syncDescription(kinds(0, 0, 15), kinds(0, 0, 18)));
    expect(reportProblems(r)).toEqual([]);
    const text = formatReport(r);
    expect(text).toContain("AYON writes 0 (folders 0 created, 0 updated; tasks 0 created, 0 updated); ShotGrid writes 0");
    expect(text).toContain("3 made, 3 applied in AYON, 0 job(s) failed; latency min 0.90 s, median 1.10 s, max 1.50 s");
    expect(text).toContain("import      finished in 5.0 s (job 1.2 s)");
  });

  it("fails a full sync that wrote, edits that did not arrive, failed jobs, and an unreadable description", () => {
    expect(reportProblems(report(syncDescription(kinds(1, 0, 14), kinds(0, 3, 15)), { made: 4, applied: 2, failedJobs: 1, latencies: [1, 2] }))).toEqual([
      "the full sync after the import wrote 4 AYON entities (nothing had changed)",
      "2 of 4 live edits never changed AYON (waited up to a minute after the last)",
      "1 live job(s) failed",
    ]);
    expect(reportProblems(report("Synced, somehow"))[0]).toMatch(/does not say what it wrote/);
  });
});
