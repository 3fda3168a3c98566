/**
 * The leecher's own plugin config (`"ayon-sg": {"config": {"shotgrid-leecher": {...}}}` in the studio's
 * package.json). Everything is optional: the addon settings drive a deployment, these knobs exist for tests,
 * benchmarks and unusual sites.
 */
import { z } from "zod";

export const leecherConfigSchema = z
  .object({
    /** Overrides `service_settings.polling_frequency`; fractions allowed (tests, benchmarks). */
    pollIntervalSeconds: z.number().positive().max(3600).optional(),
    /** Overrides `sync_settings.leecher_settle_seconds`: how long an id gap may stay open. */
    settleSeconds: z.number().min(0).max(3600).optional(),
    /** EventLogEntry ids examined per poll. With the re-checked gaps it must fit one 5000-row page. */
    batchSize: z.number().int().min(10).max(2500).default(1000),
    /** Projects dispatched at the same time (events of one project always go one after the other). */
    dispatchConcurrency: z.number().int().min(1).max(64).default(8),
    /** Ids below the saved cursor re-read after a restart; AYON's hash check drops what was already stored. */
    restartSafetyIds: z.number().int().min(0).max(5000).default(1000),
    /** The cursor is written to AYON at most this often (and always on stop and after a full-sync request). */
    cursorWriteSeconds: z.number().positive().max(600).default(5),
    /** Longest wait between two attempts while ShotGrid or AYON is down. */
    maxBackoffSeconds: z.number().positive().max(600).default(30),
    /** First wait after a failed poll; it doubles up to maxBackoffSeconds. */
    initialBackoffSeconds: z.number().positive().max(60).default(1),
    /**
     * Leech back-reference rows too (`Sequence.shots` when a Shot's `sg_sequence` is set), for a studio handler that
     * wants them; the sync's own handlers skip them, so by default only those of a mapped field are leeched.
     */
    backReferences: z.boolean().default(false),
  })
  .strict();

export type LeecherConfig = z.infer<typeof leecherConfigSchema>;

/** The parsed config with defaults; throws a readable error listing every bad key. */
export function parseLeecherConfig(raw: unknown): LeecherConfig {
  const parsed = leecherConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.map(String).join(".") || "(config)"}: ${i.message}`);
  throw new Error(`invalid shotgrid-leecher config: ${problems.join("; ")}`);
}
