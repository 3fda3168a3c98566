/**
 * The health-contribution API behind /healthz. Core knows no plugin by name: a source (`EventSource.health`),
 * a shared service (`ServiceProvider.health`) and every remote a client records requests to
 * (`ServiceContext.recordRequests`) each report one part, `{ status, details }`, judged against the same
 * thresholds. The runtime combines them: any part "down" makes the whole "unavailable" (HTTP 503), any
 * "degraded" makes it "degraded" (HTTP 200 unless asked with `?strict`, see ops-server.ts).
 */
export type HealthStatus = "ok" | "degraded" | "down";

export interface HealthPart {
  status: HealthStatus;
  details?: Record<string, unknown>;
}

/** When a part stops being "ok" (studio config `degradedLagSeconds`, `degradedUnreachableSeconds`). */
export interface HealthThresholds {
  /** A source further behind its remote than this is degraded (default 2 minutes). */
  lagMs: number;
  /** A remote that has not answered for this long is degraded (default 1 minute). */
  unreachableMs: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { lagMs: 120_000, unreachableMs: 60_000 };

export interface HealthReport {
  status: "ok" | "degraded" | "unavailable";
  details: Record<string, unknown>;
}

/** The overall status of a set of parts. */
export function overallStatus(parts: Iterable<HealthPart>): HealthReport["status"] {
  let status: HealthReport["status"] = "ok";
  for (const part of parts) {
    if (part.status === "down") return "unavailable";
    if (part.status === "degraded") status = "degraded";
  }
  return status;
}

/** A part that could not be computed is reported, not thrown: /healthz must answer. */
export function safePart(compute: () => HealthPart): HealthPart {
  try {
    return compute();
  } catch (error) {
    return { status: "degraded", details: { error: error instanceof Error ? error.message : String(error) } };
  }
}
