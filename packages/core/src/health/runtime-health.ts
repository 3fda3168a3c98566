/**
 * The runtime's /healthz answer: AYON (the runtime's own queue connection), every remote a client records
 * requests to, and the parts sources and services contribute, each judged against the same thresholds.
 */
import { overallStatus, safePart, type HealthPart, type HealthReport, type HealthThresholds } from "./health.js";
import type { RemoteHealth } from "./reachability.js";

export interface HealthContributor {
  name: string;
  health(thresholds: HealthThresholds): HealthPart;
}

export function runtimeHealth(input: {
  ayonUp: boolean;
  remotes: RemoteHealth;
  contributors: readonly HealthContributor[];
  thresholds: HealthThresholds;
  details: Record<string, unknown>;
}): HealthReport {
  const checks: Record<string, HealthPart> = {};
  for (const [target, reachability] of input.remotes.entries()) checks[target] = reachability.part(input.thresholds);
  // The queue's own view of AYON wins: while it waits out an outage, the runtime does no work.
  checks.ayon = input.ayonUp ? (checks.ayon ?? { status: "ok" }) : { status: "down", details: { ...checks.ayon?.details, reachable: false } };
  for (const contributor of input.contributors) {
    checks[contributor.name] = safePart(() => contributor.health(input.thresholds));
  }
  return {
    status: overallStatus(Object.values(checks)),
    details: {
      ...input.details,
      ayon: input.ayonUp ? "up" : "down",
      thresholds: { degradedLagSeconds: input.thresholds.lagMs / 1000, degradedUnreachableSeconds: input.thresholds.unreachableMs / 1000 },
      checks,
    },
  };
}
