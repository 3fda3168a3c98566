import { DEFAULT_HEARTBEAT_INTERVAL_MS } from "./instances.js";

/** How the runtime consumes AYON's event queue. Defaults are documented in the README's configuration reference. */
export interface QueueConfig {
  /** Worker slots in this process: jobs processed at once (different projects, or unordered topics). */
  concurrency: number;
  /** AYON re-offers a failed job while its retries ≤ maxRetries (so a job runs at most maxRetries + 2 times). */
  maxRetries: number;
  /** Source events older than this many days are ignored by enroll (0 = no limit). */
  ignoreOlderThanDays: number;
  /** How often new source events are looked for when idle. */
  pollIntervalMs: number;
  /** How often every lane is probed anyway (retries, released and reaped jobs) and the project list refreshed. */
  sweepIntervalMs: number;
  /** A pending/in-progress job untouched this long is failed (its worker is presumed dead). */
  stuckJobMs: number;
  /** A job running longer is aborted and failed. */
  jobTimeoutMs: number;
  /** On SIGINT/SIGTERM, running jobs get this long to finish before they are released. */
  shutdownGraceMs: number;
  /** Progress is written to the job event at most this often. */
  progressIntervalMs: number;
  /** While AYON is unreachable, probes back off exponentially up to this interval. */
  outageBackoffMaxMs: number;
  /** A job that keeps meeting an unavailable service (http/failure-class.ts) waits this long, then fails saying so (0 = no limit). */
  outageBudgetMinutes: number;
  /** How often this process writes its instance event (runtime/instances.ts); 0 = no heartbeat. */
  heartbeatIntervalMs: number;
}

export const DEFAULT_QUEUE_CONFIG: QueueConfig = {
  concurrency: 4,
  maxRetries: 2,
  ignoreOlderThanDays: 7,
  pollIntervalMs: 1000,
  sweepIntervalMs: 30_000,
  stuckJobMs: 300_000,
  jobTimeoutMs: 3_600_000,
  shutdownGraceMs: 30_000,
  progressIntervalMs: 1000,
  outageBackoffMaxMs: 30_000,
  outageBudgetMinutes: 30,
  heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
};
