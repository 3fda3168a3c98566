import type { AyonClient } from "../ayon/client.js";
import type { HealthPart, HealthThresholds } from "../health/health.js";
import type { Logger } from "../logging/logger.js";
import type { Metrics } from "../metrics/registry.js";
import type { RequestInfo } from "../metrics/runtime-metrics.js";
import type { AddonSettings, Secrets } from "../runtime/tokens.js";

/** A class used as an injection token: handlers ask for it by constructor type. */
export type ServiceToken<T> = abstract new (...args: never[]) => T;

export interface ServiceContext {
  readonly logger: Logger;
  readonly ayon: AyonClient;
  readonly settings: AddonSettings;
  readonly secrets: Secrets;
  readonly metrics: Metrics;
  /**
   * A client `onRequest` hook that counts and times requests to `target` (e.g. "shotgrid") on /metrics, and
   * reports `target` on /healthz as unreachable once its requests have gone unanswered past the threshold.
   */
  recordRequests(target: string): (info: RequestInfo) => void;
  /** Registers a secret value so no log line can carry it. */
  redact(secret: string): void;
  /** The most bytes one answer may have, for a service's own client (the runtime's AYON client's cap). */
  readonly maxReplyBytes: number;
}

/**
 * A shared service a plugin contributes (the ShotGrid client is one). Created once per runtime, whatever the
 * number of plugins listing it, then injectable by its token.
 */
export interface ServiceProvider<T = unknown> {
  readonly token: ServiceToken<T>;
  /** Short name for `check` and error messages, e.g. "ShotGrid". */
  readonly name: string;
  create(ctx: ServiceContext): Promise<T> | T;
  /** Used by `ayon-sg-runtime check`: resolves with one line describing what works, throws a clear error. */
  check?(instance: T, ctx: ServiceContext): Promise<string>;
  dispose?(instance: T): Promise<void> | void;
  /** Optional: this service's part of /healthz, under its name (see `EventSource.health`). */
  health?(instance: T, thresholds: HealthThresholds): HealthPart;
}

export function defineService<T>(provider: ServiceProvider<T>): ServiceProvider<T> {
  return provider;
}
