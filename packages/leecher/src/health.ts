/**
 * Outage handling: a capped, jittered backoff between failed polls, and one log line per change of state of
 * each server ("ShotGrid unreachable …; retrying", "ShotGrid reachable again after 31 s") instead of one per
 * failed request.
 */
import type { Logger } from "@ayon-sg/core";

export type ServiceName = "ShotGrid" | "AYON";

/** A failure of one of the two servers, as the poll loop sees it. */
export class ServiceFailure extends Error {
  override readonly name = "ServiceFailure";
  constructor(
    readonly service: ServiceName,
    override readonly cause: unknown,
  ) {
    super(`${service}: ${describe(cause)}`);
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Tracks whether one server answers; logs only the transitions. */
export class ServiceHealth {
  #downSince: number | null = null;

  constructor(
    readonly service: ServiceName,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get isDown(): boolean {
    return this.#downSince !== null;
  }

  /** How long the server has been failing, null while it answers. */
  downForMs(): number | null {
    return this.#downSince === null ? null : this.now() - this.#downSince;
  }

  failed(error: unknown): void {
    if (this.#downSince !== null) return;
    this.#downSince = this.now();
    this.logger.warn(`${this.service} unreachable or refusing requests (${describe(error)}); retrying with backoff`);
  }

  succeeded(): void {
    if (this.#downSince === null) return;
    const seconds = Math.round((this.now() - this.#downSince) / 1000);
    this.#downSince = null;
    this.logger.info(`${this.service} reachable again after ${seconds} s; resuming where the leecher left off`);
  }

  /** Runs one call to this server, recording its outcome; failures come out as ServiceFailure. */
  async call<T>(fn: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await fn();
    } catch (error) {
      throw new ServiceFailure(this.service, error);
    }
    this.succeeded();
    return result;
  }
}

/** Exponential backoff, capped, with the wait jittered into [50 %, 100 %] so restarted fleets spread out. */
export class Backoff {
  #failures = 0;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  get failures(): number {
    return this.#failures;
  }

  /** The wait after one more consecutive failure. */
  next(): number {
    this.#failures += 1;
    const exp = this.initialMs * 2 ** Math.min(this.#failures - 1, 30);
    return Math.round(Math.min(this.maxMs, exp) * (0.5 + this.random() / 2));
  }

  reset(): void {
    this.#failures = 0;
  }
}
