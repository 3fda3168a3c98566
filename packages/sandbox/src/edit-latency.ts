/**
 * The latency of live edits, as the bounded sandbox reports it. An edit writes a range of ShotGrid event log
 * entries; it counts as applied when the first job that changed AYON for one of them finishes, and its
 * latency is the time from the edit to that moment. The job is known by the EventLogEntry id its description
 * names (update-from-shotgrid's "EventLogEntry 4405 (Shotgun_Task_Retirement): ..."). Edits whose events
 * changed nothing AYON keeps stay unapplied.
 */
import type { JobReport } from "@ayon-sg/core";

export interface LatencySummary {
  made: number;
  applied: number;
  failedJobs: number;
  /** Milliseconds, sorted. */
  latencies: number[];
}

interface Edit {
  firstLogId: number;
  lastLogId: number;
  at: number;
  latencyMs: number | null;
}

const LOG_ENTRY = /\bEventLogEntry (\d+)\b/;

export class EditLatency {
  private readonly edits: Edit[] = [];
  private failedJobs = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether an edit has not reached AYON yet. */
  get waiting(): boolean {
    return this.edits.some((e) => e.latencyMs === null);
  }

  /** An edit was just made in ShotGrid; it wrote the event log entries firstLogId..lastLogId. */
  edited(firstLogId: number, lastLogId: number): void {
    this.edits.push({ firstLogId, lastLogId, at: this.now(), latencyMs: null });
  }

  readonly onJob = (report: JobReport): void => {
    if (report.status === "failed" && !report.retryable) this.failedJobs += 1;
    if (report.status !== "finished") return;
    const logId = Number(LOG_ENTRY.exec(report.description)?.[1]);
    const edit = this.edits.find((e) => logId >= e.firstLogId && logId <= e.lastLogId);
    if (edit && edit.latencyMs === null) edit.latencyMs = this.now() - edit.at;
  };

  summary(): LatencySummary {
    const latencies = this.edits.flatMap((e) => (e.latencyMs === null ? [] : [e.latencyMs])).sort((a, b) => a - b);
    return { made: this.edits.length, applied: latencies.length, failedJobs: this.failedJobs, latencies };
  }
}

/** "min 0.80 s, median 1.20 s, max 2.00 s" (or "none"). */
export function describeLatencies(sorted: readonly number[]): string {
  if (sorted.length === 0) return "none";
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `min ${s(sorted[0]!)}, median ${s(sorted[Math.floor((sorted.length - 1) / 2)]!)}, max ${s(sorted[sorted.length - 1]!)}`;
}
