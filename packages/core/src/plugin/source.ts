import "reflect-metadata";
import { injectable } from "tsyringe";
import type { HealthPart, HealthThresholds } from "../health/health.js";
import type { Logger } from "../logging/logger.js";
import { declareDeps, type InstancesOf, type Token } from "./injection.js";
import { SOURCE_METADATA } from "./metadata.js";

export interface SourceContext {
  readonly logger: Logger;
  /** Aborted when the runtime stops. */
  readonly signal: AbortSignal;
}

/** A long-running producer of events (the ShotGrid leecher is one). The runtime owns its lifecycle. */
export interface EventSource {
  start(ctx: SourceContext): Promise<void> | void;
  /** Resolve once the source has stopped producing; the runtime waits for it on shutdown. */
  stop(): Promise<void> | void;
  /**
   * Optional: this source's part of /healthz, under its name (e.g. how far behind its remote it is). Called
   * on every /healthz request, so it only reads state; "degraded" past `thresholds`, "down" only when the
   * whole process should be taken out of service.
   */
  health?(thresholds: HealthThresholds): HealthPart;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor parameters are whatever DI provides
export type SourceClass = new (...args: any[]) => EventSource;

export interface SourceMetadata {
  name: string;
  description: string | null;
}

export interface SourceOptions<D extends readonly Token[] = readonly Token[]> {
  name: string;
  description?: string;
  /** The classes the constructor receives, in order; see `HandlerOptions.deps` (the recommended form). */
  deps?: D;
}

/**
 * Marks a class as an event source. Metadata only; the runtime creates and starts it, after checking every
 * constructor parameter can be provided.
 */
export function Source<const D extends readonly Token[] = readonly Token[]>(options: SourceOptions<D>) {
  return function <T extends new (...args: InstancesOf<D>) => EventSource>(target: T): T {
    if (options.deps) declareDeps(target, options.deps, "@Source");
    injectable()(target as never);
    Reflect.defineMetadata(SOURCE_METADATA, { name: options.name, description: options.description ?? null }, target);
    return target;
  };
}

export function sourceMetadata(target: unknown): SourceMetadata | undefined {
  if (typeof target !== "function") return undefined;
  return Reflect.getMetadata(SOURCE_METADATA, target) as SourceMetadata | undefined;
}
