import type { JobReport } from "./runtime-events.js";

/** What JobFailures reads of a failed job: its `retries` (GET /api/events/{id}). */
export interface JobRetriesReader {
  getEvent(id: string): Promise<{ retries: number }>;
}

/** A job that failed for good, as plugins observe it: its description already cleared of known secrets. */
export type FinalFailure = Readonly<JobReport> & { readonly failedAt: string };

export type FinalFailureListener = (failure: FinalFailure) => void;

/**
 * The "a job failed for good" hook: plugins (a notifier) inject this and subscribe; the runtime feeds it every
 * `job:done`. Only a final failure passes: a failed job AYON will not offer again — one failed for good, or a
 * retryable one whose retries are spent (ayon-backend ayon_server/events/enroll.py leaves out a failed job with
 * `retries > maxRetries`; that takes one read of the job, only while someone listens). A failure AYON offers again
 * and an outage hand-back (`released`) never pass.
 * Core knows nothing of what the listeners do with it; a listener that throws is ignored.
 */
export class JobFailures {
  private readonly listeners = new Set<FinalFailureListener>();
  private readonly reads = new Set<Promise<void>>();

  constructor(
    /** Reads a retryable failure's job to tell whether its retries are spent; without it, such failures never pass. */
    private readonly jobs: { reader: JobRetriesReader; maxRetries: number } | null = null,
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
    if (report.status !== "failed" || this.listeners.size === 0) return;
    if (isFinalFailure(report)) return this.publish(report);
    // A retryable failure is final once AYON will not offer it again.
    if (!this.jobs) return;
    const { reader, maxRetries } = this.jobs;
    const read: Promise<void> = reader.getEvent(report.jobId).then(
      (job) => (job.retries > maxRetries ? this.publish(report) : undefined),
      () => undefined,
    ).finally(() => this.reads.delete(read));
    this.reads.add(read);
  }

  /** Resolves once every failure observed so far has reached the listeners (a listener's stop awaits it). */
  async settled(): Promise<void> {
    while (this.reads.size > 0) await Promise.all([...this.reads]);
  }

  private publish(report: JobReport): void {
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
