import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { HealthThresholds } from "../health/health.js";
import type { QueueConfig } from "../runtime/queue-config.js";
import { UserError } from "./user-error.js";

/**
 * The `"ayon-sg"` section of the studio directory's package.json: which plugins run and how the queue is
 * consumed. Unknown keys are refused so a typo does not silently fall back to a default.
 */
export const studioConfigSchema = z
  .object({
    /** Explicit plugin packages to load; when absent, every dependency carrying an "ayon-sg" marker is loaded. */
    plugins: z.array(z.string().min(1)).optional(),
    /** Only these packages or plugin ids (applies to the discovered or explicit list). */
    include: z.array(z.string().min(1)).optional(),
    /** Never these packages or plugin ids. */
    exclude: z.array(z.string().min(1)).optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    /** Gone: each plugin's order group declares its job topic (plugin/order-group.ts). */
    jobTopic: z.never({ error: "is no longer a runtime setting: each plugin (or order group) declares its own job topic" }).optional(),
    maxRetries: z.number().int().min(0).max(100).optional(),
    ignoreOlderThanDays: z.number().int().min(0).optional(),
    pollIntervalMs: z.number().int().min(50).optional(),
    sweepIntervalSeconds: z.number().min(1).optional(),
    stuckJobSeconds: z.number().min(1).optional(),
    jobTimeoutSeconds: z.number().min(1).optional(),
    shutdownGraceSeconds: z.number().min(0).optional(),
    /** How long a job waits out unavailable services before it fails (default 30; 0 = no limit). */
    outageBudgetMinutes: z.number().min(0).optional(),
    /** How often each runtime process writes its instance event, shown on the addon page (default 10; 0 = off). */
    heartbeatSeconds: z.number().min(0).optional(),
    /** Port of /healthz and /metrics (0 = a random port; absent = off unless AYON_SG_METRICS_PORT is set). */
    metricsPort: z.number().int().min(0).max(65535).optional(),
    /** /healthz says "degraded" when a source (the leecher) is further behind than this (default 120). */
    degradedLagSeconds: z.number().positive().optional(),
    /** /healthz says "degraded" when a remote (ShotGrid, AYON) has not answered for this long (default 60). */
    degradedUnreachableSeconds: z.number().positive().optional(),
    /** Per-plugin configuration, keyed by plugin id; each plugin validates its own section. */
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type StudioConfig = z.infer<typeof studioConfigSchema>;

export interface StudioManifest {
  dir: string;
  name: string | null;
  dependencies: string[];
  config: StudioConfig;
}

/** Reads `<studioDir>/package.json`; a clear UserError when it is missing or its "ayon-sg" section is invalid. */
export function readStudioManifest(studioDir: string): StudioManifest {
  const path = join(studioDir, "package.json");
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "it does not exist" : `it is not valid JSON (${(error as Error).message})`;
    throw new UserError(`cannot read the studio manifest ${path}: ${reason}. The studio directory's package.json lists the plugins to run as dependencies.`);
  }
  const parsed = studioConfigSchema.safeParse(json["ayon-sg"] ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${["ayon-sg", ...i.path.map(String)].join(".")}: ${i.message}`).join("; ");
    throw new UserError(`invalid "ayon-sg" section in ${path}: ${problems}.`);
  }
  const deps = { ...(json.dependencies as Record<string, string> | undefined), ...(json.optionalDependencies as Record<string, string> | undefined) };
  return { dir: studioDir, name: typeof json.name === "string" ? json.name : null, dependencies: Object.keys(deps), config: parsed.data };
}

/** The queue settings the studio config overrides (seconds → milliseconds). */
export function queueOverrides(config: StudioConfig): Partial<QueueConfig> {
  const out: Partial<QueueConfig> = {};
  if (config.concurrency !== undefined) out.concurrency = config.concurrency;
  if (config.maxRetries !== undefined) out.maxRetries = config.maxRetries;
  if (config.ignoreOlderThanDays !== undefined) out.ignoreOlderThanDays = config.ignoreOlderThanDays;
  if (config.pollIntervalMs !== undefined) out.pollIntervalMs = config.pollIntervalMs;
  if (config.sweepIntervalSeconds !== undefined) out.sweepIntervalMs = config.sweepIntervalSeconds * 1000;
  if (config.stuckJobSeconds !== undefined) out.stuckJobMs = config.stuckJobSeconds * 1000;
  if (config.jobTimeoutSeconds !== undefined) out.jobTimeoutMs = config.jobTimeoutSeconds * 1000;
  if (config.shutdownGraceSeconds !== undefined) out.shutdownGraceMs = config.shutdownGraceSeconds * 1000;
  if (config.outageBudgetMinutes !== undefined) out.outageBudgetMinutes = config.outageBudgetMinutes;
  if (config.heartbeatSeconds !== undefined) out.heartbeatIntervalMs = config.heartbeatSeconds * 1000;
  return out;
}

/** The /healthz thresholds the studio config sets (seconds → milliseconds). */
export function healthThresholds(config: StudioConfig): Partial<HealthThresholds> {
  const out: Partial<HealthThresholds> = {};
  if (config.degradedLagSeconds !== undefined) out.lagMs = config.degradedLagSeconds * 1000;
  if (config.degradedUnreachableSeconds !== undefined) out.unreachableMs = config.degradedUnreachableSeconds * 1000;
  return out;
}
