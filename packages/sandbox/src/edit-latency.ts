/**
 * The latency of live edits, as the bounded sandbox reports it: an edit counts as applied when a job that
 * changed AYON finishes after it and before the next edit; its latency is the time between the two. Edits
 * whose events changed nothing AYON keeps, or arrived after the next edit, count as not seen.
 */
import type { JobReport } from "@ayon-sg/core";

export interface LatencySummary {
  made: number;
  applied: number;
  failedJobs: number;
  /** Milliseconds, sorted. */
  latencies: number[];
}

export class EditLatency {
  private pendingSince: number | null = null;
  private made = 0;
  private failedJobs = 0;
  private readonly latencies: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** An edit was just made in ShotGrid. */
  edited(): void {
    this.made += 1;
    this.pendingSince = this.now();
  }

  readonly onJob = (report: JobReport): void => {
    if (report.status === "failed" && !report.retryable) this.failedJobs += 1;
    if (report.status !== "finished" || this.pendingSince === null) return;
    this.latencies.push(this.now() - this.pendingSince);
    this.pendingSince = null;
  };

  summary(): LatencySummary {
    return { made: this.made, applied: this.latencies.length, failedJobs: this.failedJobs, latencies: [...this.latencies].sort((a, b) => a - b) };
  }
}

/** "min 0.8 s, median 1.2 s, max 2.0 s" (or "none"). */
export function describeLatencies(sorted: readonly number[]): string {
  if (sorted.length === 0) return "none";
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `min ${s(sorted[0]!)}, median ${s(sorted[Math.floor((sorted.length - 1) / 2)]!)}, max ${s(sorted[sorted.length - 1]!)}`;
}
