/**
 * The plugin's own config (`"ayon-sg": {"config": {"sync-from-shotgrid": {...}}}`): the full sync's tuning and the
 * reconcile scheduler's knobs. The addon settings (`sync_settings.reconcile_time`) drive a deployment's schedule.
 */
import { z } from "zod";
import { fullSyncTuningSchema } from "@ayon-sg/shotgrid";

export const reconcileConfigSchema = z
  .object({
    /** Whether this process asks for scheduled reconciles (any number may: each slot is asked for once). */
    enabled: z.boolean().default(true),
    /** How often the scheduler looks whether a slot is due (and re-reads the linked projects and their settings). */
    checkSeconds: z.number().positive().max(3600).default(60),
    /** A short schedule instead of the daily time (tests, operators): a slot every this many seconds. */
    everySeconds: z.number().positive().max(7 * 24 * 3600).optional(),
  })
  .strict();

export const syncPluginConfigSchema = fullSyncTuningSchema.extend({ reconcile: reconcileConfigSchema.prefault({}) }).strict();

export type ReconcileConfig = z.infer<typeof reconcileConfigSchema>;
export type SyncPluginConfig = z.infer<typeof syncPluginConfigSchema>;
