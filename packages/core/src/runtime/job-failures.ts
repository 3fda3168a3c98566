import type { JobReport } from "./runtime-events.js";

/** A job that failed for good, as plugins observe it: its description already cleared of known secrets. */
export type FinalFailure = Readonly<JobReport> & { readonly failedAt: string };

export type FinalFailureListener = (failure: FinalFailure) => void;

/**
 * The "a job failed for good" hook: plugins (a notifier) inject this and subscribe; the runtime feeds it every
 * `job:done`. Only a final failure passes: a failed job AYON will not offer again (not retryable). A retryable
 * failure (AYON offers it again while retries remain) and an outage hand-back (`released`) never do.
 * Core knows nothing of what the listeners do with it; a listener that throws is ignored.
 */
export class JobFailures {
  private readonly listeners = new Set<FinalFailureListener>();

  constructor(
    /** Clears known secret values from a sentence (the runtime's log redactor); identity when none is given. */
    private readonly redactText: (text: string) => string = (text) => text,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Subscribes; the returned function unsubscribes. */
  on(listener: FinalFailureListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The runtime's side: every finished job's report; only final failures reach the listeners. */
  observe(report: JobReport): void {
    if (!isFinalFailure(report) || this.listeners.size === 0) return;
    const failure: FinalFailure = { ...report, description: this.redactText(report.description), failedAt: this.now().toISOString() };
    for (const listener of this.listeners) {
      try {
        listener(failure);
      } catch {
        // A listener's own failure must not touch the job that is already recorded.
      }
    }
  }
}

/** Failed and not offered again by AYON (job-runner.ts sets such a job's retries past maxRetries). */
export function isFinalFailure(report: JobReport): boolean {
  return report.status === "failed" && !report.retryable;
}
