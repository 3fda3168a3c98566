/**
 * Request sizes of a full sync, as a plugin config section (`"ayon-sg": {"config": {"<plugin id>": {...}}}`).
 * The defaults suit what a real AYON and ShotGrid site take; a studio behind a slow proxy
 * may want smaller AYON chunks, a busy ShotGrid site fewer batches in flight.
 */
import { z } from "zod";
import { AYON_CHUNK_SIZE, AYON_CONCURRENCY, SHOTGRID_BATCH_CONCURRENCY, SHOTGRID_BATCH_SIZE } from "./apply.js";
import type { FullSyncOptions } from "./full-sync.js";

export const fullSyncTuningSchema = z
  .object({
    /** AYON operations per transaction. */
    ayonChunkSize: z.number().int().min(1).max(10_000).default(AYON_CHUNK_SIZE),
    /** Operations requests in flight at once (only between chunks that do not depend on each other). */
    ayonConcurrency: z.number().int().min(1).max(8).default(AYON_CONCURRENCY),
    /** ShotGrid requests per `_batch` call. */
    shotgridBatchSize: z.number().int().min(1).max(1000).default(SHOTGRID_BATCH_SIZE),
    /** `_batch` calls in flight at once. */
    shotgridConcurrency: z.number().int().min(1).max(16).default(SHOTGRID_BATCH_CONCURRENCY),
  })
  .strict();

export type FullSyncTuning = z.infer<typeof fullSyncTuningSchema>;

/** The tuning as runFullSync options. */
export function tuningOptions(
  tuning: Partial<FullSyncTuning> | undefined,
): Pick<FullSyncOptions, "ayonChunkSize" | "ayonConcurrency" | "shotgridBatchSize" | "shotgridConcurrency"> {
  return {
    ayonChunkSize: tuning?.ayonChunkSize,
    ayonConcurrency: tuning?.ayonConcurrency,
    shotgridBatchSize: tuning?.shotgridBatchSize,
    shotgridConcurrency: tuning?.shotgridConcurrency,
  };
}
