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

  /** The final report of the job for `sourceId` (finished, skipped, or failed for good); rejects on timeout or abort. */
  wait(sourceId: string, timeoutMs: number, what: string, signal?: AbortSignal): Promise<JobReport> {
    const done = this.reports.get(sourceId);
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        this.waiting.delete(sourceId);
        settle();
      };
      const onAbort = () => finish(() => reject(new Error(`stopped while waiting for ${what}`)));
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${what} did not finish within ${Math.round(timeoutMs / 1000)} s (source event ${sourceId})`))),
        timeoutMs,
      );
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.set(sourceId, (report) => finish(() => resolve(report)));
    });
  }

  close(): void {
    this.detach();
  }
}
