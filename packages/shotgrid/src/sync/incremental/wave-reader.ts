/**
 * The AYON lookups of one wave (batch-waves.ts) in one GraphQL request. The updates of a wave run side by side and
 * each would look its entity up alone (ayon-lookup.ts); instead each takes a seat, hands its first lookup in here,
 * and when every seat has looked up or left, the lookups of a project that can share a request go out as one
 * (lookupAyonTogether), each answered with exactly what its own request would have returned. When that request
 * fails, each lookup is sent again alone, so every update meets its own answer or its own error.
 */
import type { AyonClient } from "@ayon-sg/core";
import { canLookUpTogether, lookupAyon, lookupAyonTogether, togetherKey, type LookupRequest, type LookupResult } from "./ayon-lookup.js";
import { groupBy, WaveGather } from "./wave-gather.js";

/** One update's place in a wave's reads: its first lookup goes with the wave's, then it leaves. */
export interface WaveReadSeat {
  lookup(project: string, request: LookupRequest): Promise<LookupResult>;
  /** No (more) lookup to hand in: the wave no longer waits for this seat. Idempotent. */
  leave(): void;
}

interface Lookup {
  project: string;
  request: LookupRequest;
  resolve: (result: LookupResult) => void;
  reject: (error: unknown) => void;
}

export class WaveReader {
  readonly #gather: WaveGather<Lookup>;
  /** GraphQL lookups sent (together and alone), for tests. */
  requests = 0;

  /** `seats`: how many updates the wave runs; the reader waits for each to look up or leave. */
  constructor(private readonly ayon: AyonClient, seats: number) {
    this.#gather = new WaveGather(seats, (pending) => {
      const alone = pending.filter((l) => !canLookUpTogether(l.request));
      for (const l of alone) this.#alone(l);
      const together = pending.filter((l) => canLookUpTogether(l.request));
      for (const group of groupBy(together, (l) => `${l.project}\n${togetherKey(l.request)}`)) void this.#together(group);
    });
  }

  seat(): WaveReadSeat {
    const seat = this.#gather.seat();
    return {
      lookup: (project, request) =>
        new Promise<LookupResult>((resolve, reject) => {
          const lookup = { project, request, resolve, reject };
          if (!seat.hand(lookup)) this.#alone(lookup);
        }),
      leave: () => seat.leave(),
    };
  }

  async #together(group: Lookup[]): Promise<void> {
    if (group.length === 1) return this.#alone(group[0]!);
    let results: LookupResult[];
    try {
      this.requests += 1;
      results = await lookupAyonTogether(this.ayon, group[0]!.project, group.map((l) => l.request));
    } catch {
      for (const l of group) this.#alone(l);
      return;
    }
    group.forEach((l, i) => l.resolve(results[i]!));
  }

  #alone(l: Lookup): void {
    this.requests += 1;
    lookupAyon(this.ayon, l.project, l.request).then(l.resolve, l.reject);
  }
}
