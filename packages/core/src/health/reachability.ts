/**
 * Whether a remote answers, from the requests a client sends it anyway (no probe of its own): a request with
 * no answer (status 0) or a 5xx is a failure, anything else an answer (a 429 too: the server is there).
 * Unreachable since the first failure with no answer after it; degraded once that lasts past the threshold.
 */
import type { HealthPart, HealthThresholds } from "./health.js";

export class Reachability {
  #lastAnswerAt: number | null = null;
  #failingSince: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  record(status: number): void {
    if (status === 0 || status >= 500) {
      this.#failingSince ??= this.now();
    } else {
      this.#lastAnswerAt = this.now();
      this.#failingSince = null;
    }
  }

  part(thresholds: HealthThresholds): HealthPart {
    const now = this.now();
    const lastAnswer = this.#lastAnswerAt === null ? null : new Date(this.#lastAnswerAt).toISOString();
    if (this.#failingSince === null) return { status: "ok", details: { reachable: true, lastAnswerAt: lastAnswer } };
    const failingMs = now - this.#failingSince;
    return {
      status: failingMs > thresholds.unreachableMs ? "degraded" : "ok",
      details: { reachable: false, unreachableSeconds: Math.round(failingMs / 1000), lastAnswerAt: lastAnswer },
    };
  }
}

/** One Reachability per remote target ("ayon", "shotgrid", ...), as the clients' recorders name them. */
export class RemoteHealth {
  readonly #targets = new Map<string, Reachability>();

  of(target: string): Reachability {
    let reachability = this.#targets.get(target);
    if (!reachability) this.#targets.set(target, (reachability = new Reachability()));
    return reachability;
  }

  entries(): IterableIterator<[string, Reachability]> {
    return this.#targets.entries();
  }
}
