// What the runtime announces as it works (metrics, tests and the testing harness listen).
export interface JobReport {
  jobId: string;
  /** The order group whose job this is (a plugin's id, unless it shares a group); the runtime always sets it. */
  group?: string;
  sourceId: string;
  topic: string;
  project: string | null;
  action: string | null;
  handlers: string[];
  status: "finished" | "skipped" | "failed" | "released";
  retryable: boolean;
  description: string;
  durationMs: number;
  /** How long the source event waited in AYON's queue before this job took it. */
  queueLagMs?: number;
  /** How many jobs went to the handler in the same call (1: alone, see the handler option `batch`). */
  batch?: number;
}

/** A running job's progress, as its handler reports it (already throttled to the job's write interval). */
export interface JobProgress {
  jobId: string;
  topic: string;
  project: string | null;
  action: string | null;
  percent: number;
  message: string;
}

export interface RuntimeEvents {
  "job:progress": (progress: JobProgress) => void;
  "job:done": (report: JobReport) => void;
  "source:error": (info: { source: string; error: unknown }) => void;
  "ayon:unavailable": (info: { error: unknown }) => void;
  "ayon:available": () => void;
}
