/**
 * Waits for the job that processed a given source event, from the runtime's own announcements (no polling of
 * AYON). A retryable failure is not the end: AYON offers the event again, so the wait goes on for the next try.
 */
import type { JobReport, Runtime } from "@ayon-sg/core";

export class JobWatch {
  private readonly reports = new Map<string, JobReport>();
  private readonly waiting = new Map<string, (report: JobReport) => void>();
  private readonly detach: () => void;

  constructor(events: Runtime["events"], onRetry?: (report: JobReport) => void) {
    const listener = (report: JobReport) => {
      if (report.status === "released") return;
      if (report.status === "failed" && report.retryable) {
        onRetry?.(report);
        return;
      }
      this.reports.set(report.sourceId, report);
      this.waiting.get(report.sourceId)?.(report);
      this.waiting.delete(report.sourceId);
    };
    events.on("job:done", listener);
    this.detach = () => events.off("job:done", listener);
  }

  /** The final report of the job for `sourceId` (finished, skipped, or failed for good). */
  wait(sourceId: string, timeoutMs: number, what: string): Promise<JobReport> {
    const done = this.reports.get(sourceId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(sourceId);
        reject(new Error(`${what} did not finish within ${Math.round(timeoutMs / 1000)} s (source event ${sourceId})`));
      }, timeoutMs);
      this.waiting.set(sourceId, (report) => {
        clearTimeout(timer);
        resolve(report);
      });
    });
  }

  close(): void {
    this.detach();
  }
}
